// config.json parsing: the T5 variants transformers knows, and clear refusals.
#include <QtTest>

#include "l2s/error.h"
#include "engine/models/t5_config.h"

using namespace l2s;

namespace {

T5Config parse(const std::string& json) { return T5Config::from_json_text(json, "config.json"); }

QString refusal(const std::string& json) {
  try {
    parse(json);
  } catch (const l2s::Error& e) {
    return QString::fromUtf8(e.what());
  }
  return {};
}

}  // namespace

class TestT5Config : public QObject {
  Q_OBJECT

 private slots:
  void v1_0ReluTied() {
    const T5Config c = parse(R"({"model_type": "t5", "d_model": 64, "d_kv": 16, "num_heads": 4, "d_ff": 128,
                                 "num_layers": 2, "vocab_size": 128, "feed_forward_proj": "relu"})");
    QCOMPARE(c.activation, Activation::Relu);
    QVERIFY(!c.gated_ffn);
    QVERIFY(c.tie_word_embeddings);        // missing means true, as in transformers
    QCOMPARE(c.num_decoder_layers, int64_t{2});  // defaults to num_layers
    QCOMPARE(c.decoder_start_token_id, int64_t{0});
  }

  void v1_1GatedGeluUntied() {
    const T5Config c = parse(R"({"model_type": "t5", "d_model": 64, "d_kv": 32, "num_heads": 4, "d_ff": 128,
                                 "num_layers": 3, "num_decoder_layers": 1, "vocab_size": 128,
                                 "feed_forward_proj": "gated-gelu", "tie_word_embeddings": false})");
    QCOMPARE(c.activation, Activation::GeluTanh);  // "gated-gelu" means the tanh approximation
    QVERIFY(c.gated_ffn);
    QVERIFY(!c.tie_word_embeddings);
    QCOMPARE(c.inner_dim(), int64_t{128});  // num_heads x d_kv, not d_model
    QCOMPARE(c.num_decoder_layers, int64_t{1});
  }

  void activationNamesFollowTransformers() {
    const T5Config c = parse(R"({"model_type": "t5", "feed_forward_proj": "gated-silu"})");
    QCOMPARE(c.activation, Activation::Silu);
    QVERIFY(c.gated_ffn);
    QCOMPARE(parse(R"({"model_type": "t5", "feed_forward_proj": "gelu"})").activation, Activation::Gelu);
  }

  void writtenConfigReadsBackTheSame() {
    T5Config c = parse(R"({"model_type": "t5", "d_model": 48, "d_kv": 8, "num_heads": 6, "d_ff": 96,
                           "num_layers": 2, "num_decoder_layers": 1, "vocab_size": 300,
                           "feed_forward_proj": "gated-gelu", "tie_word_embeddings": false})");
    const T5Config back = parse(c.to_json_text());
    QCOMPARE(back.to_json_text(), c.to_json_text());
    QCOMPARE(back.num_heads, int64_t{6});
    QVERIFY(back.gated_ffn && !back.tie_word_embeddings);
  }

  void badConfigsAreRefusedWithTheReason_data() {
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("phrase");
    QTest::newRow("not json") << "{ nope" << "not valid JSON";
    QTest::newRow("array") << "[1]" << "JSON object";
    QTest::newRow("no model_type") << "{}" << "no \"model_type\"";
    QTest::newRow("bert") << R"({"model_type": "bert"})" << "unsupported model_type \"bert\"";
    QTest::newRow("decoder only") << R"({"model_type": "t5", "is_encoder_decoder": false})" << "is_encoder_decoder";
    QTest::newRow("zero heads") << R"({"model_type": "t5", "num_heads": 0})" << "num_heads";
    QTest::newRow("string width") << R"({"model_type": "t5", "d_model": "512"})" << "\"d_model\" must be an integer";
    QTest::newRow("activation") << R"({"model_type": "t5", "feed_forward_proj": "gated-mish"})"
                                << "unsupported activation \"mish\"";
    QTest::newRow("shape of proj") << R"({"model_type": "t5", "feed_forward_proj": "gated-"})" << "ACT or gated-ACT";
    QTest::newRow("eos outside vocab") << R"({"model_type": "t5", "vocab_size": 10, "eos_token_id": 10})"
                                       << "eos_token_id";
    QTest::newRow("tie not bool") << R"({"model_type": "t5", "tie_word_embeddings": 1})" << "true or false";
    QTest::newRow("buckets vs distance")
        << R"({"model_type": "t5", "relative_attention_num_buckets": 64, "relative_attention_max_distance": 16})"
        << "relative_attention_max_distance";
  }

  void badConfigsAreRefusedWithTheReason() {
    QFETCH(QString, json);
    QFETCH(QString, phrase);
    const QString message = refusal(json.toStdString());
    QVERIFY2(message.startsWith("config.json: "), qPrintable(message));
    QVERIFY2(message.contains(phrase), qPrintable(message));
  }
};

QTEST_APPLESS_MAIN(TestT5Config)
#include "test_t5_config.moc"

// Llama config.json parsing: the shapes transformers' LlamaConfig accepts, its
// defaults, the written config read back, and clear refusals.
#include <QtTest>
#include <nlohmann/json.hpp>

#include "engine/models/llama_config.h"
#include "error_checks.h"

using namespace l2s;

namespace {

LlamaConfig parse(const std::string& json) { return LlamaConfig::from_json_text(json, "config.json"); }


}  // namespace

class TestLlamaConfig : public QObject {
  Q_OBJECT

 private slots:
  // The conformance model's config.json as transformers v4.36.2 wrote it.
  void llama2StyleMultiHead() {
    const LlamaConfig c = parse(R"({"architectures": ["LlamaForCausalLM"], "attention_bias": false,
        "attention_dropout": 0.0, "bos_token_id": 1, "eos_token_id": 2, "hidden_act": "silu", "hidden_size": 64,
        "initializer_range": 0.3, "intermediate_size": 128, "max_position_embeddings": 256, "model_type": "llama",
        "num_attention_heads": 4, "num_hidden_layers": 2, "num_key_value_heads": 4, "pad_token_id": 0,
        "pretraining_tp": 1, "rms_norm_eps": 1e-06, "rope_scaling": null, "rope_theta": 10000.0,
        "tie_word_embeddings": false, "torch_dtype": "float32", "transformers_version": "4.36.2",
        "use_cache": true, "vocab_size": 128})");
    QCOMPARE(c.head_dim, int64_t{16});  // hidden_size / num_attention_heads
    QCOMPARE(c.kv_groups(), int64_t{1});
    QCOMPARE(c.query_dim(), int64_t{64});
    QCOMPARE(c.key_value_dim(), int64_t{64});
    QCOMPARE(c.rope_linear_factor, 1.0);
    QCOMPARE(c.initializer_range, 0.3);
    QCOMPARE(c.max_position_embeddings, int64_t{256});
    QCOMPARE(c.eos_token_ids, std::vector<int64_t>{2});
    QCOMPARE(c.pad_token_id.value_or(-1), int64_t{0});
    QVERIFY(!c.tie_word_embeddings);
  }

  // Llama 3.2 style: grouped-query attention, tied head, head_dim given, a
  // list of EOS ids, no pad token, a large rope_theta.
  void llama3StyleGroupedQuery() {
    const LlamaConfig c = parse(R"({"model_type": "llama", "hidden_size": 2048, "num_attention_heads": 32,
        "num_key_value_heads": 8, "head_dim": 64, "intermediate_size": 8192, "num_hidden_layers": 16,
        "vocab_size": 128256, "rope_theta": 500000.0, "tie_word_embeddings": true, "bos_token_id": 128000,
        "eos_token_id": [128001, 128008, 128009], "rms_norm_eps": 1e-05, "max_position_embeddings": 131072})");
    QCOMPARE(c.kv_groups(), int64_t{4});
    QCOMPARE(c.key_value_dim(), int64_t{512});
    QCOMPARE(c.rope_theta, 500000.0);
    QVERIFY(c.tie_word_embeddings);
    QVERIFY(!c.pad_token_id.has_value());
    QCOMPARE(c.eos_token_ids, (std::vector<int64_t>{128001, 128008, 128009}));
    QVERIFY(c.is_eos(128009) && !c.is_eos(128000));
  }

  void multiQueryAndExplicitHeadDim() {
    const LlamaConfig c = parse(R"({"model_type": "llama", "hidden_size": 48, "num_attention_heads": 4,
        "num_key_value_heads": 1, "head_dim": 20, "intermediate_size": 96, "num_hidden_layers": 1,
        "vocab_size": 50})");
    QCOMPARE(c.head_dim, int64_t{20});  // not 48 / 4
    QCOMPARE(c.query_dim(), int64_t{80});
    QCOMPARE(c.key_value_dim(), int64_t{20});
    QCOMPARE(c.kv_groups(), int64_t{4});
  }

  // transformers' LlamaConfig defaults for every missing key.
  void missingKeysTakeTransformersDefaults() {
    const LlamaConfig c = parse(R"({"model_type": "llama"})");
    QCOMPARE(c.vocab_size, int64_t{32000});
    QCOMPARE(c.hidden_size, int64_t{4096});
    QCOMPARE(c.intermediate_size, int64_t{11008});
    QCOMPARE(c.num_hidden_layers, int64_t{32});
    QCOMPARE(c.num_key_value_heads, int64_t{32});  // = num_attention_heads
    QCOMPARE(c.head_dim, int64_t{128});
    QCOMPARE(c.rope_theta, 10000.0);
    QCOMPARE(c.rms_norm_eps, 1e-6);
    QVERIFY(!c.tie_word_embeddings);  // false, unlike T5
    QCOMPARE(c.bos_token_id.value_or(-1), int64_t{1});
    QCOMPARE(c.eos_token_ids, std::vector<int64_t>{2});
    QVERIFY(!c.pad_token_id.has_value());
    // Null means the default too, and null token ids mean none.
    const LlamaConfig n = parse(R"({"model_type": "llama", "num_key_value_heads": null, "head_dim": null,
                                    "bos_token_id": null, "eos_token_id": null})");
    QCOMPARE(n.num_key_value_heads, int64_t{32});
    QCOMPARE(n.head_dim, int64_t{128});
    QVERIFY(!n.bos_token_id.has_value());
    QVERIFY(n.eos_token_ids.empty());
  }

  // Both spellings of linear RoPE scaling (v4.36 "type", newer "rope_type").
  void linearRopeScaling() {
    QCOMPARE(parse(R"({"model_type": "llama", "rope_scaling": {"type": "linear", "factor": 2.0}})").rope_linear_factor,
             2.0);
    QCOMPARE(parse(R"({"model_type": "llama", "rope_scaling": {"rope_type": "linear", "factor": 4}})")
                 .rope_linear_factor,
             4.0);
  }

  void writtenConfigReadsBackTheSame_data() {
    QTest::addColumn<QString>("json");
    QTest::newRow("mha untied") << R"({"model_type": "llama", "hidden_size": 64, "num_attention_heads": 4,
        "intermediate_size": 128, "num_hidden_layers": 2, "vocab_size": 128, "pad_token_id": 0,
        "initializer_range": 0.3, "max_position_embeddings": 256})";
    QTest::newRow("gqa tied, eos list, no pad, scaled rope")
        << R"({"model_type": "llama", "hidden_size": 96, "num_attention_heads": 6, "num_key_value_heads": 2,
        "head_dim": 32, "intermediate_size": 200, "num_hidden_layers": 3, "vocab_size": 300,
        "tie_word_embeddings": true, "eos_token_id": [2, 7], "bos_token_id": null,
        "rope_scaling": {"rope_type": "linear", "factor": 2.5}, "rope_theta": 500000.0, "rms_norm_eps": 1e-5,
        "attention_dropout": 0.1})";
  }

  void writtenConfigReadsBackTheSame() {
    QFETCH(QString, json);
    const LlamaConfig c = parse(json.toStdString());
    const std::string text = c.to_json_text();
    const LlamaConfig back = parse(text);
    QCOMPARE(back.to_json_text(), text);
    QCOMPARE(back.num_key_value_heads, c.num_key_value_heads);
    QCOMPARE(back.head_dim, c.head_dim);
    QCOMPARE(back.eos_token_ids, c.eos_token_ids);
    QCOMPARE(back.pad_token_id, c.pad_token_id);
    QCOMPARE(back.bos_token_id, c.bos_token_id);
    QCOMPARE(back.rope_linear_factor, c.rope_linear_factor);
    QCOMPARE(back.tie_word_embeddings, c.tie_word_embeddings);
    // What transformers needs to rebuild the same LlamaForCausalLM.
    const auto written = nlohmann::json::parse(text);
    QCOMPARE(written["architectures"][0].get<std::string>(), std::string("LlamaForCausalLM"));
    QCOMPARE(written["model_type"].get<std::string>(), std::string("llama"));
    QCOMPARE(written["hidden_act"].get<std::string>(), std::string("silu"));
    QVERIFY(written["attention_bias"] == false && written["mlp_bias"] == false);
    for (const char* key : {"vocab_size", "hidden_size", "intermediate_size", "num_hidden_layers",
                            "num_attention_heads", "num_key_value_heads", "head_dim", "max_position_embeddings",
                            "rms_norm_eps", "rope_theta", "rope_scaling", "tie_word_embeddings", "initializer_range",
                            "bos_token_id", "eos_token_id", "pad_token_id", "attention_dropout"})
      QVERIFY2(written.contains(key), key);
    if (c.rope_linear_factor != 1.0) {
      // v4.36 accepts exactly {"type", "factor"} with a float factor.
      QCOMPARE(written["rope_scaling"].size(), std::size_t{2});
      QCOMPARE(written["rope_scaling"]["type"].get<std::string>(), std::string("linear"));
      QVERIFY(written["rope_scaling"]["factor"].is_number_float());
    } else {
      QVERIFY(written["rope_scaling"].is_null());
    }
  }

  void badConfigsAreRefusedWithTheReason_data() {
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("phrase");
    QTest::newRow("not json") << "{ nope" << "not valid JSON";
    QTest::newRow("array") << "[1]" << "JSON object";
    QTest::newRow("no model_type") << "{}" << "no \"model_type\"";
    QTest::newRow("t5") << R"({"model_type": "t5"})" << "model_type \"t5\" is not a Llama model";
    QTest::newRow("string width") << R"({"model_type": "llama", "hidden_size": "64"})"
                                  << "\"hidden_size\" must be an integer";
    QTest::newRow("zero heads") << R"({"model_type": "llama", "num_attention_heads": 0})" << "\"num_attention_heads\"";
    QTest::newRow("negative layers") << R"({"model_type": "llama", "num_hidden_layers": -1})"
                                     << "\"num_hidden_layers\" must be in [1, 1024]";
    QTest::newRow("zero vocab") << R"({"model_type": "llama", "vocab_size": 0})" << "\"vocab_size\"";
    QTest::newRow("zero ffn") << R"({"model_type": "llama", "intermediate_size": 0})" << "\"intermediate_size\"";
    QTest::newRow("heads do not divide hidden")
        << R"({"model_type": "llama", "hidden_size": 100, "num_attention_heads": 8})"
        << "\"hidden_size\" (100) must be divisible by \"num_attention_heads\" (8)";
    QTest::newRow("kv heads do not divide heads")
        << R"({"model_type": "llama", "num_attention_heads": 32, "num_key_value_heads": 6})"
        << "\"num_key_value_heads\" (6) must divide \"num_attention_heads\" (32)";
    QTest::newRow("odd head_dim") << R"({"model_type": "llama", "head_dim": 15})" << "\"head_dim\" must be even";
    QTest::newRow("activation") << R"({"model_type": "llama", "hidden_act": "gelu"})" << "\"hidden_act\" must be \"silu\"";
    QTest::newRow("attention bias") << R"({"model_type": "llama", "attention_bias": true})"
                                    << "\"attention_bias\" is true";
    QTest::newRow("mlp bias") << R"({"model_type": "llama", "mlp_bias": true})" << "\"mlp_bias\" is true";
    QTest::newRow("llama3 rope") << R"({"model_type": "llama", "rope_scaling": {"rope_type": "llama3", "factor": 32.0,
        "low_freq_factor": 1.0, "high_freq_factor": 4.0, "original_max_position_embeddings": 8192}})"
                                 << "\"rope_scaling\" type \"llama3\" is not supported";
    QTest::newRow("dynamic rope") << R"({"model_type": "llama", "rope_scaling": {"type": "dynamic", "factor": 2.0}})"
                                  << "type \"dynamic\" is not supported";
    QTest::newRow("rope without type") << R"({"model_type": "llama", "rope_scaling": {"factor": 2.0}})"
                                       << "\"rope_scaling\" has no \"type\"";
    QTest::newRow("rope without factor") << R"({"model_type": "llama", "rope_scaling": {"type": "linear"}})"
                                         << "numeric \"factor\"";
    QTest::newRow("rope factor below 1") << R"({"model_type": "llama", "rope_scaling": {"type": "linear", "factor": 0.5}})"
                                         << "\"factor\" must be at least 1";
    QTest::newRow("rope scaling not object") << R"({"model_type": "llama", "rope_scaling": 2})"
                                             << "\"rope_scaling\" must be null or an object";
    QTest::newRow("zero theta") << R"({"model_type": "llama", "rope_theta": 0})" << "\"rope_theta\" must be positive";
    QTest::newRow("zero eps") << R"({"model_type": "llama", "rms_norm_eps": 0})" << "\"rms_norm_eps\"";
    QTest::newRow("tie not bool") << R"({"model_type": "llama", "tie_word_embeddings": 1})"
                                  << "\"tie_word_embeddings\" must be true or false";
    QTest::newRow("eos outside vocab") << R"({"model_type": "llama", "vocab_size": 10, "eos_token_id": [2, 10]})"
                                       << "\"eos_token_id\" is outside the vocabulary";
    QTest::newRow("eos string") << R"({"model_type": "llama", "eos_token_id": "2"})"
                                << "\"eos_token_id\" must be an integer, a list of integers or null";
    QTest::newRow("pad outside vocab") << R"({"model_type": "llama", "vocab_size": 10, "pad_token_id": -1})"
                                       << "\"pad_token_id\" is outside the vocabulary";
    QTest::newRow("bos float") << R"({"model_type": "llama", "bos_token_id": 1.5})" << "\"bos_token_id\" must be an integer";
    QTest::newRow("dropout") << R"({"model_type": "llama", "attention_dropout": 1.0})" << "\"attention_dropout\"";
  }

  void badConfigsAreRefusedWithTheReason() {
    QFETCH(QString, json);
    QFETCH(QString, phrase);
    const QString message = testing::error_of([&] { parse(json.toStdString()); });
    QVERIFY2(message.startsWith("config.json: "), qPrintable(message));
    QVERIFY2(message.contains(phrase), qPrintable(message));
  }

  void missingFileIsNamed() {
    testing::expect_error([] { LlamaConfig::from_file("/nonexistent/config.json"); },
                          "/nonexistent/config.json: cannot open");
  }
};

QTEST_APPLESS_MAIN(TestLlamaConfig)
#include "test_llama_config.moc"

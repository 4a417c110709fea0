// Parity of the engine's Llama with Hugging Face transformers'
// LlamaForCausalLM, on the tiny checkpoints and golden outputs in
// tests/data/llama (see README.md there and tests/data/CONFORMANCE.md).
#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>

#include <QtTest>
#include <algorithm>

#include "engine/io/checkpoint.h"
#include "engine/layers/attention.h"
#include "engine/layers/dense.h"
#include "engine/layers/rms_norm.h"
#include "engine/layers/rotary.h"
#include "engine/models/llama_model.h"
#include "golden.h"

using namespace l2s;
using testing::Golden;
using testing::max_abs_diff;

namespace {

const std::string kData = L2S_TEST_DATA_DIR "/llama/";
const char* kVariants[] = {"llama_mha_untied", "llama_gqa_tied"};
const char* kCases[] = {"single", "padded_batch", "long"};
constexpr int64_t kEos = 2, kPad = 0, kMaxNewTokens = 20;

Golden golden(const QString& variant) {
  return {io::Checkpoint::open_file(kData + variant.toStdString() + "/golden.safetensors")};
}

// One variant's model with one case's golden outputs and inputs.
struct Case {
  LlamaModel model;
  Golden ref;
  std::string name;
  at::Tensor ids;
  at::Tensor mask;        // all ones when the case has no attention_mask
  at::Tensor given_mask;  // the case's attention_mask, or undefined
  at::Tensor get(const std::string& tensor) const { return ref.get(name, tensor); }
};

Case load_case(const QString& variant, const QString& case_name) {
  Golden ref = golden(variant);
  const std::string name = case_name.toStdString();
  at::Tensor ids = ref.get(name, "input_ids"), mask = ref.mask(name);
  at::Tensor given = ref.has(name, "attention_mask") ? mask : at::Tensor();
  return {LlamaModel::load(kData + variant.toStdString()), std::move(ref), name, ids, mask, given};
}

QString report(const char* what, double diff, double tolerance) {
  const QString text = QString("%1: max |diff| %2 (tolerance %3)").arg(what).arg(diff).arg(tolerance);
  qInfo("%s", qPrintable(text));
  return text;
}

// Logs each measured difference (the figures CONFORMANCE.md quotes) and fails above the tolerance.
#define CHECK_CLOSE(what, diff, tolerance)                   \
  do {                                                       \
    const double d_ = (diff);                                \
    const QString text_ = report(what, d_, tolerance);       \
    QVERIFY2(d_ <= (tolerance), qPrintable(text_));          \
  } while (0)

}  // namespace

class TestLlamaConformance : public QObject {
  Q_OBJECT

 private slots:
  void rotaryTablesMatchTransformers_data();
  void rotaryTablesMatchTransformers();
  void forwardMatchesTransformers_data();
  void forwardMatchesTransformers();
  void cachedStepsMatchTransformers_data();
  void cachedStepsMatchTransformers();
  void layerStatesAndRotatedQueriesKeysMatch_data();
  void layerStatesAndRotatedQueriesKeysMatch();
  void greedyGenerationMatchesTransformers_data();
  void greedyGenerationMatchesTransformers();
  void tiedHeadIsTheEmbedding();
  void tiedCheckpointWithAnLmHeadLoads();
};

void TestLlamaConformance::rotaryTablesMatchTransformers_data() {
  QTest::addColumn<QString>("variant");
  for (const char* variant : kVariants) QTest::newRow(variant) << variant;
}

void TestLlamaConformance::rotaryTablesMatchTransformers() {
  QFETCH(QString, variant);
  c10::InferenceMode inference;
  const Golden ref = golden(variant);
  const LlamaModel model = LlamaModel::load(kData + variant.toStdString());
  const at::Tensor& inv_freq = model.rotary_inverse_frequencies();
  CHECK_CLOSE("inv_freq", max_abs_diff(inv_freq, ref.get("single", "rope_inv_freq")), 0.0);

  // Positions 0..15 as a [1, 16] batch of position ids.
  const layers::RotaryTables tables = layers::rotary_tables(inv_freq, at::arange(16, at::kLong).unsqueeze(0));
  CHECK_CLOSE("rope cos", max_abs_diff(tables.cos[0], ref.get("single", "rope_cos")), 1e-6);
  CHECK_CLOSE("rope sin", max_abs_diff(tables.sin[0], ref.get("single", "rope_sin")), 1e-6);
  CHECK_CLOSE("rope cos vs float64", max_abs_diff(tables.cos[0], ref.get("single", "rope_cos_f64")), 1e-5);
  CHECK_CLOSE("rope sin vs float64", max_abs_diff(tables.sin[0], ref.get("single", "rope_sin_f64")), 1e-5);

  // The demo vector as one head [1, 1, 16, D] at positions 0..15.
  const at::Tensor input = ref.get("single", "rope_demo_input");
  const at::Tensor x = input.expand({16, input.size(0)}).unsqueeze(0).unsqueeze(0);
  CHECK_CLOSE("rope demo output", max_abs_diff(layers::apply_rotary(x, tables)[0][0], ref.get("single", "rope_demo_output")),
              1e-6);
}

void TestLlamaConformance::forwardMatchesTransformers_data() {
  QTest::addColumn<QString>("variant");
  QTest::addColumn<QString>("caseName");
  for (const char* variant : kVariants)
    for (const char* case_name : kCases)
      QTest::newRow(qPrintable(QString("%1/%2").arg(variant, case_name))) << variant << case_name;
}

// Teacher-forced, without a cache, with the positions the model derives from
// the mask (cumsum - 1, as transformers' generation); then the same with the
// golden position_ids given explicitly.
void TestLlamaConformance::forwardMatchesTransformers() {
  QFETCH(QString, variant);
  QFETCH(QString, caseName);
  c10::InferenceMode inference;
  const Case c = load_case(variant, caseName);
  const LlamaModel& model = c.model;

  for (bool explicit_positions : {false, true}) {
    const at::Tensor positions = explicit_positions ? c.get("position_ids") : at::Tensor();
    const at::Tensor hidden = model.forward(model.embed(c.ids), c.given_mask, positions, nullptr);
    const at::Tensor logits = model.logits(hidden);
    CHECK_CLOSE("last_hidden_state", max_abs_diff(hidden, c.get("last_hidden_state"), c.mask), 1e-4);
    CHECK_CLOSE("logits", max_abs_diff(logits, c.get("logits"), c.mask), 2e-4);
    if (explicit_positions) continue;
    // The exact value of the formula (independent float64 implementation).
    CHECK_CLOSE("last_hidden_state vs float64", max_abs_diff(hidden, c.get("last_hidden_state_f64_numpy"), c.mask),
                1e-4);
    CHECK_CLOSE("logits vs float64", max_abs_diff(logits, c.get("logits_f64_numpy"), c.mask), 2e-4);
  }

  // A prefill through a cache gives the last position's logits.
  LlamaState state = model.start(c.ids.size(0), c.ids.size(1));
  const at::Tensor last = model.prefill(state, model.embed(c.ids), c.given_mask);
  CHECK_CLOSE("prefill logits", max_abs_diff(last, c.get("logits").select(1, c.ids.size(1) - 1)), 2e-4);
}

void TestLlamaConformance::cachedStepsMatchTransformers_data() { forwardMatchesTransformers_data(); }

// One token at a time through the KV cache. The golden vectors feed left-pad
// tokens at position 0; the engine's own positions put them at 1. A pad's
// position cannot change the real positions' logits (every later query masks
// the pad's key), and both runs must match.
void TestLlamaConformance::cachedStepsMatchTransformers() {
  QFETCH(QString, variant);
  QFETCH(QString, caseName);
  c10::InferenceMode inference;
  const Case c = load_case(variant, caseName);
  const at::Tensor golden_positions = c.get("position_ids").masked_fill(c.mask == 0, 0);
  const int64_t length = c.ids.size(1);

  for (bool explicit_positions : {true, false}) {
    LlamaState state = c.model.start(c.ids.size(0), length);
    std::vector<at::Tensor> steps;
    for (int64_t t = 0; t < length; ++t) {
      const at::Tensor positions = explicit_positions ? golden_positions.narrow(1, t, 1) : at::Tensor();
      const at::Tensor hidden =
          c.model.forward(c.model.embed(c.ids.narrow(1, t, 1)), c.mask.narrow(1, t, 1), positions, &state);
      steps.push_back(c.model.logits(hidden));
    }
    QCOMPARE(state.length(), length);
    QVERIFY(at::equal(state.next_position, c.mask.sum(1)));
    CHECK_CLOSE(explicit_positions ? "cached_step_logits (pads at position 0)" : "cached_step_logits (own positions)",
                max_abs_diff(at::cat(steps, 1), c.get("cached_step_logits"), c.mask), 2e-4);
  }
}

void TestLlamaConformance::layerStatesAndRotatedQueriesKeysMatch_data() {
  rotaryTablesMatchTransformers_data();
}

// transformers' output_hidden_states, and layer 0's queries and keys after
// RoPE (keys before any repeat over query heads), for the `single` case.
void TestLlamaConformance::layerStatesAndRotatedQueriesKeysMatch() {
  QFETCH(QString, variant);
  c10::InferenceMode inference;
  const Case c = load_case(variant, "single");
  const at::Tensor embeddings = c.model.embed(c.ids);

  std::vector<at::Tensor> states;
  c.model.forward(embeddings, {}, {}, nullptr, 0.0, &states);
  const at::Tensor expected = c.get("hidden_states");
  QCOMPARE(static_cast<int64_t>(states.size()), expected.size(0));
  for (std::size_t i = 0; i < states.size(); ++i) {
    // The residual stream between layers grows (to ~78 here, where a float32
    // ulp is 7.6e-6): 1e-4, or 2e-6 of the largest value when that is more.
    const double tolerance = std::max(1e-4, 2e-6 * expected[i].abs().max().item<double>());
    CHECK_CLOSE(qPrintable(QString("hidden_states[%1]").arg(i)), max_abs_diff(states[i], expected[i]), tolerance);
  }

  const LlamaConfig& config = c.model.config();
  const LlamaLayerWeights& layer = c.model.weights().layers[0];
  const at::Tensor h = layers::rms_norm(embeddings, layer.input_norm, config.rms_norm_eps);
  const layers::RotaryTables rotary =
      layers::rotary_tables(c.model.rotary_inverse_frequencies(), c.get("position_ids"));
  const at::Tensor q =
      layers::apply_rotary(layers::split_heads(layers::dense(h, layer.attention.q), config.num_attention_heads), rotary);
  const at::Tensor k =
      layers::apply_rotary(layers::split_heads(layers::dense(h, layer.attention.k), config.num_key_value_heads), rotary);
  CHECK_CLOSE("layer0 queries after rope", max_abs_diff(q, c.get("layer0_query_states_rope")), 1e-4);
  CHECK_CLOSE("layer0 keys after rope", max_abs_diff(k, c.get("layer0_key_states_rope")), 1e-4);
}

void TestLlamaConformance::greedyGenerationMatchesTransformers_data() { forwardMatchesTransformers_data(); }

// Batched greedy decoding of the left-padded prompt: argmax of the raw logits;
// a row that emitted EOS is fed and extended with the pad id; decoding stops
// when every row has emitted EOS, or after 20 new tokens.
void TestLlamaConformance::greedyGenerationMatchesTransformers() {
  QFETCH(QString, variant);
  QFETCH(QString, caseName);
  c10::InferenceMode inference;
  const Case c = load_case(variant, caseName);
  const at::Tensor scores = c.get("generate_scores");
  const int64_t batch = c.ids.size(0);

  LlamaState state = c.model.start(batch, c.ids.size(1) + kMaxNewTokens);
  at::Tensor logits = c.model.prefill(state, c.model.embed(c.ids), c.given_mask);
  at::Tensor finished = at::zeros({batch}, at::kBool);
  std::vector<at::Tensor> generated;
  double score_diff = 0;
  for (int64_t step = 0; step < kMaxNewTokens; ++step) {
    // Scores of rows still generating: after EOS transformers' scores are meaningless.
    score_diff = std::max(score_diff, max_abs_diff(logits, scores.select(1, step), finished.logical_not()));
    const at::Tensor next = logits.argmax(-1).masked_fill(finished, kPad);
    generated.push_back(next);
    finished = finished.logical_or(next == kEos);
    if (finished.all().item<bool>()) break;
    logits = c.model.step(state, next);
  }
  const at::Tensor sequences = at::cat({c.ids, at::stack(generated, 1)}, 1);
  const at::Tensor expected = c.get("generate_sequences");
  QVERIFY2(at::equal(sequences, expected),
           qPrintable(QString("generated %1 tokens per row, transformers %2; sequences differ")
                          .arg(sequences.size(1) - c.ids.size(1))
                          .arg(expected.size(1) - c.ids.size(1))));
  CHECK_CLOSE("generate_scores of live rows", score_diff, 2e-4);
}

void TestLlamaConformance::tiedHeadIsTheEmbedding() {
  const LlamaModel tied = LlamaModel::load(kData + "llama_gqa_tied");
  QVERIFY(tied.config().tie_word_embeddings);
  QVERIFY(tied.weights().lm_head.is_same(tied.weights().embed_tokens));
  const LlamaModel untied = LlamaModel::load(kData + "llama_mha_untied");
  QVERIFY(!untied.config().tie_word_embeddings);
  QVERIFY(!at::equal(untied.weights().lm_head, untied.weights().embed_tokens));
}

// Some tied checkpoints store lm_head.weight anyway: transformers ties it to
// the embeddings on loading, and so does the engine.
void TestLlamaConformance::tiedCheckpointWithAnLmHeadLoads() {
  c10::InferenceMode inference;
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const std::string out = dir.path().toStdString();
  const io::Checkpoint source = io::Checkpoint::open(kData + "llama_gqa_tied");
  std::vector<std::pair<std::string, at::Tensor>> tensors;
  for (const std::string& name : source.names()) tensors.emplace_back(name, source.load_float(name));
  tensors.emplace_back("lm_head.weight", source.load_float("model.embed_tokens.weight").clone());
  io::save_tensors(out + "/model.safetensors", tensors);
  QVERIFY(QFile::copy(QString::fromStdString(kData + "llama_gqa_tied/config.json"), dir.filePath("config.json")));

  const LlamaModel with_head = LlamaModel::load(out);
  QVERIFY(with_head.weights().lm_head.is_same(with_head.weights().embed_tokens));
  const Golden ref = golden("llama_gqa_tied");
  const at::Tensor ids = ref.get("single", "input_ids");
  const at::Tensor logits = with_head.logits(with_head.forward(with_head.embed(ids), {}, {}, nullptr));
  CHECK_CLOSE("logits with a stored tied lm_head", max_abs_diff(logits, ref.get("single", "logits")), 2e-4);
}

QTEST_APPLESS_MAIN(TestLlamaConformance)
#include "test_llama_conformance.moc"

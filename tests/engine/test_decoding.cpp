// Decoding strategies and logits processors: hand-checked cases on toy
// models, and their effect on the conformance T5.
#include <ATen/ATen.h>

#include <QtTest>
#include <atomic>
#include <cmath>
#include <map>
#include <set>
#include <thread>

#include "l2s/error.h"
#include "engine/decoding/logits_processors.h"
#include "engine/decoding/search.h"
#include "engine/models/t5_model.h"
#include "l2s/generator.h"

using namespace l2s;

namespace {

const std::string kRelu = L2S_TEST_DATA_DIR "/t5/t5_v1_0_relu_tied";
const std::vector<int64_t> kPrompt = {13, 7, 100, 42, 5, 77, 3, 64, 21, 1};

// A toy decoder over the vocabulary {0: start, 1: EOS, 2: A, 3: B}: the next
// token's probabilities depend only on the last token.
//   after start: A 0.6, B 0.4
//   after A:     EOS 0.3, A 0.35, B 0.35   (greedy continues with A/B, never confident)
//   after B:     EOS 0.9, A 0.05, B 0.05
// Greedy picks A (0.6) and wanders; the best two-token sequence is B EOS (0.4 * 0.9 = 0.36),
// while anything starting with A scores at most 0.6 * 0.35 = 0.21 per extra step.
class ToyModel : public StepModel {
 public:
  at::Tensor first() override { return step(at::zeros({1}, at::kLong)); }
  at::Tensor step(const at::Tensor& ids) override {
    std::vector<at::Tensor> rows;
    for (int64_t i = 0; i < ids.size(0); ++i) rows.push_back(table_.at(ids[i].item<int64_t>()));
    return at::stack(rows).log();
  }
  void select_rows(const at::Tensor&) override {}  // stateless

 private:
  std::map<int64_t, at::Tensor> table_ = {
      {0, at::tensor({1e-9f, 1e-9f, 0.6f, 0.4f})},
      {2, at::tensor({1e-9f, 0.3f, 0.35f, 0.35f})},
      {3, at::tensor({1e-9f, 0.9f, 0.05f, 0.05f})},
  };
};

SearchResult run_toy(const GenerationOptions& options) {
  ToyModel model;
  SearchRequest request;
  request.history = {0};
  request.options = &options;
  return search(model, request);
}

// The generated ids, EOS included when the model emitted it.
std::vector<int64_t> generate(const GenerationOptions& options) {
  static const Generator generator = Generator::load(kRelu);
  GenerationResult result = generator.generate(kPrompt, options);
  if (result.reached_eos) result.tokens.push_back(generator.eos_token_id());
  return result.tokens;
}

// Sum of the log-probabilities of `tokens` under teacher forcing.
double sequence_log_prob(const std::vector<int64_t>& tokens) {
  static const T5Model model = T5Model::load(kRelu);
  at::Tensor prompt = at::tensor(kPrompt, at::kLong).unsqueeze(0);
  std::vector<int64_t> decoder_input = {0};
  decoder_input.insert(decoder_input.end(), tokens.begin(), tokens.end() - 1);
  at::Tensor logits =
      model.logits(model.decode(at::tensor(decoder_input, at::kLong).unsqueeze(0), model.encode(prompt, {}), {}));
  at::Tensor log_probs = logits.log_softmax(-1)[0];
  double total = 0;
  for (std::size_t i = 0; i < tokens.size(); ++i) total += log_probs[i][tokens[i]].item<double>();
  return total;
}

}  // namespace

class TestDecoding : public QObject {
  Q_OBJECT

 private slots:
  void repetitionPenaltyDividesPositiveAndMultipliesNegativeScores() {
    at::Tensor scores = at::tensor({2.0f, -2.0f, 3.0f, 1.0f}).unsqueeze(0);
    decoding::apply_repetition_penalty(scores, {{0, 1, 1}}, 2.0);
    QCOMPARE(scores[0][0].item<float>(), 1.0f);   // 2 / 2
    QCOMPARE(scores[0][1].item<float>(), -4.0f);  // -2 * 2, once although seen twice
    QCOMPARE(scores[0][2].item<float>(), 3.0f);   // not generated: unchanged
  }

  void repeatedNgramsAreBanned() {
    // History 5 6 7 5 6: the bigram (6, 7) exists, so after "6" token 7 is banned.
    at::Tensor scores = at::zeros({1, 10});
    decoding::ban_repeated_ngrams(scores, {{5, 6, 7, 5, 6}}, 2);
    QVERIFY(std::isinf(scores[0][7].item<float>()));
    QCOMPARE(at::isinf(scores).sum().item<int64_t>(), int64_t{1});
    // Trigram (5, 6, 7) is banned after "5 6" too.
    at::Tensor trigram = at::zeros({1, 10});
    decoding::ban_repeated_ngrams(trigram, {{5, 6, 7, 5, 6}}, 3);
    QVERIFY(std::isinf(trigram[0][7].item<float>()));
  }

  void topKAndTopPKeepTheHandCheckedTokens() {
    // Probabilities 0.5, 0.3, 0.15, 0.05 (as logs).
    at::Tensor scores = at::tensor({0.5f, 0.3f, 0.15f, 0.05f}).log().unsqueeze(0);
    auto kept = [](const at::Tensor& s) { return (~at::isinf(s)).sum().item<int64_t>(); };
    QCOMPARE(kept(decoding::keep_top_k(scores, 2)), int64_t{2});
    QCOMPARE(kept(decoding::keep_top_k(scores, 0)), int64_t{4});
    // p = 0.7: 0.5 alone is short of 0.7, 0.5 + 0.3 reaches it: two tokens.
    QCOMPARE(kept(decoding::keep_top_p(scores, 0.7)), int64_t{2});
    // p = 0.5: the top token alone reaches it.
    QCOMPARE(kept(decoding::keep_top_p(scores, 0.5)), int64_t{1});
    QCOMPARE(kept(decoding::keep_top_p(scores, 0.96)), int64_t{4});
  }

  void beamSearchFindsTheBetterSequenceGreedyMisses() {
    GenerationOptions greedy;
    greedy.max_new_tokens = 2;
    QCOMPARE(run_toy(greedy).tokens.front(), int64_t{2});  // greedy starts with A
    GenerationOptions beam = greedy;
    beam.num_beams = 2;
    QCOMPARE(run_toy(beam).tokens, (std::vector<int64_t>{3, 1}));  // B EOS
  }

  // Sampling among the single most likely token is greedy, whatever the
  // temperature and seed: the sampling path's filters and draw keep the argmax.
  void topK1SamplingEqualsGreedy() {
    GenerationOptions greedy;
    greedy.max_new_tokens = 20;
    const std::vector<int64_t> reference = generate(greedy);
    QVERIFY(!reference.empty());
    GenerationOptions top1 = greedy;
    top1.do_sample = true;
    top1.top_k = 1;
    top1.temperature = 5.0;
    top1.seed = 123;
    QCOMPARE(generate(top1), reference);
  }

  void beamSearchOnT5ScoresAtLeastAsWellAsGreedy() {
    GenerationOptions greedy;
    greedy.max_new_tokens = 8;
    GenerationOptions beam = greedy;
    beam.num_beams = 4;
    beam.length_penalty = 0.0;  // rank by raw log-probability
    const double greedy_score = sequence_log_prob(generate(greedy));
    const double beam_score = sequence_log_prob(generate(beam));
    QVERIFY2(beam_score >= greedy_score - 1e-4,
             qPrintable(QString("beam %1 < greedy %2").arg(beam_score).arg(greedy_score)));
  }

  void aFixedSeedReproducesAndSeedsDiffer() {
    GenerationOptions sampling;
    sampling.max_new_tokens = 20;
    sampling.do_sample = true;
    sampling.temperature = 3.0;
    sampling.seed = 7;
    const std::vector<int64_t> first = generate(sampling);
    QCOMPARE(generate(sampling), first);
    std::set<std::vector<int64_t>> outputs;
    for (uint64_t seed = 1; seed <= 4; ++seed) {
      sampling.seed = seed;
      outputs.insert(generate(sampling));
    }
    QVERIFY(outputs.size() > 1);
  }

  void repetitionPenaltyChangesARepeatingOutput() {
    GenerationOptions greedy;
    greedy.max_new_tokens = 20;
    const std::vector<int64_t> plain = generate(greedy);  // 114 114 44 83 83 83 ...
    GenerationOptions penalised = greedy;
    penalised.repetition_penalty = 3.0;
    const std::vector<int64_t> changed = generate(penalised);
    QVERIFY(changed != plain);
    auto distinct = [](const std::vector<int64_t>& v) { return std::set<int64_t>(v.begin(), v.end()).size(); };
    QVERIFY(distinct(changed) > distinct(plain));
  }

  void noRepeatNgramSizeLeavesNoRepeatedBigram() {
    GenerationOptions options;
    options.max_new_tokens = 20;
    options.no_repeat_ngram_size = 2;
    std::vector<int64_t> tokens = generate(options);
    tokens.insert(tokens.begin(), 0);  // the start token counts, as in transformers
    std::set<std::pair<int64_t, int64_t>> bigrams;
    for (std::size_t i = 0; i + 1 < tokens.size(); ++i)
      QVERIFY2(bigrams.insert({tokens[i], tokens[i + 1]}).second, "a bigram repeats");
  }

  void cancellationStopsAtTheNextToken() {
    const Generator generator = Generator::load(kRelu);
    GenerationOptions options;
    options.max_new_tokens = 20;
    CancelFlag cancel{false};
    std::vector<int64_t> indexes;
    GenerationResult result = generator.generate(
        kPrompt, options,
        [&](const TokenEvent& event) {
          indexes.push_back(event.index);
          if (indexes.size() == 3) cancel = true;
        },
        &cancel);
    QVERIFY(result.cancelled);
    QCOMPARE(result.tokens.size(), std::size_t{3});
    QCOMPARE(indexes, (std::vector<int64_t>{0, 1, 2}));

    // Set from another thread before the run starts: nothing is generated.
    CancelFlag early{false};
    std::thread([&] { early = true; }).join();
    QVERIFY(generator.generate(kPrompt, options, {}, &early).tokens.empty());
  }

  void invalidSettingsAreRefused() {
    auto refused = [](const GenerationOptions& o) {
      try {
        o.validate();
      } catch (const l2s::Error&) {
        return true;
      }
      return false;
    };
    QVERIFY(!refused(GenerationOptions{}));
    GenerationOptions options;
    options.num_beams = 2;
    options.do_sample = true;
    QVERIFY(refused(options));
    options = {};
    options.top_p = 0;
    QVERIFY(refused(options));
    options = {};
    options.temperature = -1;
    QVERIFY(refused(options));
  }
};

QTEST_APPLESS_MAIN(TestDecoding)
#include "test_decoding.moc"

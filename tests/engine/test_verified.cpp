// Mode verified (speculative decoding, the guided SLM drafting and the LLM
// checking): multi-token decoder passes and cache rollback against the
// one-token-at-a-time path, the search against plain greedy search, the pack
// mode against mode llm on hundreds of prompts with both SLM families, and
// speculative sampling against the verifier's own sampling distribution.
#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>

#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>
#include <limits>
#include <map>
#include <set>
#include <nlohmann/json.hpp>

#include "engine/decoding/logits_processors.h"
#include "engine/decoding/speculative.h"
#include "engine/models/model_registry.h"
#include "engine/models/projector.h"
#include "engine/models/t5_family.h"
#include "l2s/pack_info.h"
#include "l2s/pack_runner.h"
#include "error_checks.h"
#include "golden.h"
#include "tiny_pack.h"

using namespace l2s;
using l2s::testing::expect_error;
namespace fs = std::filesystem;

namespace {

// Every sentence the tiny pack's corpus is made of, and their beginnings:
// a few hundred prompts on which the random SLM disagrees with the LLM early.
std::vector<std::string> tiny_prompts() {
  const char* subjects[] = {"a man", "a woman", "two dogs", "the child", "a group of people", "ein mann", "eine frau"};
  const char* verbs[] = {"is walking", "runs", "plays", "is sitting", "looks", "spielt", "sitzt"};
  const char* places[] = {"in the park", "on the street", "near the water", "im park", "auf der strasse"};
  std::vector<std::string> prompts;
  for (const char* s : subjects)
    for (const char* v : verbs) {
      prompts.push_back(std::string(s) + " " + v);
      for (const char* p : places) prompts.push_back(std::string(s) + " " + v + " " + p + ".");
    }
  return prompts;
}

T5Model tiny_t5(uint64_t seed) {
  T5Config config;
  config.vocab_size = 40;
  config.d_model = 16;
  config.d_kv = 8;
  config.num_heads = 2;
  config.d_ff = 32;
  config.num_layers = 1;
  config.num_decoder_layers = 2;
  return T5Model(config, init_t5_weights(config, seed));
}

// A random Llama sharing the tiny pack's T5 tokenizer (no BOS; pad 0, EOS 1).
std::unique_ptr<LanguageModel> tiny_llama(int64_t vocab, uint64_t seed) {
  const nlohmann::json config = {
      {"model_type", "llama"},       {"hidden_size", 16},    {"intermediate_size", 32},
      {"num_hidden_layers", 2},      {"num_attention_heads", 4}, {"num_key_value_heads", 2},
      {"max_position_embeddings", 256}, {"rms_norm_eps", 1e-6}, {"vocab_size", vocab},
      {"bos_token_id", nullptr},     {"eos_token_id", 1},    {"pad_token_id", 0}};
  return find_model_family("llama", "test").create(config.dump(), "test", seed);
}

std::vector<int64_t> greedy_tokens(StepModel& model, int64_t max_new_tokens, const GenerationOptions& base = {}) {
  GenerationOptions options = base;
  options.max_new_tokens = max_new_tokens;
  SearchRequest request;
  request.history = {0};
  request.options = &options;
  return search(model, request).tokens;
}

using Sequences = std::map<std::vector<int64_t>, double>;

// The probability of every `length`-token answer that sampling with `options`
// gives from a decoder: the chain of its sampling distributions, each from a
// fresh decoder fed the answer's prefix (`start` makes one).
template <typename Start>
Sequences answer_distribution(const Start& start, const GenerationOptions& options, std::size_t length) {
  Sequences answers = {{{}, 1.0}};
  for (std::size_t position = 0; position < length; ++position) {
    Sequences longer;
    for (const auto& [prefix, probability] : answers) {
      DecodeStart decoder = start();
      at::Tensor logits = decoder.decoder->first();
      for (int64_t token : prefix) logits = decoder.decoder->step(at::full({1}, token, at::kLong));
      const at::Tensor p = decoding::sampling_probabilities(logits.to(at::kFloat), options).reshape({-1});
      for (int64_t token = 0; token < p.size(0); ++token)
        if (const double q = p[token].item<double>(); q > 0) {
          std::vector<int64_t> answer = prefix;
          answer.push_back(token);
          longer[answer] = probability * q;
        }
    }
    answers = std::move(longer);
  }
  return answers;
}

// Pearson's chi-square of `counts` (out of `runs`) against `expected`; an
// answer the expected distribution cannot give makes it infinite.
double chi_square(const std::map<std::vector<int64_t>, int>& counts, const Sequences& expected, int runs) {
  double statistic = 0;
  for (const auto& [answer, count] : counts)
    if (!expected.count(answer)) return std::numeric_limits<double>::infinity();
  for (const auto& [answer, probability] : expected) {
    const auto found = counts.find(answer);
    const double observed = found == counts.end() ? 0 : found->second, mean = probability * runs;
    statistic += (observed - mean) * (observed - mean) / mean;
  }
  return statistic;
}

}  // namespace

class TestVerified : public QObject {
  Q_OBJECT

  QTemporaryDir temp_;
  std::string pack_;

  std::string path(const std::string& name) const { return temp_.filePath(QString::fromStdString(name)).toStdString(); }

  // Runs every tiny prompt in modes llm and `mode`; the tokens must agree.
  GenerationMetrics expect_llm_output(const PackRunner& runner, const std::string& mode,
                                      const GenerationOptions& options) {
    GenerationMetrics total;
    for (const std::string& prompt : tiny_prompts()) {
      const GenerationResult llm = runner.generate("llm", prompt, options);
      const GenerationResult verified = runner.generate(mode, prompt, options);
      if (verified.tokens != llm.tokens) {
        QTest::qFail(("outputs differ for '" + prompt + "': '" + llm.text + "' vs '" + verified.text + "'").c_str(),
                     __FILE__, __LINE__);
        return total;
      }
      total.llm_steps += verified.metrics.llm_steps;
      total.draft_tokens += verified.metrics.draft_tokens;
      total.accepted_tokens += verified.metrics.accepted_tokens;
      total.generated_tokens += verified.metrics.generated_tokens;
    }
    return total;
  }

 private slots:
  void initTestCase() {
    QVERIFY(temp_.isValid());
    pack_ = testing::make_tiny_pack(path("pack"), true);
  }

  // A pass over several tokens gives the logits of feeding them one at a
  // time; truncating the cache and feeding other tokens gives those of a
  // fresh decoder fed the kept prefix and the new tokens.
  void t5StepsMatchSingleStepsAndTruncateRollsBack() {
    c10::InferenceMode inference;
    const T5Model model = tiny_t5(3);
    const at::Tensor states = model.encode(at::tensor(std::vector<int64_t>{5, 9, 17, 1}).view({1, 4}), {});
    auto single = [&](const std::vector<int64_t>& ids) {
      T5DecoderState state = model.start(states, {}, 16);
      std::vector<at::Tensor> rows;
      for (int64_t id : ids) rows.push_back(model.step(state, at::full({1}, id, at::kLong)));
      return at::cat(rows, 0);
    };

    T5DecoderState state = model.start(states, {}, 16);
    const at::Tensor together = model.steps(state, at::tensor(std::vector<int64_t>{0, 7, 12, 30}).view({1, 4}));
    QCOMPARE(state.position, int64_t{4});
    QVERIFY(testing::max_abs_diff(together.squeeze(0), single({0, 7, 12, 30})) < 1e-5);

    state.truncate(2);
    QCOMPARE(state.position, int64_t{2});
    QCOMPARE(state.self.front().length, int64_t{2});
    const at::Tensor after = model.steps(state, at::tensor(std::vector<int64_t>{25, 3}).view({1, 2}));
    QVERIFY(testing::max_abs_diff(after.squeeze(0), single({0, 7, 25, 3}).narrow(0, 2, 2)) < 1e-5);
    // A single step after a rollback slices the cached position bias at the right place.
    state.truncate(1);
    const at::Tensor step = model.step(state, at::full({1}, 11, at::kLong));
    QVERIFY(testing::max_abs_diff(step, single({0, 11}).narrow(0, 1, 1)) < 1e-5);

    expect_error([&] { state.truncate(5); }, "cannot truncate a T5 decoder cache of 2 positions to 5");
    T5DecoderState full = model.start(states, {}, 2);
    expect_error([&] { model.steps(full, at::tensor(std::vector<int64_t>{0, 1, 2}).view({1, 3})); },
                 "decoder cache is full");
  }

  // The Llama decoder reads several tokens after its prompt in one pass and
  // rewinds to any earlier length, as a fresh decoder fed step by step.
  void llamaDecoderReadsAndRewinds() {
    c10::InferenceMode inference;
    const auto llama = tiny_llama(40, 7);
    const PromptInput prompt = prompt_from_ids(*llama, {5, 9, 17, 1}, true);
    auto single = [&](const std::vector<int64_t>& ids) {
      DecodeStart start = llama->start(prompt, 16);
      std::vector<at::Tensor> rows = {start.decoder->first()};
      for (int64_t id : ids) rows.push_back(start.decoder->step(at::full({1}, id, at::kLong)));
      return at::cat(rows, 0);
    };

    DecodeStart start = llama->start(prompt, 16);
    start.decoder->first();
    RewindableDecoder& decoder = rewindable(*start.decoder, "the SLM");
    const int64_t prompt_length = decoder.length();
    QCOMPARE(prompt_length, int64_t{5});  // the prompt and the answer start token
    const at::Tensor together = decoder.read({7, 12, 30});
    QVERIFY(testing::max_abs_diff(together, single({7, 12, 30}).narrow(0, 1, 3)) < 1e-5);
    decoder.rewind(prompt_length + 1);
    const at::Tensor after = decoder.read({25});
    QVERIFY(testing::max_abs_diff(after, single({7, 25}).narrow(0, 2, 1)) < 1e-5);
  }

  // A drafter that is the verifier itself has every draft accepted: rounds of
  // four drafts and the verifier's bonus token, one verifier pass each.
  void perfectDrafterIsAlwaysAccepted() {
    c10::InferenceMode inference;
    const T5LanguageModel llm(tiny_t5(5));
    const at::Tensor states = llm.encode(at::tensor(std::vector<int64_t>{5, 9, 17, 1}).view({1, 4}), {});
    DecodeStart reference = llm.start_from_states(states, {}, 20);
    const std::vector<int64_t> greedy = greedy_tokens(*reference.decoder, 20);
    QCOMPARE(greedy.size(), std::size_t{20});  // (EOS is unlikely among 40 random logits; the test needs none)

    DecodeStart verifier = llm.start_from_states(states, {}, 20), drafter = llm.start_from_states(states, {}, 20);
    GenerationOptions options;
    options.max_new_tokens = 20;
    SearchRequest request;
    request.history = {0};
    request.options = &options;
    SpeculativeStats stats;
    const SearchResult result = speculative_search(*verifier.decoder, *drafter.decoder, request, 4, stats);
    QCOMPARE(result.tokens, greedy);
    QCOMPARE(stats.draft_tokens, int64_t{16});
    QCOMPARE(stats.accepted_tokens, int64_t{16});
    QCOMPARE(stats.verifier_steps, int64_t{5});  // first(), then four rounds of five tokens
  }

  // A drafter of other random weights is mostly wrong; the output is still the
  // verifier's greedy output, for any draft length and output length.
  void wrongDrafterStillGivesGreedyOutput_data() {
    QTest::addColumn<int>("draft_tokens");
    QTest::addColumn<int>("max_new_tokens");
    for (int draft : {1, 2, 5, 16})
      for (int length : {1, 2, 3, 17}) QTest::addRow("k%d n%d", draft, length) << draft << length;
  }
  void wrongDrafterStillGivesGreedyOutput() {
    QFETCH(int, draft_tokens);
    QFETCH(int, max_new_tokens);
    c10::InferenceMode inference;
    const T5LanguageModel llm(tiny_t5(5)), slm(tiny_t5(6));
    const at::Tensor ids = at::tensor(std::vector<int64_t>{5, 9, 17, 1}).view({1, 4});
    const at::Tensor states = llm.encode(ids, {});
    DecodeStart reference = llm.start_from_states(states, {}, max_new_tokens);
    DecodeStart verifier = llm.start_from_states(states, {}, max_new_tokens);
    DecodeStart drafter = slm.start(prompt_from_ids(slm, {5, 9, 17, 1}, true), max_new_tokens);
    GenerationOptions options;
    options.max_new_tokens = max_new_tokens;
    SearchRequest request;
    request.history = {0};
    request.options = &options;
    SpeculativeStats stats;
    const SearchResult result = speculative_search(*verifier.decoder, *drafter.decoder, request, draft_tokens, stats);
    QCOMPARE(result.tokens, greedy_tokens(*reference.decoder, max_new_tokens));
    QVERIFY(stats.accepted_tokens <= stats.draft_tokens);
  }

  // Speculative sampling keeps the verifier's distribution: the three-token
  // answers of thousands of seeds, drafted by a model of other weights, follow
  // the verifier's own sampling distribution (chi-square over the 64 answers
  // top-k 4 allows), although the drafter's distribution is far from it.
  void samplingFollowsTheVerifiersDistribution_data() {
    QTest::addColumn<int>("draft_tokens");
    QTest::newRow("k1") << 1;
    QTest::newRow("k2") << 2;
  }
  void samplingFollowsTheVerifiersDistribution() {
    QFETCH(int, draft_tokens);
    c10::InferenceMode inference;
    const T5LanguageModel llm(tiny_t5(5)), slm(tiny_t5(6));
    const std::vector<int64_t> prompt = {5, 9, 17, 1};
    const at::Tensor states = llm.encode(at::tensor(prompt).view({1, 4}), {});
    GenerationOptions options;
    options.do_sample = true;
    options.top_k = 4;
    options.temperature = 0.5;
    options.max_new_tokens = 3;
    auto verifier = [&] { return llm.start_from_states(states, {}, 3); };
    auto drafter = [&] { return slm.start(prompt_from_ids(slm, prompt, true), 3); };
    const Sequences expected = answer_distribution(verifier, options, 3);
    QCOMPARE(expected.size(), std::size_t{64});

    const int runs = 6000;
    std::map<std::vector<int64_t>, int> counts;
    SpeculativeStats stats;
    for (int seed = 1; seed <= runs; ++seed) {
      options.seed = static_cast<uint64_t>(seed);
      DecodeStart verifier_start = verifier(), drafter_start = drafter();
      SearchRequest request;
      request.history = {0};
      request.eos_tokens = {};  // every answer has three tokens
      request.options = &options;
      ++counts[speculative_search(*verifier_start.decoder, *drafter_start.decoder, request, draft_tokens, stats)
                   .tokens];
    }
    // 63 degrees of freedom: 0.1% of samples of the right distribution exceed 103.
    const double statistic = chi_square(counts, expected, runs);
    QVERIFY2(statistic < 103, qPrintable(QString("chi-square %1").arg(statistic)));
    // The test can tell: the drafter's answers would score far above the bound,
    const Sequences drafted = answer_distribution(drafter, options, 3);
    double drafter_statistic = 0;
    for (const auto& [answer, probability] : expected) {
      const auto found = drafted.find(answer);
      const double q = found == drafted.end() ? 0 : found->second;
      drafter_statistic += runs * (q - probability) * (q - probability) / probability;
    }
    QVERIFY2(drafter_statistic > 1000, qPrintable(QString("drafter's chi-square %1").arg(drafter_statistic)));
    // and drafts were both kept and rejected.
    QVERIFY(stats.accepted_tokens > stats.draft_tokens / 10);
    QVERIFY(stats.accepted_tokens < stats.draft_tokens * 9 / 10);
  }

  void draftLengthAdapts() {
    DraftLength length{6, 4};
    length.after_round(4, 4);
    QCOMPARE(length.current, int64_t{6});
    length.after_round(6, 6);
    QCOMPARE(length.current, int64_t{6});  // bounded by the maximum
    length.after_round(6, 2);
    QCOMPARE(length.current, int64_t{5});
    for (int i = 0; i < 10; ++i) length.after_round(5, 0);
    QCOMPARE(length.current, int64_t{1});  // never below one
  }

  // The pack lists a verified mode after its guided ones.
  void packListsVerifiedModes() {
    PackInfo info = read_pack_info(pack_);
    std::vector<std::string> names;
    for (const PackMode& mode : info.modes()) names.push_back(mode.name);
    QCOMPARE(names, (std::vector<std::string>{"llm", "l2s", "verified", "slm"}));
    const PackMode verified = info.mode("verified");
    QCOMPARE(verified.kind, ModeKind::Verified);
    QCOMPARE(verified.guided_mode, std::string("l2s"));
    QCOMPARE(std::string(mode_kind_name(verified.kind)), std::string("verified"));
    const PackRunner runner = PackRunner::load(pack_);
    QVERIFY(runner.has_mode("verified"));
    QCOMPARE(runner.describe("verified").family, std::string("t5"));
    QCOMPARE(runner.first_mode(ModeKind::Verified), std::string("verified"));
  }

  // Hundreds of prompts, the random T5 SLM drafting: mode verified gives mode
  // llm's tokens, with any draft length, also under the penalties.
  void verifiedEqualsLlmWithT5Slm_data() {
    QTest::addColumn<int>("draft_tokens");
    QTest::addColumn<double>("repetition_penalty");
    QTest::addColumn<int>("no_repeat_ngram_size");
    QTest::newRow("default") << static_cast<int>(GenerationOptions{}.draft_tokens) << 1.0 << 0;
    QTest::newRow("k1") << 1 << 1.0 << 0;
    QTest::newRow("k16") << 16 << 1.0 << 0;
    QTest::newRow("penalties") << 4 << 1.5 << 2;
  }
  void verifiedEqualsLlmWithT5Slm() {
    QFETCH(int, draft_tokens);
    QFETCH(double, repetition_penalty);
    QFETCH(int, no_repeat_ngram_size);
    const PackRunner runner = PackRunner::load(pack_);
    GenerationOptions options;
    options.max_new_tokens = 24;
    options.draft_tokens = draft_tokens;
    options.repetition_penalty = repetition_penalty;
    options.no_repeat_ngram_size = no_repeat_ngram_size;
    const GenerationMetrics total = expect_llm_output(runner, "verified", options);
    QVERIFY(total.draft_tokens > 0);
    QVERIFY(total.accepted_tokens <= total.draft_tokens);
    QVERIFY(total.llm_steps > 0);
  }

  // The same with a random decoder-only (Llama) SLM as the second guided
  // model: its mode is "verified-l2s-dec".
  void verifiedEqualsLlmWithLlamaSlm() {
    const std::string pack = path("pack_llama");
    fs::copy(pack_, pack, fs::copy_options::recursive);
    {
      c10::InferenceMode inference;
      const int64_t vocab = load_language_model(pack + "/llm")->spec().vocab_size;
      tiny_llama(vocab, 11)->save(pack + "/slm_dec");
      fs::copy_file(pack + "/spiece.model", pack + "/slm_dec/tokenizer.model");
      Projector::init(ProjectorConfig{32, 24, 16, false}, 5).save(pack + "/projector_dec");
    }
    PackInfo info = read_pack_info(pack);
    info.dir = pack;
    info.guided.push_back({"l2s-dec", "LLM → SLM (Llama)", ModeKind::L2s, pack + "/slm_dec", pack + "/projector_dec"});
    write_pack_info(info);
    const PackRunner runner = PackRunner::load(pack);
    QCOMPARE(runner.info().mode("verified-l2s-dec").label, std::string("LLM, verified drafts (LLM → SLM (Llama))"));
    GenerationOptions options;
    options.max_new_tokens = 24;
    const GenerationMetrics total = expect_llm_output(runner, "verified-l2s-dec", options);
    QVERIFY(total.draft_tokens > 0);
  }

  // With --sample the pack's verified mode samples: the same seed gives the
  // same answer, drafts are checked, and other seeds give other answers.
  void verifiedSamplesWithItsSeed() {
    const PackRunner runner = PackRunner::load(pack_);
    GenerationOptions options;
    options.do_sample = true;
    options.max_new_tokens = 16;
    std::set<std::vector<int64_t>> answers;
    for (uint64_t seed = 1; seed <= 8; ++seed) {
      options.seed = seed;
      const GenerationResult first = runner.generate("verified", "a man runs in the park.", options);
      const GenerationResult again = runner.generate("verified", "a man runs in the park.", options);
      QCOMPARE(again.tokens, first.tokens);
      QVERIFY(first.metrics.draft_tokens > 0);
      answers.insert(first.tokens);
    }
    QVERIFY(answers.size() > 1);
  }

  // Options speculative decoding cannot honour are refused by name.
  void badOptionsAreRefused() {
    const PackRunner runner = PackRunner::load(pack_);
    GenerationOptions beams;
    beams.num_beams = 3;
    expect_error([&] { runner.generate("verified", "a man runs.", beams); },
                 "mode 'verified' checks drafts one token at a time and cannot run beam search (num_beams 3)");
    GenerationOptions drafts;
    drafts.draft_tokens = 0;
    expect_error([&] { runner.generate("verified", "a man runs.", drafts); }, "draft_tokens must be in [1, 64]");
  }

  // A pack whose own guided mode is called "verified" clashes with the
  // verified mode of its first guided SLM.
  void guidedModeNamedVerifiedIsRefused() {
    const std::string pack = path("pack_clash");
    fs::copy(pack_, pack, fs::copy_options::recursive);
    PackInfo info = read_pack_info(pack);
    info.dir = pack;
    info.guided.push_back({"verified", "clash", ModeKind::L2s, pack + "/slm", pack + "/projector"});
    write_pack_info(info);
    expect_error([&] { read_pack_info(pack); }, "mode \"verified\" is named twice");
  }
};

QTEST_GUILESS_MAIN(TestVerified)
#include "test_verified.moc"

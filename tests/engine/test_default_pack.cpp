// The embedded default pack (resources/packs/default): it loads, states its
// data terms, fits the repository's size budget, translates held-out
// Multi30k sentences (test2016, never seen in training) into German, and its
// LLM distils (a real teacher: every sentence gets its own translation).
#include <QtTest>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "l2s/error.h"
#include "engine/models/t5_model.h"
#include "l2s/benchmark.h"
#include "l2s/pack_runner.h"
#include "l2s/generator.h"
#include "engine/runtime/threads.h"
#include "l2s/tokenizer.h"
#include "l2s/training/distillation.h"

using namespace l2s;
namespace fs = std::filesystem;

namespace {

// Multi30k test2016, held out from training: + ".en" and + ".de".
const std::string kTest2016 = std::string(L2S_TEST_DATA_DIR) + "/multi30k/test_2016_flickr";

std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace

class TestDefaultPack : public QObject {
  Q_OBJECT

  std::optional<PackRunner> pack_;

 private slots:
  void initTestCase() {
    set_compute_threads(0);
    pack_.emplace(PackRunner::load(L2S_DEFAULT_PACK));
  }

  void offersAllThreeModesAndStatesTheDataTerms() {
    QVERIFY(pack_->has_mode("llm"));
    QVERIFY(pack_->has_mode("l2s"));
    QVERIFY(pack_->has_mode("slm"));
    const PackInfo& info = pack_->info();
    for (const std::string& text : {info.license, info.model_card}) {
      QVERIFY2(text.find("Flickr30k") != std::string::npos, text.c_str());
      QVERIFY2(text.find("non-commercial") != std::string::npos, text.c_str());
    }
    QCOMPARE(info.presets.at(0).prefix, std::string("translate English to German: "));
  }

  void fitsTheRepositoryBudget() {
    uintmax_t bytes = 0;
    for (const auto& entry : fs::recursive_directory_iterator(L2S_DEFAULT_PACK))
      if (entry.is_regular_file()) bytes += entry.file_size();
    QVERIFY2(bytes <= 64u * 1024 * 1024, std::to_string(bytes).c_str());
  }

  void theSlmIsMuchSmallerThanTheLlm() {
    // The speedup comes from the decoder: l2s decodes with the small model.
    QVERIFY(pack_->describe("llm").parameters > 3 * pack_->describe("slm").parameters);
  }

  // The pack's quality targets, on all of test2016 (greedy, batch 1), as
  // docs/results.md reports them: scores on fewer sentences are too noisy to
  // order the three modes (on the first 100 the LLM led the SLM alone by 1.3
  // BLEU where all 1,000 give 2.4).
  void translatesHeldOutSentences() {
    const std::vector<std::string> sources = read_lines(kTest2016 + ".en");
    const std::vector<std::string> references = read_lines(kTest2016 + ".de");
    QCOMPARE(sources.size(), size_t(1000));
    BenchmarkSettings settings;
    settings.modes = {"llm", "l2s", "slm"};
    settings.prefix = pack_->info().presets.at(0).prefix;
    settings.warmup_runs = 0;
    const BenchmarkReport report = run_benchmark(*pack_, sources, references, settings);
    const auto bleu = [&](const char* mode) { return metrics::find_metric(report.find(mode)->metrics, "bleu")->value; };
    const double llm = bleu("llm"), l2s = bleu("l2s"), slm = bleu("slm");
    qInfo("BLEU on test2016: llm %.2f, l2s %.2f, slm %.2f", llm, l2s, slm);
    // The shipped pack scores 37.48, 37.91 and 35.11; attempt 7 (shipped
    // before) 37.48, 36.52 and 35.02, attempt 2 33.1, 29.6 and 26.6: an
    // untrained or broken model scores near 0.
    const std::string scores = std::to_string(llm) + " / " + std::to_string(l2s) + " / " + std::to_string(slm);
    QVERIFY2(llm > 35, scores.c_str());
    // The LLM must be clearly better than the SLM alone, or the pair has
    // nothing to learn from it; the pair keeps 98% of the LLM's BLEU and is
    // clearly above the SLM alone.
    QVERIFY2(llm > slm + 1.5, scores.c_str());
    QVERIFY2(l2s >= 0.98 * llm, scores.c_str());
    QVERIFY2(l2s > slm + 1.5, scores.c_str());
    // "A Boston Terrier is running on lush green grass in front of a white fence."
    const std::string& second = report.find("l2s")->outputs.at(1);
    QVERIFY2(second.find("Gras") != std::string::npos, second.c_str());
  }

  // Batched generation for files gives each sentence of every mode exactly
  // the tokens of a batch-1 run, though rows of mixed lengths share padded
  // batches and leave them as they finish.
  void batchedGenerationMatchesBatchOne() {
    std::vector<std::string> sources = read_lines(kTest2016 + ".en");
    sources.resize(12);
    for (std::string& source : sources) source = pack_->info().presets.at(0).prefix + source;
    GenerationOptions greedy;
    greedy.max_new_tokens = 64;
    for (const char* mode : {"llm", "l2s", "slm"}) {
      const std::vector<GenerationResult> batched = pack_->generate_batch(mode, sources, greedy, 5);
      for (std::size_t i = 0; i < sources.size(); ++i) {
        const GenerationResult alone = pack_->generate(mode, sources[i], greedy);
        QVERIFY(alone.reached_eos);
        QCOMPARE(batched[i].tokens, alone.tokens);
      }
    }
  }

  // Batched distillation must give each source exactly what the engine's
  // one-prompt greedy search gives it: padding, batching and putting the
  // outputs back in line order must not change a token.
  void distillationMatchesOnePromptGreedySearch() {
    const std::string llm = std::string(L2S_DEFAULT_PACK) + "/llm";
    const Tokenizer tokenizer = Tokenizer::load_dir(llm);
    const Generator reference = Generator::load(llm);
    std::vector<std::string> sources = read_lines(kTest2016 + ".en");
    sources.resize(12);

    training::DistillationOptions options;
    options.source_prefix = pack_->info().presets.at(0).prefix;
    options.max_new_tokens = 14;  // long enough for most, so some finish and some are cut
    options.max_tokens = 160;     // batches of several rows of mixed lengths
    std::vector<int64_t> reported;
    const training::DistilledText result = training::distill(
        llm, sources, options, [&](int64_t done, int64_t) { reported.push_back(done); });
    QCOMPARE(result.outputs.size(), sources.size());
    QVERIFY2(reported.size() > 1 && reported.size() < sources.size(), std::to_string(reported.size()).c_str());
    QCOMPARE(reported.back(), static_cast<int64_t>(sources.size()));

    GenerationOptions greedy;
    greedy.max_new_tokens = options.max_new_tokens;
    std::vector<int64_t> cut;
    int64_t tokens = 0;
    for (std::size_t i = 0; i < sources.size(); ++i) {
      const GenerationResult expected = reference.generate(reference.tokenize(options.source_prefix + sources[i]), greedy);
      QCOMPARE(QString::fromStdString(result.outputs[i]), QString::fromStdString(tokenizer.decode(expected.tokens)));
      if (!expected.reached_eos) cut.push_back(static_cast<int64_t>(i));
      tokens += static_cast<int64_t>(expected.tokens.size());
    }
    QVERIFY2(!cut.empty() && cut.size() < sources.size(), std::to_string(cut.size()).c_str());
    QCOMPARE(result.cut_lines, cut);
    QCOMPARE(result.output_tokens, tokens);

    options.max_source_len = 8;
    bool refused = false;
    try {
      training::distill(llm, sources, options);
    } catch (const Error& error) {
      refused = std::string(error.what()).find("source line 1 has") != std::string::npos;
    }
    QVERIFY(refused);
  }
};

QTEST_GUILESS_MAIN(TestDefaultPack)
#include "test_default_pack.moc"

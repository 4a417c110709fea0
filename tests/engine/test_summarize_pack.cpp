// The embedded summarization pack (resources/packs/summarize): it loads,
// states where its data came from, fits the repository's size budget, and
// titles held-out arXiv abstracts (the test split, never trained on or used
// to choose anything) at the quality its issue asks for, against the
// abstract's first sentence computed here on the same abstracts.
#include <QtTest>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "l2s/benchmark.h"
#include "l2s/metrics/rouge.h"
#include "l2s/pack_runner.h"
#include "engine/runtime/threads.h"

using namespace l2s;
namespace fs = std::filesystem;

namespace {

// The arXiv titles test split: + ".abstract" and + ".title".
const std::string kTest = std::string(L2S_TEST_DATA_DIR) + "/arxiv-titles/test";

std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The abstract up to its first '.', '!' or '?' followed by a space and a
// capital letter: the baseline of docs/results.md (28.54 ROUGE-L here, the
// data's README 28.60 with its own splitter).
std::string first_sentence(const std::string& text) {
  for (std::size_t i = 0; i + 2 < text.size(); ++i)
    if ((text[i] == '.' || text[i] == '!' || text[i] == '?') && text[i + 1] == ' ' && text[i + 2] >= 'A' &&
        text[i + 2] <= 'Z')
      return text.substr(0, i + 1);
  return text;
}

}  // namespace

class TestSummarizePack : public QObject {
  Q_OBJECT

  std::optional<PackRunner> pack_;

 private slots:
  void initTestCase() {
    set_compute_threads(0);
    pack_.emplace(PackRunner::load(L2S_SUMMARIZE_PACK));
  }

  void offersTheThreeModesAndStatesItsData() {
    for (const char* mode : {"llm", "l2s", "slm"}) QVERIFY2(pack_->has_mode(mode), mode);
    const PackInfo& info = pack_->info();
    for (const std::string& text : {info.license, info.model_card}) {
      QVERIFY2(text.find("arXiv") != std::string::npos, text.c_str());
      QVERIFY2(text.find("CC0") != std::string::npos, text.c_str());
    }
    QCOMPARE(info.presets.at(0).task, std::string("summarize"));
    QCOMPARE(info.presets.at(0).prefix, std::string("summarize: "));
    QVERIFY(info.max_input_tokens >= 160);
    QVERIFY(info.presets.at(0).examples.size() >= 3);
  }

  void fitsTheRepositoryBudget() {
    uintmax_t bytes = 0;
    for (const auto& entry : fs::recursive_directory_iterator(L2S_SUMMARIZE_PACK))
      if (entry.is_regular_file()) bytes += entry.file_size();
    QVERIFY2(bytes <= 64u * 1024 * 1024, std::to_string(bytes).c_str());
  }

  // The targets on the whole test split (greedy, batch 1, as
  // docs/results.md reports them): the LLM and the pair 3 ROUGE-L points
  // above the first sentence, the pair at 97% of the LLM and 1 point above
  // the SLM alone.
  void titlesHeldOutAbstracts() {
    const std::vector<std::string> abstracts = read_lines(kTest + ".abstract");
    const std::vector<std::string> titles = read_lines(kTest + ".title");
    QCOMPARE(abstracts.size(), size_t(1624));
    QCOMPARE(titles.size(), abstracts.size());
    std::vector<std::string> firsts;
    for (const std::string& abstract : abstracts) firsts.push_back(first_sentence(abstract));
    const double baseline = metrics::corpus_rouge(firsts, titles).rougeL;

    BenchmarkSettings settings;
    settings.modes = {"llm", "l2s", "slm"};
    settings.prefix = pack_->info().presets.at(0).prefix;
    settings.task = "summarize";
    settings.generation.truncate_input = true;  // a few abstracts exceed the pack's input limit
    settings.warmup_runs = 0;
    const BenchmarkReport report = run_benchmark(*pack_, abstracts, titles, settings);
    const auto rouge_l = [&](const char* mode) {
      return metrics::find_metric(report.find(mode)->metrics, "rougeL")->value;
    };
    const double llm = rouge_l("llm"), l2s = rouge_l("l2s"), slm = rouge_l("slm");
    qInfo("ROUGE-L on test: first sentence %.2f, llm %.2f, l2s %.2f, slm %.2f", baseline, llm, l2s, slm);
    const std::string scores = std::to_string(baseline) + " / " + std::to_string(llm) + " / " + std::to_string(l2s) +
                               " / " + std::to_string(slm);
    QVERIFY2(baseline > 28 && baseline < 29.5, scores.c_str());  // the splitter still is docs/results.md's
    QVERIFY2(llm >= baseline + 3, scores.c_str());
    QVERIFY2(l2s >= baseline + 3, scores.c_str());
    QVERIFY2(l2s >= 0.97 * llm, scores.c_str());
    QVERIFY2(l2s >= slm + 1, scores.c_str());
  }
};

QTEST_GUILESS_MAIN(TestSummarizePack)
#include "test_summarize_pack.moc"

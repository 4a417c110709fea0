// Batched generation for files (PackRunner::generate_batch): every row gets
// the tokens a batch-1 run gives it, in the order of the prompts, for every
// mode and for greedy search, sampling and penalties; and the figures l2s
// bench shows the limit with (weights read per step, memory bandwidth).
#include <QTemporaryDir>
#include <QtTest>

#include "l2s/error.h"
#include "l2s/benchmark.h"
#include "l2s/machine_info.h"
#include "l2s/pack_runner.h"
#include "l2s/tokenizer.h"
#include "error_checks.h"
#include "tiny_pack.h"

using namespace l2s;
using l2s::testing::expect_error;

namespace {

// Prompts of different lengths, out of length order.
const std::vector<std::string> kPrompts = {
    "a man is walking in the park.",
    "two dogs.",
    "a woman with a red umbrella plays on the street near the water.",
    "the child is sitting.",
    "a man.",
};

}  // namespace

class TestBatchedGeneration : public QObject {
  Q_OBJECT

  QTemporaryDir temp_;
  std::unique_ptr<PackRunner> pack_;

  void expect_rows_match(const std::string& mode, const GenerationOptions& options, int64_t batch_size) {
    std::vector<int64_t> reported;
    const std::vector<GenerationResult> batched = pack_->generate_batch(
        mode, kPrompts, options, batch_size, [&](int64_t done, int64_t total) {
          QCOMPARE(total, static_cast<int64_t>(kPrompts.size()));
          reported.push_back(done);
        });
    QCOMPARE(batched.size(), kPrompts.size());
    QCOMPARE(reported.back(), static_cast<int64_t>(kPrompts.size()));
    for (std::size_t i = 0; i < kPrompts.size(); ++i) {
      const GenerationResult alone = pack_->generate(mode, kPrompts[i], options);
      QVERIFY(!alone.tokens.empty());
      QCOMPARE(batched[i].tokens, alone.tokens);
      QCOMPARE(batched[i].text, alone.text);
      QCOMPARE(batched[i].metrics.prompt_tokens, alone.metrics.prompt_tokens);
      QCOMPARE(batched[i].metrics.generated_tokens, alone.metrics.generated_tokens);
      // One shared step time per generated token (and one for EOS when emitted).
      QCOMPARE(batched[i].metrics.token_ms.size(), alone.metrics.token_ms.size());
    }
  }

 private slots:
  void initTestCase() {
    QVERIFY(temp_.isValid());
    pack_ = std::make_unique<PackRunner>(
        PackRunner::load(testing::make_tiny_pack(temp_.filePath("pack").toStdString(), /*with_baseline=*/true)));
  }

  void greedyRowsMatchBatchOne_data() {
    QTest::addColumn<QString>("mode");
    QTest::addColumn<int>("batch");
    for (const char* mode : {"llm", "l2s", "slm"})
      for (int batch : {1, 2, 5, 32})
        QTest::newRow(qPrintable(QString("%1 batch %2").arg(mode).arg(batch))) << QString(mode) << batch;
  }
  void greedyRowsMatchBatchOne() {
    QFETCH(QString, mode);
    QFETCH(int, batch);
    GenerationOptions greedy;
    greedy.max_new_tokens = 12;
    expect_rows_match(mode.toStdString(), greedy, batch);
  }

  // Each row samples from its own generator, seeded as a batch-1 run's.
  void samplingAndPenaltiesMatchBatchOne() {
    GenerationOptions sampling;
    sampling.max_new_tokens = 10;
    sampling.do_sample = true;
    sampling.top_k = 20;
    sampling.top_p = 0.9;
    sampling.temperature = 0.8;
    sampling.seed = 7;
    expect_rows_match("l2s", sampling, 3);
    GenerationOptions penalised;
    penalised.max_new_tokens = 10;
    penalised.repetition_penalty = 1.5;
    penalised.no_repeat_ngram_size = 2;
    expect_rows_match("llm", penalised, 4);
  }

  // Beam search is not batched: the prompts run one at a time, same results.
  void beamSearchRunsOneAtATime() {
    GenerationOptions beams;
    beams.max_new_tokens = 6;
    beams.num_beams = 3;
    expect_rows_match("slm", beams, 4);
  }

  void badPromptsAreNamed() {
    GenerationOptions greedy;
    expect_error([&] { pack_->generate_batch("l2s", {"a man.", "   "}, greedy, 2); }, "prompt 2: the prompt is empty");
    expect_error([&] { pack_->generate_batch("l2s", {"a man."}, greedy, 0); }, "the batch size must be at least 1");
    expect_error([&] { pack_->generate_batch("nope", {"a man."}, greedy, 2); }, "nope");
  }

  // Weights one decode step reads, counted by hand for the tiny SLM
  // (d_model 16, 2 heads of 8, d_ff 32, one ReLU decoder block, tied head):
  // self-attention q,k,v,o 4*16*16; cross-attention q,o 2*16*16 (its keys
  // and values are projected once per prompt); wi, wo 2*32*16; three block
  // norms and the final norm 4*16; the LM head vocab*16; 4 bytes each.
  void decodeStepWeightBytesAreCountedByHand() {
    const int64_t vocab = Tokenizer::load(temp_.filePath("pack/spiece.model").toStdString()).vocab_size();
    const int64_t floats = 4 * 256 + 2 * 256 + 2 * 512 + 4 * 16 + vocab * 16;
    QCOMPARE(pack_->describe("l2s").decode_step_weight_bytes, 4 * floats);
    QCOMPARE(pack_->describe("slm").decode_step_weight_bytes, 4 * floats);
    QVERIFY(pack_->describe("llm").decode_step_weight_bytes > 4 * floats);
  }

  void benchReportsTheLimitAtBatchN() {
    BenchmarkSettings settings;
    settings.modes = {"llm", "l2s"};
    settings.generation.max_new_tokens = 8;
    settings.batch_size = 4;
    const BenchmarkReport report = run_benchmark(*pack_, kPrompts, {}, settings);
    QVERIFY(report.machine.memory_read_gb_per_s > 0.1);
    for (const ModeSummary& mode : report.modes) {
      QCOMPARE(mode.outputs.size(), kPrompts.size());
      QCOMPARE(mode.outputs[1], pack_->generate(mode.mode, kPrompts[1], settings.generation).text);
      QVERIFY(mode.batched_seconds > 0);
      QVERIFY(mode.tokens_per_second() > 0);
      QVERIFY(mode.weight_read_bound_ms(report.machine.memory_read_gb_per_s) > 0);
      QVERIFY(mode.token_ms_over_bound(report.machine.memory_read_gb_per_s) > 0);
    }
    const std::string json = report.to_json();
    for (const char* field : {"\"memory_read_gb_per_s\"", "\"decode_weight_bytes_per_step\"", "\"weight_read_bound_ms\"",
                              "\"token_ms_over_bound\"", "\"batch_size\": 4"})
      QVERIFY2(json.find(field) != std::string::npos, field);
  }
};

QTEST_APPLESS_MAIN(TestBatchedGeneration)
#include "test_batched_generation.moc"

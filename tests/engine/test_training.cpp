// Training: loss, optimizer, schedule, data validation, batching, a tiny
// model overfitting a tiny corpus, exact resume, the frozen LLM of l2s
// training, and checkpoints that survive an interrupted write.
#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

#include <QTemporaryDir>
#include <QtTest>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "l2s/error.h"
#include "engine/io/checkpoint.h"
#include "engine/models/t5_model.h"
#include "engine/models/t5_family.h"
#include "l2s/generator.h"
#include "l2s/tokenizer.h"
#include "engine/training/adamw.h"
#include "engine/training/batching.h"
#include "engine/training/checkpoint_store.h"
#include "engine/training/l2s_training_model.h"
#include "engine/training/lm_training_model.h"
#include "engine/training/loss.h"
#include "l2s/training/lr_schedule.h"
#include "l2s/training/parallel_text.h"
#include "engine/training/tokenized_corpus.h"
#include "l2s/training/trainer.h"
#include "engine/training/trainer_state.h"
#include "engine/training/training_batch.h"
#include "l2s/training/training_config.h"
#include "error_checks.h"
#include "tiny_pack.h"

using namespace l2s;
using l2s::testing::expect_error;
using namespace l2s::training;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {


at::Tensor longs(std::vector<int64_t> values) { return at::tensor(values, at::kLong); }

void write_text(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// Every tensor of a safetensors file, copied.
std::map<std::string, at::Tensor> read_tensors(const std::string& path) {
  io::Checkpoint file = io::Checkpoint::open_file(path);
  std::map<std::string, at::Tensor> tensors;
  for (const auto& name : file.names()) tensors[name] = file.load_float(name).clone();
  return tensors;
}

// Bit-identical: same names, shapes and every float bit.
void expect_identical(const std::string& a, const std::string& b) {
  auto x = read_tensors(a), y = read_tensors(b);
  QCOMPARE(x.size(), y.size());
  for (const auto& [name, tensor] : x) {
    QVERIFY2(y.count(name), qPrintable(QString::fromStdString(name)));
    QVERIFY2(at::equal(tensor, y[name]), qPrintable(QString::fromStdString(b + ": " + name + " differs")));
  }
}

// A small English -> "German" corpus built from the tiny pack's vocabulary.
const std::vector<std::pair<std::string, std::string>> kPairs = {
    {"a man is walking in the park.", "ein mann im park."},
    {"a woman plays on the street.", "eine frau spielt auf der strasse."},
    {"the child is sitting near the water.", "ein mann sitzt."},
    {"two dogs run in the park.", "eine frau im park."},
};

}  // namespace

class TestTraining : public QObject {
  Q_OBJECT

  QTemporaryDir temp_;
  std::string pack_, data_;

  std::string path(const std::string& name) const { return temp_.filePath(QString::fromStdString(name)).toStdString(); }

  // A small config: lm from scratch, or l2s with the tiny pack's LLM.
  json base_config(const std::string& mode, const std::string& output) const {
    json c = {{"mode", mode},
              {"train", data_},
              {"tokenizer", pack_ + "/spiece.model"},
              {"max_tokens", 64},
              {"warmup_steps", 0},
              {"schedule", "constant"},
              {"lr", 3e-3},
              {"label_smoothing", 0.0},
              {"dropout", 0.0},
              {"max_steps", 6},
              {"epochs", 0},
              {"log_interval", 1},
              {"eval_interval", 0},
              {"save_interval", 0},
              {"seed", 7},
              {"threads", 1},
              {"output", output}};
    const json tiny = {{"d_model", 16}, {"d_kv", 8}, {"num_heads", 2}, {"d_ff", 32}, {"num_layers", 1},
                       {"num_decoder_layers", 1}, {"dropout_rate", 0.0}};
    c["model_config"] = tiny;
    if (mode == "l2s") c["llm"] = pack_ + "/llm";
    return c;
  }

  static TrainingConfig parse(const json& c) { return parse_training_config(c.dump(), "test config"); }

 private slots:
  void initTestCase() {
    QVERIFY(temp_.isValid());
    pack_ = testing::make_tiny_pack(path("pack"), /*with_baseline=*/false);
    data_ = path("train.tsv");
    std::string tsv;
    for (const auto& [s, t] : kPairs) tsv += s + "\t" + t + "\n";
    write_text(data_, tsv);
  }

  void labelSmoothedLossMatchesHandComputation() {
    // Vocabulary of 3, smoothing eps = 0.3: the target puts 0.7 + 0.1 on the
    // label and 0.1 on each other token, so per position
    //   loss = -0.7 log p(label) - 0.1 * (log p0 + log p1 + log p2).
    // Position 1: logits [0, ln 2, 0] -> p = [1/4, 1/2, 1/4], label 1:
    //   0.7 ln 2 + 0.1 (2 + 1 + 2) ln 2 = 1.2 ln 2.
    // Position 2: logits [0, 0, 0] -> p = 1/3 each, label 2:
    //   0.7 ln 3 + 0.1 * 3 ln 3 = ln 3.
    // Position 3 is padding (kIgnoreLabel) and adds nothing, whatever its logits.
    at::Tensor logits = at::tensor({0.0f, std::log(2.0f), 0.0f, 0.0f, 0.0f, 0.0f, 5.0f, -1.0f, 2.0f}).view({3, 3});
    at::Tensor labels = longs({1, 2, kIgnoreLabel});
    const double expected = 1.2 * std::log(2.0) + std::log(3.0);
    QVERIFY(std::abs(smoothed_cross_entropy_sum(logits, labels, 0.3).item<double>() - expected) < 1e-5);
    // Without smoothing: ln 2 + ln 3.
    QVERIFY(std::abs(smoothed_cross_entropy_sum(logits, labels, 0.0).item<double>() - std::log(6.0)) < 1e-5);
  }

  void batchesAreT5StyleTargets() {
    TokenSequences sources, targets;
    sources.append({5, 6, 1});
    targets.append({7, 8, 1});
    sources.append({9, 1});
    targets.append({4, 1});
    TrainingBatch b = make_batch(sources, targets, {0, 1}, /*pad=*/0, /*start=*/0);
    QVERIFY(at::equal(b.decoder_ids, longs({0, 7, 8, 0, 4, 0}).view({2, 3})));
    QVERIFY(at::equal(b.labels, longs({7, 8, 1, 4, 1, kIgnoreLabel}).view({2, 3})));
    QVERIFY(at::equal(b.source_mask, longs({1, 1, 1, 1, 1, 0}).view({2, 3})));
    QCOMPARE(b.target_tokens, int64_t{5});
  }

  void adamwStepMatchesHandComputation() {
    // W [1, 2] decays, the bias [1] (1-D) does not. lr 0.1, weight decay
    // 0.01, betas (0.9, 0.999), eps 1e-8. First step, grad g:
    //   W <- W * (1 - lr * wd) = W * 0.999
    //   m = 0.1 g, v = 0.001 g^2; bias-corrected m^ = g, sqrt(v^) = |g|
    //   W <- W - lr * g / (|g| + eps)
    // W = [1, -2], g = [0.5, 1e-8]: [0.999 - 0.1, -1.998 - 0.1 * 1e-8 / 2e-8]
    //   = [0.899, -2.048] (eps is half the denominator of the second entry).
    // b = 0.5, g = -2: b <- 0.5 + 0.1 = 0.6 (no decay).
    at::Tensor w = at::tensor({1.0f, -2.0f}).view({1, 2}).requires_grad_(true);
    at::Tensor b = at::tensor({0.5f}).requires_grad_(true);
    AdamW adam({{"w", w, true}, {"b", b, false}}, AdamWOptions{0.9, 0.999, 1e-8, 0.01});
    w.mutable_grad() = at::tensor({0.5f, 1e-8f}).view({1, 2});
    b.mutable_grad() = at::tensor({-2.0f});
    adam.step(0.1);
    QVERIFY(at::allclose(w.detach(), at::tensor({0.899f, -2.048f}).view({1, 2}), 0, 1e-6));
    QVERIFY(at::allclose(b.detach(), at::tensor({0.6f}), 0, 1e-6));
    QVERIFY(at::allclose(adam.exp_avg(0), at::tensor({0.05f, 1e-9f}).view({1, 2}), 1e-6, 0));
    QVERIFY(at::allclose(adam.exp_avg_sq(0), at::tensor({2.5e-4f, 1e-19f}).view({1, 2}), 1e-5, 0));
    // Second step, g = [-0.5, 0] on W[0]: decay 0.899 * 0.999 = 0.898101;
    // m = 0.045 - 0.05 = -0.005, v = 0.00024975 + 0.00025 = 0.00049975;
    // m^ = -0.005 / 0.19, sqrt(v^) = sqrt(0.00049975 / 0.001999) = 0.5;
    // W[0] = 0.898101 + 0.1 * (0.005 / 0.19) / 0.5 = 0.903364.
    adam.zero_grad();
    w.mutable_grad() = at::tensor({-0.5f, 0.0f}).view({1, 2});
    adam.step(0.1);
    QVERIFY(std::abs(w[0][0].item<double>() - (0.898101 + 0.1 * (0.005 / 0.19) / 0.5)) < 1e-6);
    QCOMPARE(adam.steps(), int64_t{2});
  }

  void adamwRelativeStepScalesByParameterRms() {
    // First step: m^ / sqrt(v^) = sign(g), so each entry moves by
    // lr * max(1e-3, RMS(tensor)). W = [3, -4]: RMS = sqrt(12.5) = 3.5355339;
    // b = [1e-5]: the 1e-3 floor applies. lr 0.1, no weight decay.
    at::Tensor w = at::tensor({3.0f, -4.0f}).requires_grad_(true);
    at::Tensor b = at::tensor({1e-5f}).requires_grad_(true);
    AdamWOptions options;
    options.weight_decay = 0;
    options.scale_by_parameter_rms = true;
    AdamW adam({{"w", w, true}, {"b", b, false}}, options);
    w.mutable_grad() = at::tensor({0.5f, -1.0f});
    b.mutable_grad() = at::tensor({-2.0f});
    adam.step(0.1);
    const double moved = 0.1 * std::sqrt(12.5);
    QVERIFY(at::allclose(w.detach(), at::tensor({float(3 - moved), float(-4 + moved)}), 0, 1e-5));
    QVERIFY(at::allclose(b.detach(), at::tensor({1e-5f + 1e-4f}), 0, 1e-9));
  }

  void lrScheduleValuesAtChosenSteps() {
    LrSchedule s{1e-3, 4, LrDecay::InverseSqrt, 10};
    QCOMPARE(s.at(1), 2.5e-4);   // warm-up: 1/4 of the peak
    QCOMPARE(s.at(4), 1e-3);     // the peak at the end of warm-up
    QCOMPARE(s.at(16), 5e-4);    // sqrt(4 / 16) = 1/2
    s.decay = LrDecay::Linear;
    QCOMPARE(s.at(5), 1e-3);        // (10 - 5 + 1) / 6
    QCOMPARE(s.at(8), 1e-3 / 2);    // 3 / 6
    QCOMPARE(s.at(10), 1e-3 / 6);   // the last update still moves
    s.decay = LrDecay::Constant;
    QCOMPARE(s.at(1000), 1e-3);
    LrSchedule no_warmup{1e-3, 0, LrDecay::InverseSqrt, 10};
    QCOMPARE(no_warmup.at(1), 1e-3);
    QCOMPARE(no_warmup.at(4), 5e-4);
  }

  void batchingIsDeterministicAndWithinBudget() {
    std::vector<int32_t> src, tgt;
    for (int i = 0; i < 500; ++i) {
      src.push_back(3 + (i * 7) % 20);
      tgt.push_back(2 + (i * 13) % 17);
    }
    BatchingOptions options{120, 64, 5};
    BatchPlan a = plan_epoch(src, tgt, options, 3), b = plan_epoch(src, tgt, options, 3);
    QVERIFY(a == b);
    QVERIFY(a != plan_epoch(src, tgt, options, 4));
    std::vector<int> seen(src.size(), 0);
    for (const auto& batch : a) {
      int64_t s = 0, t = 0;
      for (int64_t row : batch) {
        s = std::max<int64_t>(s, src[row]);
        t = std::max<int64_t>(t, tgt[row]);
        ++seen[row];
      }
      QVERIFY(static_cast<int64_t>(batch.size()) * (s + t) <= 120);
    }
    for (int count : seen) QCOMPARE(count, 1);  // every example once per epoch
  }

  void badDataNamesFileAndLine_data() {
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("phrase");
    QTest::newRow("ragged files") << "ragged" << "src.txt:3";
    QTest::newRow("empty line") << "empty" << "tgt.txt:2";
    QTest::newRow("invalid UTF-8") << "utf8" << "src.txt:2: invalid UTF-8";
    QTest::newRow("over-long line") << "long" << "src.txt:1: line is";
    QTest::newRow("JSONL syntax") << "jsonl" << "data.jsonl:2: not valid JSON";
    QTest::newRow("JSONL field") << "jsonl_field" << "data.jsonl:1: no \"target\" field";
    QTest::newRow("TSV without tab") << "tsv" << "data.tsv:2: expected SOURCE<TAB>TARGET";
    QTest::newRow("too many tokens") << "tokens" << "src.txt:2 / ";
  }

  void badDataNamesFileAndLine() {
    QFETCH(QString, kind);
    QFETCH(QString, phrase);
    QTemporaryDir dir;
    const std::string d = dir.path().toStdString();
    ParallelSource source;
    source.source_path = d + "/src.txt";
    source.target_path = d + "/tgt.txt";
    std::string src = "a man\nthe child is walking in the park near the water\n", tgt = "ein mann\neine frau\n";
    if (kind == "ragged") src += "two dogs\n";
    if (kind == "empty") tgt = "ein mann\n\n";
    if (kind == "utf8") src = "a man\nbad \xff byte\n";
    if (kind == "long") {
      src = "a man is walking in the park with two dogs\nx\n";
      source.max_line_bytes = 16;
    }
    write_text(source.source_path, src);
    write_text(source.target_path, tgt);
    if (kind == "jsonl" || kind == "jsonl_field") {
      source = ParallelSource{};
      source.path = d + "/data.jsonl";
      write_text(source.path, kind == "jsonl" ? "{\"source\": \"a\", \"target\": \"b\"}\n{not json\n"
                                              : "{\"source\": \"a\"}\n");
    }
    if (kind == "tsv") {
      source = ParallelSource{};
      source.path = d + "/data.tsv";
      write_text(source.path, "a man\tein mann\nno tab here\n");
    }
    expect_error(
        [&] {
          ParallelText text = read_parallel_text(source);
          Tokenizer tokenizer = Tokenizer::load(pack_ + "/spiece.model");
          tokenize_corpus(text, tokenizer, tokenizer, LengthLimits{6, 6, false}, "", false);
        },
        phrase.toStdString());
  }

  void tooLongSequencesCanBeTruncated() {
    ParallelText text;
    text.source_file = text.target_file = "mem.tsv";
    text.sources = {"the child is walking in the park near the water"};
    text.targets = {"ein mann"};
    Tokenizer tokenizer = Tokenizer::load(pack_ + "/spiece.model");
    TokenizedCorpus corpus = tokenize_corpus(text, tokenizer, tokenizer, LengthLimits{6, 6, true}, "", false);
    QCOMPARE(corpus.sources.length(0), int64_t{6});
    QCOMPARE(static_cast<int64_t>(corpus.sources.data(0)[5]), int64_t{1});
    QCOMPARE(corpus.truncated, int64_t{1});
  }

  void configRejectsUnknownKeysAndMissingSettings() {
    json c = base_config("lm", path("unused"));
    c["learning_rate"] = 1;
    expect_error([&] { parse(c); }, "unknown key \"learning_rate\"");
    c.erase("learning_rate");
    c.erase("model_config");
    expect_error([&] { parse(c); }, "model_config");
    c = base_config("l2s", path("unused"));
    c.erase("llm");
    expect_error([&] { parse(c); }, "\"llm\"");
    // Flags override the file, typed by key.
    TrainingConfig parsed = parse_training_config(base_config("lm", path("x")).dump(), "t", {{"lr", "0.5"}, {"resume", ""}});
    QCOMPARE(parsed.lr, 0.5);
    QVERIFY(parsed.resume);
    expect_error([&] { parse_training_config(base_config("lm", path("x")).dump(), "t", {{"max_tokens", "lots"}}); },
                 "--max_tokens: expected an integer");
  }

  void tinyModelOverfitsTinyCorpus() {
    QElapsedTimer timer;
    timer.start();
    json c = base_config("lm", path("overfit"));
    c["model_config"]["d_model"] = 32;
    c["model_config"]["d_ff"] = 64;
    c["lr"] = 1e-2;
    c["max_tokens"] = 1024;  // the whole corpus in every batch: each step's loss covers it all
    c["max_steps"] = 200;
    c["log_interval"] = 20;
    c["dev"] = data_;
    c["eval_interval"] = 100;
    double last_loss = 1e9;
    int64_t steps_to_threshold = -1;
    TrainingCallbacks callbacks;
    callbacks.on_step = [&](const TrainingProgress& p) {
      if (p.step % 20 == 1) last_loss = p.loss;
      if (steps_to_threshold < 0 && p.step % 20 == 1 && p.loss < 0.05) steps_to_threshold = p.step;
    };
    Trainer trainer(parse(c), callbacks);
    TrainingResult result = trainer.run();
    QVERIFY(result.outcome == TrainingOutcome::Finished);
    QVERIFY2(steps_to_threshold > 0, qPrintable(QString("loss still %1 after 200 steps").arg(last_loss)));
    QVERIFY(result.last_dev.has_value());
    QCOMPARE(result.last_dev->metrics.at(0).name, std::string("bleu"));  // the default task: translate
    QCOMPARE(result.last_dev->metrics.at(0).value, 100.0);  // the dev set is the training set
    QCOMPARE(result.last_dev->primary, 100.0);

    // The output folder is a Hugging Face T5 folder: greedy decoding from it
    // reproduces the training targets.
    Generator generator = Generator::load(path("overfit"));
    GenerationOptions greedy;
    greedy.max_new_tokens = 32;
    for (const auto& [source, target] : kPairs)
      QCOMPARE(QString::fromStdString(generator.generate(generator.tokenize(source), greedy).text),
               QString::fromStdString(target));
    QVERIFY(fs::exists(path("overfit") + "/best/model.safetensors"));
    QVERIFY(fs::exists(path("overfit") + "/latest"));
    // One log line per interval and per evaluation.
    std::istringstream log(read_text(path("overfit") + "/train.jsonl"));
    int train_lines = 0, eval_lines = 0;
    for (std::string line; std::getline(log, line);) {
      json entry = json::parse(line);
      (entry["event"] == "eval" ? eval_lines : train_lines)++;
    }
    QCOMPARE(train_lines, 10);
    QCOMPARE(eval_lines, 2);
    qInfo("overfit: loss < 0.05 at step %lld, %.0f tokens/s, %.1f s", static_cast<long long>(steps_to_threshold),
          result.tokens_per_s, timer.elapsed() / 1000.0);
  }

  // task "summarize": the dev set is scored with ROUGE-1/2/L and ROUGE-L
  // chooses best/ (recorded in the checkpoint's state as best_dev_score).
  void summarizeTaskPicksTheBestCheckpointByRougeL() {
    json c = base_config("lm", path("summarize"));
    c["task"] = "summarize";
    c["dev"] = data_;
    c["max_steps"] = 9;
    c["eval_interval"] = 3;
    Trainer trainer(parse(c));
    const TrainingResult result = trainer.run();
    QVERIFY(result.last_dev.has_value());
    std::vector<std::string> names;
    for (const auto& metric : result.last_dev->metrics) names.push_back(metric.name);
    QCOMPARE(names, (std::vector<std::string>{"rouge1", "rouge2", "rougeL"}));
    QCOMPARE(result.last_dev->primary, result.last_dev->metrics.at(2).value);

    std::istringstream log(read_text(path("summarize") + "/train.jsonl"));
    double best_rouge_l = -1;
    int evaluations = 0;
    for (std::string line; std::getline(log, line);) {
      const json entry = json::parse(line);
      if (entry["event"] != "eval") continue;
      ++evaluations;
      QVERIFY(entry.contains("dev_rouge1") && entry.contains("dev_rouge2") && !entry.contains("dev_bleu"));
      best_rouge_l = std::max(best_rouge_l, entry["dev_rougeL"].get<double>());
    }
    QCOMPARE(evaluations, 3);
    QVERIFY(best_rouge_l > 0);  // the run learned something: the check below compares real values
    const std::string latest = CheckpointStore(path("summarize"), 2).latest().value();
    const json state = json::parse(read_text(latest + "/trainer_state/state.json"));
    QCOMPARE(state["best_dev_score"].get<double>(), best_rouge_l);

    // Checkpoints written before tasks chose the metric name it best_dev_bleu.
    json old_state = state;
    old_state.erase("best_dev_score");
    old_state["best_dev_bleu"] = 12.5;
    QCOMPARE(TrainerState::from_json(old_state.dump(), "old state").best_dev_score, 12.5);

    c["task"] = "custom";
    expect_error([&] { parse(c); }, "\"task\": no metrics for the task \"custom\"");
  }

  void resumedRunEqualsUninterrupted_data() {
    QTest::addColumn<QString>("mode");
    QTest::addColumn<int>("threads");
    QTest::newRow("lm, 1 thread") << "lm" << 1;
    QTest::newRow("lm, 2 threads") << "lm" << 2;
    QTest::newRow("l2s, 1 thread") << "l2s" << 1;
    QTest::newRow("l2s, 2 threads") << "l2s" << 2;
  }

  void resumedRunEqualsUninterrupted() {
    QFETCH(QString, mode);
    QFETCH(int, threads);
    const std::string tag = mode.toStdString() + std::to_string(threads);
    // Dropout, label smoothing, accumulation, several batches per epoch and
    // a linear schedule: everything that could drift on resume.
    json c = base_config(mode.toStdString(), "");
    c["threads"] = threads;
    c["dropout"] = 0.1;
    c["label_smoothing"] = 0.1;
    c["accumulation"] = 2;
    c["max_tokens"] = 40;
    c["max_steps"] = 0;
    c["epochs"] = 3;
    c["schedule"] = "linear";
    c["warmup_steps"] = 2;
    c["weight_decay"] = 0.1;
    c["dev"] = data_;
    c["eval_interval"] = 2;
    c["eval_max_new_tokens"] = 12;  // an untrained model never says EOS

    c["output"] = path("straight-" + tag);
    Trainer straight(parse(c));
    const int64_t total = straight.total_steps();
    QVERIFY(total >= 4);
    QVERIFY(straight.run().outcome == TrainingOutcome::Finished);

    c["output"] = path("resumed-" + tag);
    std::atomic<bool> stop{false};
    TrainingCallbacks callbacks;
    callbacks.on_step = [&](const TrainingProgress& p) {
      if (p.step == total / 2 + 1) stop = true;  // an odd step: mid-epoch, between evaluations
    };
    {
      Trainer first(parse(c), callbacks);
      TrainingResult r = first.run(&stop);
      QVERIFY(r.outcome == TrainingOutcome::Interrupted);
      QCOMPARE(r.step, total / 2 + 1);
    }
    expect_error([&] { Trainer again(parse(c)); }, "--resume");  // no silent overwrite
    c["resume"] = true;
    Trainer second(parse(c));
    QCOMPARE(second.start_step(), total / 2 + 1);
    QVERIFY(second.run().outcome == TrainingOutcome::Finished);

    const std::string a = path("straight-" + tag), b = path("resumed-" + tag);
    const std::string latest_a = CheckpointStore(a, 2).latest().value(), latest_b = CheckpointStore(b, 2).latest().value();
    expect_identical(CheckpointStore::optimizer_path(latest_a), CheckpointStore::optimizer_path(latest_b));
    if (mode == "lm") {
      expect_identical(a + "/model.safetensors", b + "/model.safetensors");
    } else {
      expect_identical(a + "/slm/model.safetensors", b + "/slm/model.safetensors");
      expect_identical(a + "/projector/model.safetensors", b + "/projector/model.safetensors");
    }
    // The resumed log reads as one run: every step once.
    std::istringstream log(read_text(b + "/train.jsonl"));
    std::vector<int64_t> steps;
    for (std::string line; std::getline(log, line);) {
      json entry = json::parse(line);
      if (entry["event"] == "train") steps.push_back(entry["step"].get<int64_t>());
    }
    QCOMPARE(static_cast<int64_t>(steps.size()), total);
    for (int64_t i = 0; i < total; ++i) QCOMPARE(steps[i], i + 1);
  }

  void l2sTrainingKeepsTheLlmFrozen() {
    const std::string llm_file = pack_ + "/llm/model.safetensors";
    const std::string llm_bytes = read_text(llm_file);
    json c = base_config("l2s", path("frozen"));
    c.erase("model_config");
    c["model_init"] = pack_ + "/slm";  // the SLM starts from a folder
    c["dropout"] = 0.1;
    Trainer trainer(parse(c));
    const auto& model = dynamic_cast<const L2sTrainingModel&>(trainer.model());
    std::vector<at::Tensor> before;
    for (const auto& p : model.parameters()) before.push_back(p.tensor.detach().clone());
    QVERIFY(trainer.run().outcome == TrainingOutcome::Finished);

    // Every LLM parameter is bit-identical to the file, which is untouched.
    T5Model original = T5Model::load(pack_ + "/llm");
    const T5Model& llm = dynamic_cast<const T5LanguageModel&>(model.llm()).model();
    T5Weights trained = llm.weights(), reference = original.weights();
    std::vector<at::Tensor> trained_llm;
    trained.visit(llm.config(), [&](const std::string&, at::Tensor& t, const std::vector<int64_t>&) {
      trained_llm.push_back(t);
    });
    std::size_t i = 0;
    reference.visit(original.config(), [&](const std::string& name, at::Tensor& t, const std::vector<int64_t>&) {
      QVERIFY2(at::equal(trained_llm[i++], t), qPrintable(QString::fromStdString(name)));
      QVERIFY(!trained_llm[i - 1].requires_grad());
    });
    QVERIFY(read_text(llm_file) == llm_bytes);
    // ... while every projector and SLM tensor moved.
    bool projector_seen = false;
    for (std::size_t k = 0; k < before.size(); ++k) {
      const NamedParameter& p = model.parameters()[k];
      projector_seen |= p.name.rfind("projector.", 0) == 0;
      QVERIFY2(!at::equal(before[k], p.tensor.detach()), qPrintable(QString::fromStdString(p.name + " unchanged")));
    }
    QVERIFY(projector_seen);
    QVERIFY(fs::exists(path("frozen") + "/slm/spiece.model"));
    QVERIFY(fs::exists(path("frozen") + "/projector/config.json"));
  }

  void stopDuringLlmEncodingAbandonsTheSetup() {
    json c = base_config("l2s", path("stopped-setup"));
    c.erase("model_config");
    c["model_init"] = pack_ + "/slm";
    int asked = 0;
    TrainingCallbacks callbacks;
    callbacks.stop_setup = [&] { return ++asked == 2; };
    try {
      Trainer trainer(parse(c), callbacks);
      QFAIL("a stop during the LLM's encoding should abandon the setup");
    } catch (const l2s::Error& e) {
      QVERIFY2(QString(e.what()).contains("interrupted while the frozen LLM encoded"), e.what());
    }
    QCOMPARE(asked, 2);  // checked batch by batch, and the encoding ended at the stop
    QVERIFY(!fs::exists(path("stopped-setup") + "/latest"));
    QVERIFY(!fs::exists(path("stopped-setup") + "/train.jsonl"));
  }

  void interruptedCheckpointWriteKeepsThePreviousOne() {
    const std::string out = path("checkpoints");
    fs::create_directories(out);
    T5Config config = T5Config::from_json_text(
        R"({"model_type": "t5", "vocab_size": 40, "d_model": 8, "d_kv": 4, "num_heads": 2, "d_ff": 16,
            "num_layers": 1, "num_decoder_layers": 1})",
        "tiny");
    LmTrainingModel model(std::make_unique<T5LanguageModel>(T5Model(config, init_t5_weights(config, 3))), "");
    AdamW adam(model.parameters(), AdamWOptions{});
    CheckpointStore store(out, 2);
    TrainerState state;
    state.step = 10;
    const std::string good = store.save(state, "{}", [&](const std::string& d) { model.save(d); }, adam);
    const at::Tensor saved = model.parameters()[0].tensor.detach().clone();

    {  // Training moves on; the next checkpoint dies half-way through.
      at::NoGradGuard no_grad;
      model.parameters()[0].tensor.add_(1.0);
    }
    state.step = 20;
    bool threw = false;
    try {
      store.save(state, "{}",
                 [&](const std::string& d) {
                   model.save(d);  // the model is written ...
                   throw std::runtime_error("simulated crash while writing the checkpoint");
                 },
                 adam);
    } catch (const std::runtime_error&) {
      threw = true;
    }
    QVERIFY(threw);
    QCOMPARE(QString::fromStdString(store.latest().value()), QString::fromStdString(good));
    QCOMPARE(CheckpointStore::read_state(good).step, int64_t{10});
    QVERIFY(at::equal(T5Model::load(good).weights().shared, saved));
    AdamW restored(model.parameters(), AdamWOptions{});
    restored.load(CheckpointStore::optimizer_path(good));
    for (const auto& entry : fs::directory_iterator(out))  // no half-written folder left
      QVERIFY2(entry.path().filename().string().find("partial") == std::string::npos,
               qPrintable(QString::fromStdString(entry.path().string())));
  }
};

QTEST_APPLESS_MAIN(TestTraining)
#include "test_training.moc"

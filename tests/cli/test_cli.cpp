// The `l2s` command as a user runs it: outputs, exit codes and the message
// each bad input gets.
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "tiny_pack.h"

namespace fs = std::filesystem;

namespace {

const QString kRelu = L2S_TEST_DATA_DIR "/t5/t5_v1_0_relu_tied";
const QString kPromptIds = "13 7 100 42 5 77 3 64 21 1";

struct Run {
  int exit_code;
  QString out, err;
};

Run run_l2s(const QStringList& arguments, const QByteArray& input = {}) {
  QProcess process;
  process.start(L2S_BIN_DIR "/l2s", arguments);
  if (!input.isNull()) process.write(input);
  process.closeWriteChannel();
  if (!process.waitForFinished(120000)) return {-1, "", "timed out"};
  return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2,
          QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError())};
}

// A copy of the conformance model that a test may damage.
QString copy_model(const QTemporaryDir& dir, const QString& name) {
  const std::string target = dir.filePath(name).toStdString();
  fs::copy(kRelu.toStdString(), target, fs::copy_options::recursive);
  return QString::fromStdString(target);
}

void write_file(const QString& path, const QByteArray& bytes) {
  std::ofstream(path.toStdString(), std::ios::binary | std::ios::trunc).write(bytes.data(), bytes.size());
}

QByteArray read_file(const QString& path) {
  std::ifstream in(path.toStdString(), std::ios::binary);
  return QByteArray::fromStdString(std::string(std::istreambuf_iterator<char>(in), {}));
}

nlohmann::json read_json(const QString& path) {
  std::ifstream in(path.toStdString(), std::ios::binary);
  return nlohmann::json::parse(in);
}

// Lines as a file's bytes, each ended by "\n".
QByteArray lines_of(const nlohmann::json& texts) {
  QByteArray bytes;
  for (const auto& text : texts) bytes += QByteArray::fromStdString(text.get<std::string>()) + "\n";
  return bytes;
}

}  // namespace

class TestCli : public QObject {
  Q_OBJECT

  QTemporaryDir temp_;
  QString pack_;

 private slots:
  void initTestCase() {
    QVERIFY(temp_.isValid());
    pack_ = QString::fromStdString(l2s::testing::make_tiny_pack(temp_.filePath("pack").toStdString(), true));
  }

  void helpAndVersion() {
    Run help = run_l2s({"--help"});
    QCOMPARE(help.exit_code, 0);
    // Every command is listed, and answers --help with its own usage.
    for (const char* command : {"generate", "compare", "bench", "eval", "score", "tokenizer", "convert", "average",
                                "train", "distill", "plot"}) {
      QVERIFY2(help.out.contains(QString("  ") + command), command);
      const Run usage = run_l2s({command, "--help"});
      QVERIFY2(usage.exit_code == 0 && usage.out.contains(QString("l2s ") + command), command);
    }
    QVERIFY(run_l2s({"--version"}).out.startsWith("l2s "));
    QCOMPARE(run_l2s({"frobnicate"}).exit_code, 2);
    QVERIFY(run_l2s({"generate", "--help"}).out.contains("--max-new-tokens"));
  }

  void generateReproducesTheGoldenGreedyIds() {
    Run run = run_l2s({"generate", "--model", kRelu, "--ids", "--max-new-tokens", "20", "--input-ids", kPromptIds});
    QCOMPARE(run.exit_code, 0);
    QCOMPARE(run.out.trimmed(), QString("114 114 44 83 83 83 123 123 114 114 114 20 83 83 83 123 123 123 123 123"));
  }

  // Any registered family: a Llama continues its prompt (BOS included by the
  // caller) exactly as transformers' greedy generate() does.
  void generateRunsADecoderOnlyModel() {
    Run run = run_l2s({"generate", "--model", L2S_TEST_DATA_DIR "/llama/llama_gqa_tied", "--ids", "--max-new-tokens",
                       "20", "--input-ids", "1 13 7 100 42 5 77 3 64"});
    QCOMPARE(run.exit_code, 0);
    QCOMPARE(run.out.trimmed(), QString("108 9 42 73 20 84 9 78 111 2"));
  }

  // Llama's special ids and framing: BOS first, no EOS; decode drops both.
  void tokenizerTrainsAndAppliesLlamaIds() {
    const QString prefix = temp_.filePath("llama_tok");
    Run train = run_l2s({"tokenizer", "train", "--input", pack_ + "/corpus.txt", "--model-prefix", prefix,
                         "--vocab-size", "40", "--special-ids", "llama"});
    QVERIFY2(train.exit_code == 0, qPrintable(train.err));
    Run encode = run_l2s({"tokenizer", "encode", "--model", prefix + ".model", "--bos", "--no-eos", "a man runs."});
    QCOMPARE(encode.exit_code, 0);
    const QStringList ids = encode.out.trimmed().split(' ');
    QCOMPARE(ids.front(), QString("1"));
    QVERIFY(!ids.contains("2"));
    Run decode = run_l2s({"tokenizer", "decode", "--model", prefix + ".model", encode.out.trimmed() + " 2"});
    QCOMPARE(decode.out.trimmed(), QString("a man runs."));
    Run bad = run_l2s({"tokenizer", "train", "--input", pack_ + "/corpus.txt", "--model-prefix", prefix,
                       "--special-ids", "gpt"});
    QVERIFY(bad.exit_code == 1 && bad.err.contains("special ids must be t5 or llama"));
  }

  void generateStreamsTextFromAPack() {
    for (const char* mode : {"llm", "l2s", "slm"}) {
      Run run = run_l2s({"generate", "--pack", pack_, "--mode", mode, "--max-new-tokens", "8", "--stats", "--ids",
                         "a man plays."});
      QVERIFY2(run.exit_code == 0, qPrintable(run.err));
      QCOMPARE(run.out.trimmed().split(' ').size(), 8);  // the tiny pack never emits EOS first
      QVERIFY(run.err.contains("time to first token ms"));
    }
    Run from_stdin = run_l2s({"generate", "--pack", pack_, "--max-new-tokens", "4", "-"}, "a dog runs.\n");
    QVERIFY2(from_stdin.exit_code == 0, qPrintable(from_stdin.err));
  }

  // A file of prompts in batches: one answer line per prompt, in file order,
  // each the answer the prompt gets alone; bad flags and lines are named.
  void generateAnswersAFileInBatches() {
    const QStringList prompts = {"a man plays.", "two dogs run in the park near the water.", "a dog."};
    const QString input = temp_.filePath("prompts.txt"), output = temp_.filePath("answers.txt");
    write_file(input, prompts.join('\n').toUtf8() + "\n");
    Run run = run_l2s({"generate", "--pack", pack_, "--mode", "l2s", "--max-new-tokens", "6", "--input-file", input,
                       "--output", output, "--batch-size", "2", "--stats"});
    QVERIFY2(run.exit_code == 0, qPrintable(run.err));
    QVERIFY(run.err.contains("3/3"));  // the progress bar
    QVERIFY(run.err.contains("3 prompts at batch 2"));
    const QStringList answers = QString::fromUtf8(read_file(output)).split('\n');
    QCOMPARE(answers.size(), prompts.size() + 1);  // the last line ends with a line break
    for (int i = 0; i < prompts.size(); ++i) {
      Run alone = run_l2s({"generate", "--pack", pack_, "--mode", "l2s", "--max-new-tokens", "6", prompts[i]});
      QCOMPARE(answers[i], alone.out.trimmed());
    }
    write_file(temp_.filePath("gap.txt"), "a dog.\n\na cat.\n");
    Run gap = run_l2s({"generate", "--pack", pack_, "--input-file", temp_.filePath("gap.txt")});
    QCOMPARE(gap.exit_code, 1);
    QVERIFY2(gap.err.contains("gap.txt:2: empty prompt line"), qPrintable(gap.err));
    Run stray = run_l2s({"generate", "--pack", pack_, "--batch-size", "4", "a dog."});
    QCOMPARE(stray.exit_code, 1);
    QVERIFY2(stray.err.contains("--output and --batch-size apply with --input-file"), qPrintable(stray.err));
  }

  void compareReportsTheSpeedup() {
    Run run = run_l2s({"compare", "--pack", pack_, "--max-new-tokens", "8", "--with-baseline", "two dogs run."});
    QVERIFY2(run.exit_code == 0, qPrintable(run.err));
    QVERIFY(run.out.contains("[llm]") && run.out.contains("[l2s]") && run.out.contains("[slm]"));
    QVERIFY(run.out.contains("speedup l2s over llm"));
  }

  void benchWritesItsJsonReport() {
    const QString src = temp_.filePath("src.txt"), ref = temp_.filePath("ref.txt"), json = temp_.filePath("b.json");
    write_file(src, "a man plays.\ntwo dogs run.\n");
    write_file(ref, "ein mann spielt.\nzwei hunde laufen.\n");
    Run run = run_l2s({"bench", "--pack", pack_, "--src", src, "--ref", ref, "--modes", "llm,l2s,slm",
                   "--max-new-tokens", "6", "--json", json});
    QVERIFY2(run.exit_code == 0, qPrintable(run.err));
    QVERIFY(run.out.contains("BLEU") && run.out.contains("speedup"));
    QVERIFY(read_file(json).contains("\"speedup_l2s_over_llm\""));
    QVERIFY(run.err.contains("ETA"));  // the progress bar

    write_file(ref, "only one line\n");
    Run ragged = run_l2s({"bench", "--pack", pack_, "--src", src, "--ref", ref});
    QCOMPARE(ragged.exit_code, 1);
    QVERIFY(ragged.err.contains("line-aligned"));
  }

  // Mode verified in bench and compare: the LLM's outputs, with the share of
  // drafts the LLM kept and the tokens per LLM decoder pass.
  void verifiedReportsItsDrafts() {
    const QString src = temp_.filePath("verified.src"), json = temp_.filePath("verified.json");
    write_file(src, "a man plays.\ntwo dogs run.\nthe child is sitting near the water.\n");
    Run bench = run_l2s({"bench", "--pack", pack_, "--src", src, "--modes", "llm,verified", "--max-new-tokens", "12",
                         "--draft-tokens", "3", "--warmup", "0", "--json", json});
    QVERIFY2(bench.exit_code == 0, qPrintable(bench.err));
    QVERIFY(bench.out.contains("acceptance rate") && bench.out.contains("tokens per LLM step"));
    QVERIFY(bench.out.contains("speedup verified over llm"));
    const nlohmann::json report = read_json(json);
    const nlohmann::json& verified = report["modes"]["verified"];
    QCOMPARE(verified["kind"].get<std::string>(), std::string("verified"));
    QVERIFY(verified["acceptance_rate"].get<double>() >= 0 && verified["acceptance_rate"].get<double>() <= 1);
    QVERIFY(verified["tokens_per_llm_step"].get<double>() > 0);
    QCOMPARE(verified["outputs"], report["modes"]["llm"]["outputs"]);
    QCOMPARE(report["settings"]["draft_tokens"].get<int>(), 3);

    Run compare = run_l2s({"compare", "--pack", pack_, "--modes", "llm,verified", "--max-new-tokens", "8", "two dogs run."});
    QVERIFY2(compare.exit_code == 0, qPrintable(compare.err));
    QVERIFY(compare.out.contains("[verified]") && compare.out.contains("tokens per LLM step"));
  }

  // The preset's task (or --task) chooses the metrics of eval and bench.
  void evalAndBenchScoreTheTasksMetrics() {
    const QString src = temp_.filePath("task.src"), ref = temp_.filePath("task.ref"), json = temp_.filePath("task.json");
    write_file(src, "a man plays.\ntwo dogs run.\n");
    write_file(ref, "man plays\ndogs run\n");
    const QStringList common = {"--pack", pack_, "--src", src, "--ref", ref, "--max-new-tokens", "4"};
    Run translate = run_l2s(QStringList{"eval"} + common);  // the tiny pack's preset: translate
    QVERIFY2(translate.exit_code == 0, qPrintable(translate.err));
    QVERIFY(translate.out.contains("task: translate") && translate.out.contains("BLEU") && translate.out.contains("chrF"));

    Run summarize = run_l2s(QStringList{"eval", "--task", "summarize"} + common);
    QVERIFY2(summarize.exit_code == 0, qPrintable(summarize.err));
    QVERIFY(summarize.out.contains("task: summarize") && summarize.out.contains("ROUGE-L"));
    QVERIFY(!summarize.out.contains("BLEU"));

    Run bench = run_l2s(QStringList{"bench", "--task", "summarize", "--modes", "llm,l2s", "--warmup", "0", "--json", json} +
                        common);
    QVERIFY2(bench.exit_code == 0, qPrintable(bench.err));
    const nlohmann::json report = read_json(json);
    QCOMPARE(report["task"].get<std::string>(), std::string("summarize"));
    for (const char* mode : {"llm", "l2s"})
      QVERIFY(report["modes"][mode]["metrics"].contains("rougeL") && !report["modes"][mode].contains("bleu"));

    Run unknown = run_l2s(QStringList{"eval", "--task", "poetry"} + common);
    QCOMPARE(unknown.exit_code, 1);
    QVERIFY(unknown.err.contains("no metrics for the task \"poetry\""));
    Run no_preset = run_l2s(QStringList{"eval", "--preset", "Rhyme"} + common);
    QCOMPARE(no_preset.exit_code, 1);
    QVERIFY(no_preset.err.contains("no preset named 'Rhyme'"));
  }

  // A pack's max_input_tokens: longer prompts are refused with both counts,
  // or cut with --truncate, which says on stderr how much was dropped.
  void longPromptsAreRefusedUnlessTruncated() {
    const std::string limited = temp_.filePath("limited_pack").toStdString();
    fs::copy(pack_.toStdString(), limited, fs::copy_options::recursive);
    nlohmann::json info = read_json(QString::fromStdString(limited + "/pack.json"));
    info["max_input_tokens"] = 8;
    write_file(QString::fromStdString(limited + "/pack.json"), QByteArray::fromStdString(info.dump()));
    const QString pack = QString::fromStdString(limited);
    const QString text = "a man is walking in the park with two dogs and a child near the water.";

    Run refused = run_l2s({"generate", "--pack", pack, "--max-new-tokens", "3", text});
    QCOMPARE(refused.exit_code, 1);
    QVERIFY2(refused.err.contains("tokens; at most 8 are accepted"), qPrintable(refused.err));
    Run cut = run_l2s({"generate", "--pack", pack, "--max-new-tokens", "3", "--truncate", text});
    QVERIFY2(cut.exit_code == 0, qPrintable(cut.err));
    QVERIFY2(cut.err.contains("the prompt was cut to 8 tokens (max_input_tokens)") && cut.err.contains("tokens dropped"),
             qPrintable(cut.err));
    Run compare = run_l2s({"compare", "--pack", pack, "--max-new-tokens", "3", "--truncate", text});
    QVERIFY2(compare.exit_code == 0, qPrintable(compare.err));
    QVERIFY2(compare.err.contains("l2s compare: llm: the prompt was cut"), qPrintable(compare.err));

    const QString src = temp_.filePath("long.src");
    write_file(src, (text + "\na dog.\n").toUtf8());
    Run bench = run_l2s({"bench", "--pack", pack, "--src", src, "--modes", "l2s", "--warmup", "0", "--max-new-tokens", "3",
                         "--prefix", "", "--truncate"});
    QVERIFY2(bench.exit_code == 0, qPrintable(bench.err));
    QVERIFY2(bench.err.contains("l2s bench: l2s: 1 of 2 prompts were cut to max_input_tokens"), qPrintable(bench.err));
  }

  void convertHalvesAModelThatStillRuns() {
    const QString out = temp_.filePath("relu_f16");
    Run convert = run_l2s({"convert", "--model", kRelu, "--out", out, "--dtype", "f16"});
    QVERIFY2(convert.exit_code == 0, qPrintable(convert.err));
    QVERIFY(read_file(out + "/model.safetensors").size() < read_file(kRelu + "/model.safetensors").size() * 6 / 10);
    Run generate = run_l2s({"generate", "--model", out, "--ids", "--max-new-tokens", "5", "--input-ids", kPromptIds});
    QCOMPARE(generate.exit_code, 0);
    QCOMPARE(generate.out.trimmed().split(' ').size(), 5);
    Run bad = run_l2s({"convert", "--model", kRelu, "--out", out, "--dtype", "int4"});
    QCOMPARE(bad.exit_code, 1);
    QVERIFY(bad.err.contains("unknown storage dtype"));
  }

  // A pair checkpoint (slm/ + projector/) averages part by part; its mean with
  // itself generates what it did.
  void averageHandlesPairCheckpoints() {
    const QString out = temp_.filePath("mean_pack");
    Run average = run_l2s({"average", "--out", out + "/pair", pack_, pack_});
    QVERIFY2(average.exit_code == 0, qPrintable(average.err));
    QVERIFY(average.out.contains("the mean of 2 checkpoints"));
    QVERIFY(QFile::exists(out + "/pair/slm/spiece.model") && QFile::exists(out + "/pair/projector/config.json"));
    Run original = run_l2s({"generate", "--model", pack_ + "/slm", "--max-new-tokens", "5", "a dog"});
    Run averaged = run_l2s({"generate", "--model", out + "/pair/slm", "--max-new-tokens", "5", "a dog"});
    QCOMPARE(averaged.exit_code, 0);
    QCOMPARE(averaged.out, original.out);

    Run mixed = run_l2s({"average", "--out", out + "/mixed", pack_, kRelu});
    QCOMPARE(mixed.exit_code, 1);
    QVERIFY(mixed.err.contains("one kind at a time"));
    Run single = run_l2s({"average", "--out", out + "/single", kRelu});
    QCOMPARE(single.exit_code, 1);
    QVERIFY(single.err.contains("two or more"));
  }

  // The training curves: both loss series and dev BLEU become SVG polylines.
  void plotDrawsTheTrainingCurves() {
    const QString log = temp_.filePath("train.jsonl"), svg = temp_.filePath("curves.svg");
    write_file(log,
               "{\"event\":\"train\",\"step\":50,\"epoch\":0.1,\"loss\":6.5,\"lr\":0.001,\"tokens_per_s\":900,\"elapsed_s\":60}\n"
               "{\"event\":\"train\",\"step\":100,\"epoch\":0.2,\"loss\":4.0,\"lr\":0.001,\"tokens_per_s\":900,\"elapsed_s\":120}\n"
               "{\"event\":\"eval\",\"step\":100,\"epoch\":0.2,\"dev_loss\":4.2,\"dev_bleu\":12.5,\"dev_chrf\":30,\"elapsed_s\":130}\n"
               "{\"event\":\"train\",\"step\":150,\"epoch\":0.3,\"loss\":3.1,\"lr\":0.001,\"tokens_per_s\":900,\"elapsed_s\":180}\n"
               "{\"event\":\"eval\",\"step\":150,\"epoch\":0.3,\"dev_loss\":3.5,\"dev_bleu\":20.0,\"dev_chrf\":41,\"elapsed_s\":190}\n");
    Run plot = run_l2s({"plot", "--log", log, "--out", svg});
    QVERIFY2(plot.exit_code == 0, qPrintable(plot.err));
    const QByteArray picture = read_file(svg);
    QVERIFY(picture.startsWith("<?xml") || picture.startsWith("<svg"));
    QVERIFY(picture.count("<polyline") >= 2);
    QVERIFY(picture.contains("BLEU"));
    write_file(log, "not json\n");
    QCOMPARE(run_l2s({"plot", "--log", log, "--out", svg}).exit_code, 1);
  }

  // The speed-quality chart: one labelled point per mode, placed on round
  // axes. Hand-checked: the widest speed 1,700 x 1.25 rounds up to an axis of
  // 0..2,500; the plot spans x 75..860, so 300 tokens/s sits at
  // 75 + 300 / 2500 * 785 = 169.2. l2s: 1500 / 300 = 5.0x, 29 / 30 = 97%.
  void plotDrawsTheSpeedQualityChartOfABenchmark() {
    const QString report = temp_.filePath("bench.json"), svg = temp_.filePath("bench.svg");
    write_file(report,
               "{\"modes\": {"
               "\"slm\": {\"tokens_per_s\": 1700, \"bleu\": 20, \"parameters\": 3000000},"
               "\"llm\": {\"tokens_per_s\": 300, \"bleu\": 30, \"parameters\": 13100000},"
               "\"l2s\": {\"tokens_per_s\": 1500, \"bleu\": 29, \"parameters\": 9900000}}}");
    Run plot = run_l2s({"plot", "--bench", report, "--out", svg, "--title", "Speed & quality"});
    QVERIFY2(plot.exit_code == 0, qPrintable(plot.err));
    const QByteArray picture = read_file(svg);
    QCOMPARE(picture.count("<circle"), 3);
    QVERIFY(picture.contains("Speed &amp; quality"));
    QVERIFY(picture.contains("LLM only (13.1M)"));
    QVERIFY(picture.contains("cx=\"169.2\""));
    QVERIFY(picture.contains("5.0\u00d7 the LLM's speed, 97% of its BLEU"));
    write_file(report, "{\"modes\": {\"llm\": {\"tokens_per_s\": 300}}}");
    Run no_bleu = run_l2s({"plot", "--bench", report, "--out", svg});
    QCOMPARE(no_bleu.exit_code, 1);
    QVERIFY(no_bleu.err.contains("--ref"));
    QCOMPARE(run_l2s({"plot", "--bench", report, "--log", report, "--out", svg}).exit_code, 1);
  }

  // The tiny pack's random LLM never stops by itself: every output is cut at
  // --max-new-tokens, so with --ref every line keeps its reference.
  void distillWritesAlignedTargetsAndKeepsTheReferenceForCutOutputs() {
    const QString src = temp_.filePath("distill.en"), ref = temp_.filePath("distill.de"),
                  out = temp_.filePath("distilled.de");
    write_file(src, "a man plays.\ntwo dogs run in the park.\nthe child sits.\n");
    write_file(ref, "ein mann spielt.\nzwei hunde laufen im park.\ndas kind sitzt.\n");
    Run bare = run_l2s({"distill", "--model", pack_ + "/llm", "--src", src, "--out", out, "--max-new-tokens", "5"});
    QVERIFY2(bare.exit_code == 0, qPrintable(bare.err));
    QVERIFY2(bare.out.contains("3 cut at --max-new-tokens (the first on line 1)"), qPrintable(bare.out));
    QCOMPARE(read_file(out).count('\n'), 3);
    QVERIFY(read_file(out) != read_file(ref));
    QVERIFY(bare.err.contains("ETA"));  // the progress bar

    Run kept = run_l2s({"distill", "--model", pack_ + "/llm", "--src", src, "--ref", ref, "--out", out,
                        "--max-new-tokens", "5"});
    QVERIFY2(kept.exit_code == 0, qPrintable(kept.err));
    QVERIFY2(kept.out.contains("replaced by their reference") && kept.out.contains("teacher against the references"),
             qPrintable(kept.out));
    QCOMPARE(read_file(out), read_file(ref));

    write_file(ref, "only one line\n");  // a failed run leaves the last good file alone
    Run ragged = run_l2s({"distill", "--model", pack_ + "/llm", "--src", src, "--ref", ref, "--out", out});
    QCOMPARE(ragged.exit_code, 1);
    QVERIFY(ragged.err.contains("line-aligned"));
    QCOMPARE(read_file(out).count('\n'), 3);
    Run no_out = run_l2s({"distill", "--model", pack_ + "/llm", "--src", src});
    QCOMPARE(no_out.exit_code, 1);
    QVERIFY(no_out.err.contains("--out is required"));
  }

  // The 200 arXiv pairs of tests/data/rouge as files: l2s score gives
  // rouge_score's corpus scores, in the documented JSON shape.
  void scoreRougeMatchesRougeScore() {
    const nlohmann::json corpus = read_json(L2S_TEST_DATA_DIR "/rouge/cases.json")["corpus"];
    nlohmann::json hyps = nlohmann::json::array(), refs = nlohmann::json::array();
    for (const auto& pair : corpus["pairs"]) hyps.push_back(pair["hypothesis"]), refs.push_back(pair["reference"]);
    const QString hyp = temp_.filePath("rouge.hyp"), ref = temp_.filePath("rouge.ref");
    write_file(hyp, lines_of(hyps));
    write_file(ref, lines_of(refs));

    Run run = run_l2s({"score", "--metric", "rouge", "--hyp", hyp, "--ref", ref, "--json"});
    QVERIFY2(run.exit_code == 0, qPrintable(run.err));
    const nlohmann::json scores = nlohmann::json::parse(run.out.toStdString());
    QCOMPARE(scores.size(), std::size_t{4});
    for (const char* key : {"rouge1", "rouge2", "rougeL"})
      QVERIFY2(std::abs(scores[key].get<double>() - corpus["mean_fmeasure_x100"][key].get<double>()) < 0.01, key);
    // One sentence per line: Lsum's summary-level LCS is the LCS.
    QCOMPARE(scores["rougeLsum"].get<double>(), scores["rougeL"].get<double>());

    Run per_line = run_l2s({"score", "--metric", "rouge", "--hyp", hyp, "--ref", ref, "--json", "--per-line"});
    QVERIFY2(per_line.exit_code == 0, qPrintable(per_line.err));
    const nlohmann::json detailed = nlohmann::json::parse(per_line.out.toStdString());
    QCOMPARE(detailed["per_line"].size(), std::size_t{200});
    double f_sum = 0;
    for (const auto& line : detailed["per_line"]) {
      const auto& l = line["rougeL"];
      QVERIFY(l["precision"].get<double>() >= 0 && l["recall"].get<double>() <= 1);
      f_sum += l["fmeasure"].get<double>();
    }
    QVERIFY(std::abs(100 * f_sum / 200 - scores["rougeL"].get<double>()) < 1e-9);

    Run text = run_l2s({"score", "--metric", "rouge", "--hyp", hyp, "--ref", ref});
    QVERIFY(text.out.contains("ROUGE-L = 28.63"));
    Run unstemmed = run_l2s({"score", "--metric", "rouge", "--no-stemmer", "--hyp", hyp, "--ref", ref, "--json"});
    QVERIFY(nlohmann::json::parse(unstemmed.out.toStdString())["rouge1"].get<double>() < scores["rouge1"].get<double>());
  }

  void scoreBleuAndChrfMatchSacrebleu() {
    const nlohmann::json c = read_json(L2S_TEST_DATA_DIR "/sacrebleu/cases.json")["cases"][0];
    const QString hyp = temp_.filePath("mt.hyp"), ref = temp_.filePath("mt.ref");
    write_file(hyp, lines_of(c["hypotheses"]));
    write_file(ref, lines_of(c["references"]));
    Run bleu = run_l2s({"score", "--metric", "bleu", "--hyp", hyp, "--ref", ref, "--json", "--per-line"});
    QVERIFY2(bleu.exit_code == 0, qPrintable(bleu.err));
    const nlohmann::json b = nlohmann::json::parse(bleu.out.toStdString());
    QVERIFY(std::abs(b["bleu"].get<double>() - c["bleu"]["score"].get<double>()) < 1e-9);
    QCOMPARE(b["signature"].get<std::string>(), c["bleu"]["signature"].get<std::string>());
    QCOMPARE(b["per_line"].size(), c["hypotheses"].size());
    Run chrf = run_l2s({"score", "--metric", "chrf", "--hyp", hyp, "--ref", ref, "--json"});
    QVERIFY(std::abs(nlohmann::json::parse(chrf.out.toStdString())["chrf"].get<double>() -
                     c["chrf"]["score"].get<double>()) < 1e-9);
    Run text = run_l2s({"score", "--metric", "bleu", "--hyp", hyp, "--ref", ref});
    QVERIFY(text.out.startsWith(QString::fromStdString(c["bleu"]["formatted"].get<std::string>())));
  }

  void scoreRefusesBadInput_data() {
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("phrase");
    const QString good = temp_.filePath("good.txt"), other = temp_.filePath("other.txt");
    const QString three = temp_.filePath("three.txt"), latin1 = temp_.filePath("latin1.txt");
    const QString empty = temp_.filePath("empty.txt"), gap = temp_.filePath("gap.txt");
    write_file(good, "a cat sits\ntwo dogs run\n");
    write_file(other, "the cat sat\ndogs ran\n");
    write_file(three, "one\ntwo\nthree\n");
    write_file(latin1, "a cat\ncaf\xe9 au lait\n");
    write_file(empty, "");
    write_file(gap, "the cat sat\n\n");
    auto score = [](const QString& metric, const QString& hyp, const QString& ref) {
      return QStringList{"score", "--metric", metric, "--hyp", hyp, "--ref", ref};
    };
    QTest::newRow("missing file") << score("rouge", good, temp_.filePath("nowhere.txt")) << "nowhere.txt: cannot read";
    QTest::newRow("not UTF-8") << score("chrf", latin1, good) << "latin1.txt:2: invalid UTF-8";
    QTest::newRow("line counts") << score("rouge", three, good) << "the files must be line-aligned";
    QTest::newRow("empty file") << score("bleu", empty, good) << "empty.txt: the hypothesis file is empty";
    QTest::newRow("empty BLEU reference") << score("bleu", good, gap) << "reference line 2 is empty";
    QTest::newRow("unknown metric") << score("meteor", good, other) << "unknown metric 'meteor'";
    QTest::newRow("no metric") << QStringList{"score", "--hyp", good, "--ref", other} << "--metric is required";
    QTest::newRow("no reference") << QStringList{"score", "--metric", "bleu", "--hyp", good} << "--ref FILE";
    QTest::newRow("stemmer flag for BLEU") << (score("bleu", good, other) << "--no-stemmer") << "--metric rouge only";
  }

  void scoreRefusesBadInput() {
    QFETCH(QStringList, arguments);
    QFETCH(QString, phrase);
    Run run = run_l2s(arguments);
    QVERIFY2(run.exit_code == 1, qPrintable(QString("exit %1, stderr: %2").arg(run.exit_code).arg(run.err)));
    QVERIFY2(run.err.contains("l2s score: error: ") && run.err.contains(phrase), qPrintable(run.err));
  }

  void badInputGetsAClearMessageAndNonZeroExit_data() {
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("phrase");
    QTemporaryDir* dir = &temp_;

    const QString truncated = copy_model(*dir, "truncated");
    QByteArray weights = read_file(truncated + "/model.safetensors");
    write_file(truncated + "/model.safetensors", weights.left(weights.size() / 2));

    const QString lying = copy_model(*dir, "lying");
    QByteArray header_lie = read_file(lying + "/model.safetensors");
    const uint64_t huge = uint64_t{1} << 40;
    std::memcpy(header_lie.data(), &huge, 8);
    write_file(lying + "/model.safetensors", header_lie);

    const QString missing_tensor = copy_model(*dir, "missing_tensor");
    l2s::testing::drop_tensor(kRelu.toStdString(), missing_tensor.toStdString(),
                              "decoder.block.1.layer.2.DenseReluDense.wo.weight");

    const QString wrong_shape = copy_model(*dir, "wrong_shape");
    QByteArray config = read_file(wrong_shape + "/config.json");
    write_file(wrong_shape + "/config.json", config.replace("\"d_ff\": 128", "\"d_ff\": 256"));

    const QString bert = copy_model(*dir, "bert");
    QByteArray bert_config = read_file(bert + "/config.json");
    write_file(bert + "/config.json", bert_config.replace("\"model_type\": \"t5\"", "\"model_type\": \"bert\""));

    const QString no_config = copy_model(*dir, "no_config");
    fs::remove(no_config.toStdString() + "/config.json");

    auto ids = [](const QString& model) { return QStringList{"generate", "--model", model, "--ids", "--input-ids", kPromptIds}; };
    QTest::newRow("missing folder") << ids(dir->filePath("nowhere")) << QByteArray() << "no such directory";
    QTest::newRow("missing config") << ids(no_config) << QByteArray() << "config.json";
    QTest::newRow("truncated weights") << ids(truncated) << QByteArray() << "model.safetensors";
    QTest::newRow("header length lies") << ids(lying) << QByteArray() << "header length";
    QTest::newRow("tensor missing") << ids(missing_tensor) << QByteArray()
                                    << "'decoder.block.1.layer.2.DenseReluDense.wo.weight' is missing";
    QTest::newRow("wrong shape") << ids(wrong_shape) << QByteArray() << "has shape [128, 64]";
    QTest::newRow("unknown model_type") << ids(bert) << QByteArray() << "model_type \"bert\" is not a supported model family (supported: t5";
    QTest::newRow("id outside vocabulary")
        << QStringList{"generate", "--model", kRelu, "--ids", "--input-ids", "5 128"} << QByteArray() << "vocabulary";
    QTest::newRow("not an id") << QStringList{"generate", "--model", kRelu, "--ids", "--input-ids", "5 x"}
                               << QByteArray() << "'x' is not a token id";
    QTest::newRow("prompt too long")
        << QStringList{"generate", "--model", kRelu, "--ids", "--max-input-tokens", "3", "--input-ids", kPromptIds}
        << QByteArray() << "at most 3";
    QTest::newRow("empty prompt") << QStringList{"generate", "--pack", pack_, ""} << QByteArray() << "empty";
    QTest::newRow("invalid UTF-8") << QStringList{"generate", "--pack", pack_, "-"} << QByteArray("caf\xc3(\n")
                                   << "UTF-8";
    QTest::newRow("no prompt") << QStringList{"generate", "--pack", pack_} << QByteArray() << "no prompt";
    QTest::newRow("unknown option") << QStringList{"generate", "--model", kRelu, "--fast"} << QByteArray()
                                    << "unknown option --fast";
    QTest::newRow("bad number") << QStringList{"generate", "--model", kRelu, "--max-new-tokens", "many"}
                                << QByteArray() << "expected an integer";
    QTest::newRow("bad mode") << QStringList{"generate", "--pack", pack_, "--mode", "xl", "hi"} << QByteArray()
                              << "this pack has no mode 'xl' (its modes: llm, l2s, verified, slm)";
    QTest::newRow("verified beam search")
        << QStringList{"generate", "--pack", pack_, "--mode", "verified", "--num-beams", "2", "hi"} << QByteArray()
        << "mode 'verified' checks drafts one token at a time and cannot run beam search";
    QTest::newRow("no drafts") << QStringList{"generate", "--pack", pack_, "--mode", "verified", "--draft-tokens", "0",
                                              "hi"}
                               << QByteArray() << "--draft-tokens: 0 is out of range [1, 64]";
    QTest::newRow("text without tokenizer") << QStringList{"generate", "--model", kRelu, "hello"} << QByteArray()
                                            << "no tokenizer (spiece.model or tokenizer.model)";
    QTest::newRow("cuda with a CPU-only libtorch")
        << QStringList{"generate", "--pack", pack_, "--device", "cuda:0", "hi"} << QByteArray()
        << "device cuda:0: this build runs on a libtorch without CUDA";
    QTest::newRow("unknown device") << QStringList{"generate", "--pack", pack_, "--device", "tpu", "hi"} << QByteArray()
                                    << "device 'tpu' is not a device name (use cpu, cuda or cuda:N)";
    QTest::newRow("unknown dtype") << QStringList{"generate", "--model", kRelu, "--dtype", "int3", "--ids",
                                                  "--input-ids", kPromptIds}
                                   << QByteArray() << "dtype 'int3' is not a compute type";
    QTest::newRow("not a pack") << QStringList{"generate", "--pack", kRelu, "hi"} << QByteArray() << "no pack.json";
    QTest::newRow("no pack of that name") << QStringList{"generate", "--pack", "no-such-pack", "hi"} << QByteArray()
                                          << "--pack no-such-pack: no such folder, and no installed pack of that name";
  }

  void badInputGetsAClearMessageAndNonZeroExit() {
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, input);
    QFETCH(QString, phrase);
    Run run = run_l2s(arguments, input);
    QVERIFY2(run.exit_code == 1, qPrintable(QString("exit %1, stderr: %2").arg(run.exit_code).arg(run.err)));
    QVERIFY2(run.err.contains("error: ") && run.err.contains(phrase), qPrintable(run.err));
  }
};

QTEST_APPLESS_MAIN(TestCli)
#include "test_cli.moc"

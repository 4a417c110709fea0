// Model packs and the three modes: loading, validation, streaming, metrics,
// the projector's arithmetic and the LLM-to-SLM composition.
#include <ATen/ATen.h>

#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>

#include "l2s/error.h"
#include "l2s/metrics/rouge.h"
#include "engine/models/l2s_model.h"
#include "engine/models/t5_family.h"
#include "engine/models/projector.h"
#include "l2s/benchmark.h"
#include "l2s/pack_runner.h"
#include "l2s/generator.h"
#include "l2s/prompt_limit.h"
#include "error_checks.h"
#include "tiny_pack.h"

using namespace l2s;
using l2s::testing::expect_error;
namespace fs = std::filesystem;

namespace {

const char* kPrompt = "translate English to German: a man is walking in the park.";

nlohmann::json read_json(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

void write_json(const std::string& path, const nlohmann::json& value) { std::ofstream(path) << value.dump(2); }

// A prompt far longer than a few tokens.
std::string long_prompt() {
  std::string text = "translate English to German:";
  for (int i = 0; i < 12; ++i) text += " a man is walking in the park.";
  return text;
}

}  // namespace

class TestPack : public QObject {
  Q_OBJECT

  QTemporaryDir temp_;
  std::string pack_;

 private slots:
  void initTestCase() {
    QVERIFY(temp_.isValid());
    pack_ = testing::make_tiny_pack(temp_.filePath("pack").toStdString(), /*with_baseline=*/true);
  }

  void projectorComputesTheHandCheckedValue() {
    // x = [1, -2]; fc1: identity, bias [0, 1] -> [1, -1]; ReLU -> [1, 0];
    // fc2: [[2, 3], [4, 5]], bias [0.5, -0.5] -> [2.5, 3.5].
    ProjectorConfig config{2, 2, 2, false};
    ProjectorWeights w;
    w.fc1_weight = at::eye(2);
    w.fc1_bias = at::tensor({0.0f, 1.0f});
    w.fc2_weight = at::tensor({2.0f, 3.0f, 4.0f, 5.0f}).view({2, 2});
    w.fc2_bias = at::tensor({0.5f, -0.5f});
    Projector projector(config, w);
    at::Tensor y = projector.project(at::tensor({1.0f, -2.0f}).view({1, 1, 2}));
    QVERIFY(at::allclose(y.view({2}), at::tensor({2.5f, 3.5f})));
    // Rows of a batch are projected independently (matrix path, not vector).
    at::Tensor batch = projector.project(at::tensor({1.0f, -2.0f, 1.0f, -2.0f}).view({1, 2, 2}));
    QVERIFY(at::allclose(batch.view({2, 2}), at::tensor({2.5f, 3.5f, 2.5f, 3.5f}).view({2, 2})));
  }

  void projectorRoundTripsThroughItsFolder() {
    QTemporaryDir dir;
    ProjectorConfig config{6, 5, 4, true};
    Projector original = Projector::init(config, 11);
    original.save(dir.path().toStdString());
    Projector loaded = Projector::load(dir.path().toStdString());
    QCOMPARE(loaded.config().d_hidden, int64_t{5});
    QVERIFY(loaded.config().llm_mapped_inputs);
    QVERIFY(at::equal(loaded.weights().fc1_weight, original.weights().fc1_weight));
    QVERIFY(at::equal(loaded.weights().token_map, original.weights().token_map));
  }

  void everyModeStreamsTokensThatMakeTheText() {
    const PackRunner pack = PackRunner::load(pack_);
    QCOMPARE(pack.info().name, std::string("Tiny test pack"));
    QCOMPARE(pack.modes().size(), std::size_t{4});  // llm, l2s, verified, slm
    GenerationOptions options;
    options.max_new_tokens = 12;
    for (const ModeDescription& description : pack.modes()) {
      const std::string mode = description.mode.name;
      std::string streamed;
      std::vector<int64_t> indexes;
      double last_elapsed = 0;
      GenerationResult result = pack.generate(mode, kPrompt, options, [&](const TokenEvent& event) {
        streamed += event.text;
        indexes.push_back(event.index);
        QVERIFY(event.elapsed_ms >= last_elapsed);
        last_elapsed = event.elapsed_ms;
      });
      QVERIFY2(!result.tokens.empty(), mode.c_str());
      QCOMPARE(indexes.size(), result.tokens.size());
      for (std::size_t i = 0; i < indexes.size(); ++i) QCOMPARE(indexes[i], static_cast<int64_t>(i));
      QCOMPARE(streamed, result.text);

      const GenerationMetrics& m = result.metrics;
      QVERIFY(m.prompt_tokens > 5);
      QCOMPARE(m.generated_tokens, static_cast<int64_t>(result.tokens.size()));
      QCOMPARE(static_cast<int64_t>(m.token_ms.size()), m.generated_tokens + (result.reached_eos ? 1 : 0));
      QCOMPARE(m.llm_encode_ms > 0, mode != "slm");
      QCOMPARE(m.slm_encode_ms > 0, mode != "llm");
      QVERIFY(m.time_to_first_token_ms >= m.llm_encode_ms + m.slm_encode_ms);
      QVERIFY(m.total_ms >= m.time_to_first_token_ms);
      QVERIFY(m.tokens_per_second() > 0);
    }
  }

  // With a zero projector the SLM sees exactly its own prompt embeddings, so
  // LLM-to-SLM must generate what the SLM generates on its own.
  void zeroProjectorEqualsTheSlmAlone() {
    QTemporaryDir dir;
    const std::string pack = testing::make_tiny_pack(dir.filePath("pack").toStdString(), false);
    Projector projector = Projector::load(pack + "/projector");
    projector.weights().fc2_weight = at::zeros_like(projector.weights().fc2_weight);
    projector.weights().fc2_bias = at::zeros_like(projector.weights().fc2_bias);
    projector.save(pack + "/projector");

    GenerationOptions options;
    options.max_new_tokens = 16;
    const GenerationResult l2s = PackRunner::load(pack).generate("l2s", kPrompt, options);
    const Generator slm = Generator::load(pack + "/slm");
    const GenerationResult alone = slm.generate(slm.tokenize(kPrompt), options);
    QCOMPARE(l2s.tokens, alone.tokens);
  }

  // The SLM's encoder input is its own prompt embeddings plus the projected
  // LLM encoder states, position by position.
  void slmInputsAddProjectedLlmStatesToEmbeddings() {
    const T5LanguageModel llm(T5Model::load(pack_ + "/llm")), slm(T5Model::load(pack_ + "/slm"));
    const Projector projector = Projector::load(pack_ + "/projector");
    at::Tensor ids = at::tensor(std::vector<int64_t>{5, 9, 17, 1}, at::kLong).unsqueeze(0);
    at::Tensor llm_states = llm.encode(ids, {});
    at::Tensor inputs = l2s_prompt(llm, projector, slm, ids, {}, llm_states).embeddings;
    QCOMPARE(inputs.sizes(), (at::IntArrayRef{1, 4, slm.spec().d_model}));
    at::Tensor embeddings = at::embedding(slm.model().weights().shared, ids);
    for (int64_t position = 0; position < 4; ++position) {
      at::Tensor state = llm_states[0][position];
      at::Tensor hidden = at::relu(at::mv(projector.weights().fc1_weight, state) + projector.weights().fc1_bias);
      at::Tensor projected = at::mv(projector.weights().fc2_weight, hidden) + projector.weights().fc2_bias;
      QVERIFY(at::allclose(inputs[0][position], embeddings[0][position] + projected, 1e-5, 1e-6));
    }
    QVERIFY(!at::allclose(inputs, embeddings));
  }

  void cancellingStopsEveryMode() {
    const PackRunner pack = PackRunner::load(pack_);
    GenerationOptions options;
    options.max_new_tokens = 30;
    for (const ModeDescription& description : pack.modes()) {
      const std::string mode = description.mode.name;
      CancelFlag cancel{false};
      int seen = 0;
      GenerationResult result = pack.generate(
          mode, kPrompt, options, [&](const TokenEvent&) { cancel = ++seen == 2; }, &cancel);
      if (result.reached_eos && seen < 2) continue;  // ended before the second token
      QVERIFY(result.cancelled);
      QCOMPARE(result.tokens.size(), std::size_t{2});
    }
  }

  void badPromptsAreRefused() {
    const PackRunner pack = PackRunner::load(pack_);
    GenerationOptions options;
    expect_error([&] { pack.generate("l2s", "   ", options); }, "empty");
    expect_error([&] { pack.generate("l2s", "bad \xff byte", options); }, "UTF-8");
    options.max_input_tokens = 4;
    expect_error([&] { pack.generate("llm", kPrompt, options); }, "at most 4");
  }

  void badPacksAreRefusedWithClearMessages() {
    QTemporaryDir dir;
    const std::string root = dir.path().toStdString();
    auto copy_pack = [&](const std::string& name) {
      const std::string target = root + "/" + name;
      fs::copy(pack_, target, fs::copy_options::recursive);
      return target;
    };
    expect_error([&] { PackRunner::load(root + "/nowhere"); }, "no such folder");

    const std::string no_json = copy_pack("no_json");
    fs::remove(no_json + "/pack.json");
    expect_error([&] { PackRunner::load(no_json); }, "no pack.json");

    const std::string broken = copy_pack("broken");
    std::ofstream(broken + "/pack.json") << "{ not json";
    expect_error([&] { PackRunner::load(broken); }, "not valid JSON");

    const std::string wrong_format = copy_pack("wrong_format");
    nlohmann::json json = read_json(wrong_format + "/pack.json");
    json["format"] = "something-else";
    write_json(wrong_format + "/pack.json", json);
    expect_error([&] { PackRunner::load(wrong_format); }, "\"format\"");

    // Settings of the wrong JSON type get the same clear error, not the JSON library's exception
    // (found by fuzz_pack_info: tests/fuzz/crashes/pack_info/format_is_a_number).
    const std::string numeric_format = copy_pack("numeric_format");
    json = read_json(numeric_format + "/pack.json");
    json["format"] = 1;
    write_json(numeric_format + "/pack.json", json);
    expect_error([&] { PackRunner::load(numeric_format); }, "\"format\" must be a string");

    const std::string numeric_projector_type = copy_pack("numeric_projector_type");
    json = read_json(numeric_projector_type + "/projector/config.json");
    json["model_type"] = 7;
    write_json(numeric_projector_type + "/projector/config.json", json);
    expect_error([&] { PackRunner::load(numeric_projector_type); }, "model_type must be a string");

    const std::string no_llm = copy_pack("no_llm");
    json = read_json(no_llm + "/pack.json");
    json["models"].erase("llm");
    write_json(no_llm + "/pack.json", json);
    expect_error([&] { PackRunner::load(no_llm); }, "\"llm\"");

    const std::string missing_folder = copy_pack("missing_folder");
    fs::remove_all(missing_folder + "/slm");
    expect_error([&] { PackRunner::load(missing_folder); }, "models.slm");

    const std::string no_tokenizer = copy_pack("no_tokenizer");
    fs::remove(no_tokenizer + "/slm/spiece.model");
    expect_error([&] { PackRunner::load(no_tokenizer); }, "spiece.model");

    const std::string misfit = copy_pack("misfit");
    Projector::init(ProjectorConfig{24, 16, 16, false}, 1).save(misfit + "/projector");
    expect_error([&] { PackRunner::load(misfit); }, "d_llm");

    const std::string bad_weights = copy_pack("bad_weights");
    std::ofstream(bad_weights + "/llm/model.safetensors", std::ios::trunc) << "garbage";
    expect_error([&] { PackRunner::load(bad_weights); }, "model.safetensors");

    const PackRunner no_baseline = PackRunner::load_models(pack_ + "/llm", pack_ + "/slm", pack_ + "/projector");
    QVERIFY(!no_baseline.has_mode("slm"));
    expect_error([&] { no_baseline.generate("slm", kPrompt, {}); }, "no mode 'slm' (its modes: llm, l2s, verified)");
  }

  void packJsonCarriesExamplesAndBenchmarkFigures() {
    // Written by write_pack_info (the tiny pack) and read back.
    const PackInfo info = read_pack_info(pack_);
    QCOMPARE(info.presets.at(0).examples.size(), std::size_t{2});
    QCOMPARE(info.presets.at(0).examples.at(1), std::string("two dogs play near the water."));
    QVERIFY(info.presets.at(1).examples.empty());
    QCOMPARE(info.benchmark.test_set, std::string("tiny test set"));
    QCOMPARE(info.benchmark.metric, std::string("bleu"));
    QCOMPARE(info.benchmark.modes.size(), std::size_t{3});
    const ModeBenchmark* l2s = info.benchmark.find("l2s");
    QVERIFY(l2s);
    QCOMPARE(l2s->tokens_per_second, 1500.0);
    QCOMPARE(l2s->scores.at("bleu"), 29.5);
    QCOMPARE(l2s->scores.at("chrf"), 54.5);
    QVERIFY(!info.benchmark.find("l2s-dec"));

    // Both are optional: a pack.json without them reads as before.
    QTemporaryDir dir;
    const std::string plain = dir.path().toStdString() + "/plain";
    fs::copy(pack_, plain, fs::copy_options::recursive);
    nlohmann::json json = read_json(plain + "/pack.json");
    json.erase("benchmark");
    json["presets"][0].erase("examples");
    write_json(plain + "/pack.json", json);
    const PackInfo without = read_pack_info(plain);
    QVERIFY(without.benchmark.empty());
    QVERIFY(without.presets.at(0).examples.empty());

    // Bad figures are named.
    auto refused = [&](const std::function<void(nlohmann::json&)>& edit, const std::string& expected) {
      nlohmann::json bad = read_json(pack_ + "/pack.json");
      edit(bad);
      write_json(plain + "/pack.json", bad);
      expect_error([&] { read_pack_info(plain); }, expected);
    };
    refused([](nlohmann::json& j) { j["benchmark"] = 5; }, "\"benchmark\" must be an object");
    refused([](nlohmann::json& j) { j["benchmark"]["modes"]["l2s"]["bleu"] = "high"; }, "benchmark.modes.l2s.bleu");
    refused([](nlohmann::json& j) { j["benchmark"]["modes"]["llm"]["tokens_per_s"] = -1; }, "benchmark.modes.llm.tokens_per_s");
    refused([](nlohmann::json& j) { j["benchmark"]["metric"] = "rouge"; }, "\"rouge\", which no mode has");
    refused([](nlohmann::json& j) { j["benchmark"].erase("modes"); }, "\"modes\" must be an object");
    refused([](nlohmann::json& j) { j["presets"][0]["examples"] = "one"; }, "\"examples\" must be a list");
  }

  void modesParse() {
    const PackInfo info = read_pack_info(pack_);
    QCOMPARE(parse_modes("llm,l2s,slm", info), (std::vector<std::string>{"llm", "l2s", "slm"}));
    QCOMPARE(parse_modes("all", info), (std::vector<std::string>{"llm", "l2s", "verified", "slm"}));
    expect_error([&] { parse_modes("llm,fast", info); }, "no mode 'fast' (its modes: llm, l2s, verified, slm)");
    expect_error([&] { parse_modes("llm,llm", info); }, "twice");
  }

  void benchmarkReportsEveryModeInTheDocumentedJson() {
    const PackRunner pack = PackRunner::load(pack_);
    BenchmarkSettings settings;
    settings.modes = {"llm", "l2s", "slm"};
    settings.generation.max_new_tokens = 8;
    settings.prefix = "translate English to German: ";
    const std::vector<std::string> prompts = {"a man plays.", "two dogs run in the park.", "a woman sits."};
    int64_t progress_calls = 0;
    BenchmarkReport report =
        run_benchmark(pack, prompts, {"ein mann spielt.", "zwei hunde.", "eine frau sitzt."}, settings,
                      [&](int64_t done, int64_t total) {
                        QCOMPARE(total, int64_t{9});
                        QCOMPARE(done, ++progress_calls);
                      });
    QCOMPARE(progress_calls, int64_t{9});
    const nlohmann::json json = nlohmann::json::parse(report.to_json());
    QVERIFY(json["machine"]["threads"].get<int>() >= 1);
    QVERIFY(json["machine"]["blas"].get<std::string>().find("blas") != std::string::npos);
    for (const char* mode : {"llm", "l2s", "slm"}) {
      const auto& entry = json["modes"][mode];
      QCOMPARE(entry["kind"].get<std::string>(), std::string(mode));
      QCOMPARE(entry["family"].get<std::string>(), std::string("t5"));
      for (const char* key : {"bleu", "chrf", "tokens_per_s", "ttft_ms_p50", "token_ms_p50", "token_ms_p90",
                              "token_ms_p99", "total_s", "outputs"})
        QVERIFY2(entry.contains(key), key);
      QCOMPARE(entry["outputs"].size(), std::size_t{3});
      QCOMPARE(entry["metrics"]["bleu"], entry["bleu"]);  // translation keeps its bleu/chrf keys
      QCOMPARE(entry["metrics"]["chrf"], entry["chrf"]);
      QCOMPARE(entry["metrics"].size(), std::size_t{2});
      QVERIFY(entry["tokens_per_s"].get<double>() > 0);
      QVERIFY(entry["token_ms_p50"].get<double>() <= entry["token_ms_p99"].get<double>());
    }
    QVERIFY(json["speedup_l2s_over_llm"].get<double>() > 0);
    QCOMPARE(json["task"].get<std::string>(), std::string("translate"));
    expect_error([&] { run_benchmark(pack, prompts, {"only one"}, settings); }, "references");
  }

  // The task picks the metrics: ROUGE-1/2/L for summarize, from the registry.
  void benchmarkScoresEachTaskWithItsMetrics() {
    const PackRunner pack = PackRunner::load(pack_);
    BenchmarkSettings settings;
    settings.modes = {"llm", "l2s"};
    settings.generation.max_new_tokens = 6;
    settings.warmup_runs = 0;
    settings.task = "summarize";
    const std::vector<std::string> prompts = {"a man plays.", "two dogs run."};
    const std::vector<std::string> references = {"man plays", "dogs"};
    const BenchmarkReport report = run_benchmark(pack, prompts, references, settings);
    for (const ModeSummary& summary : report.modes) {
      const metrics::RougeCorpusScore rouge = metrics::corpus_rouge(summary.outputs, references);
      QCOMPARE(summary.metrics.size(), std::size_t{3});
      QCOMPARE(metrics::find_metric(summary.metrics, "rouge1")->value, rouge.rouge1);
      QCOMPARE(metrics::find_metric(summary.metrics, "rougeL")->value, rouge.rougeL);
    }
    const nlohmann::json json = nlohmann::json::parse(report.to_json());
    QCOMPARE(json["task"].get<std::string>(), std::string("summarize"));
    const auto& l2s_entry = json["modes"]["l2s"];
    QCOMPARE(l2s_entry["metrics"].size(), std::size_t{3});
    for (const char* key : {"rouge1", "rouge2", "rougeL"}) QVERIFY2(l2s_entry["metrics"].contains(key), key);
    QVERIFY(!l2s_entry.contains("bleu"));

    // Without references, no metrics; with them, a task without metrics is refused up front.
    settings.task = "custom";
    QVERIFY(run_benchmark(pack, prompts, {}, settings).modes.front().metrics.empty());
    expect_error([&] { run_benchmark(pack, prompts, references, settings); }, "no metrics for the task \"custom\"");
  }

  void promptLimitCutsOrRefuses() {
    std::vector<int64_t> ids = {5, 6, 7, 8, 9, 1};
    expect_error([&] { fit_prompt(ids, 4, false, 1); }, "the prompt has 6 tokens; at most 4");
    QCOMPARE(fit_prompt(ids, 4, true, 1), int64_t{2});
    QCOMPARE(ids, (std::vector<int64_t>{5, 6, 7, 1}));  // EOS kept at the end
    std::vector<int64_t> no_eos = {5, 6, 7, 8};
    QCOMPARE(fit_prompt(no_eos, 2, true, 1), int64_t{2});
    QCOMPARE(no_eos, (std::vector<int64_t>{5, 6}));
    std::vector<int64_t> short_ids = {5, 1};
    QCOMPARE(fit_prompt(short_ids, 4, false, 1), int64_t{0});
    GenerationOptions options;
    QCOMPARE(input_token_limit(options, 300), int64_t{300});  // the pack's limit by default
    options.max_input_tokens = 20;
    QCOMPARE(input_token_limit(options, 300), int64_t{20});
  }

  // pack.json's max_input_tokens: longer prompts are refused, or cut with
  // --truncate, in every mode, and the run says how many tokens it dropped.
  void packsLimitTheirInputs() {
    QCOMPARE(read_pack_info(pack_).max_input_tokens, kDefaultMaxInputTokens);
    const std::string limited = temp_.filePath("limited").toStdString();
    fs::copy(pack_, limited, fs::copy_options::recursive);
    nlohmann::json json = read_json(limited + "/pack.json");
    json["max_input_tokens"] = 8;
    write_json(limited + "/pack.json", json);
    const PackRunner pack = PackRunner::load(limited);
    QCOMPARE(pack.info().max_input_tokens, int64_t{8});

    GenerationOptions options;
    options.max_new_tokens = 3;
    expect_error([&] { pack.generate("l2s", long_prompt(), options); }, "at most 8 are accepted");
    options.truncate_input = true;
    for (const ModeDescription& description : pack.modes()) {
      const GenerationResult result = pack.generate(description.mode.name, long_prompt(), options);
      QCOMPARE(result.metrics.prompt_tokens, int64_t{8});
      QVERIFY2(result.metrics.truncated_tokens > 50, description.mode.name.c_str());
    }
    const GenerationResult fits = pack.generate("l2s", "a dog.", options);
    QCOMPARE(fits.metrics.truncated_tokens, int64_t{0});
    options.truncate_input = false;
    options.max_input_tokens = 1000;  // an explicit limit overrides the pack's
    QCOMPARE(pack.generate("llm", long_prompt(), options).metrics.truncated_tokens, int64_t{0});

    // write_pack_info keeps it; bad values are refused naming the key.
    PackInfo info = read_pack_info(limited);
    info.max_input_tokens = 64;
    write_pack_info(info);
    QCOMPARE(read_pack_info(limited).max_input_tokens, int64_t{64});
    for (const nlohmann::json& bad : {nlohmann::json(0), nlohmann::json("many"), nlohmann::json(-3)}) {
      json["max_input_tokens"] = bad;
      write_json(limited + "/pack.json", json);
      expect_error([&] { read_pack_info(limited); }, "\"max_input_tokens\" must be an integer");
    }
  }

  // A truncated prompt is the first limit - 1 tokens and EOS, as T5 expects:
  // the model answers exactly as it does to that prompt given whole (the
  // conformance T5, whose answers depend on every input token).
  void truncationKeepsTheEndOfSequenceToken() {
    const Generator t5 = Generator::load(L2S_TEST_DATA_DIR "/t5/t5_v1_0_relu_tied");
    const std::vector<int64_t> ids = {13, 7, 100, 42, 5, 77, 3, 64, 21, 1};
    GenerationOptions options;
    options.max_new_tokens = 8;
    options.max_input_tokens = 6;
    expect_error([&] { t5.generate(ids, options); }, "the prompt has 10 tokens; at most 6");
    options.truncate_input = true;
    const GenerationResult cut = t5.generate(ids, options);
    QCOMPARE(cut.metrics.truncated_tokens, int64_t{4});
    QCOMPARE(cut.metrics.prompt_tokens, int64_t{6});
    options.truncate_input = false;
    QCOMPARE(cut.tokens, t5.generate({13, 7, 100, 42, 5, 1}, options).tokens);
    // The EOS matters: the first 6 tokens alone give another answer.
    QVERIFY(cut.tokens != t5.generate({13, 7, 100, 42, 5, 77}, options).tokens);
  }
};

QTEST_APPLESS_MAIN(TestPack)
#include "test_pack.moc"

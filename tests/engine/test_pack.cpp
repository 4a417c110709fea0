// Model packs and the three modes: loading, validation, streaming, metrics,
// the projector's arithmetic and the LLM-to-SLM composition.
#include <ATen/ATen.h>

#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>

#include "engine/common/error.h"
#include "engine/models/l2s_model.h"
#include "engine/models/projector.h"
#include "engine/runtime/benchmark.h"
#include "engine/runtime/pack_runner.h"
#include "engine/runtime/t5_generator.h"
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
    QCOMPARE(pack.modes().size(), std::size_t{3});
    GenerationOptions options;
    options.max_new_tokens = 12;
    for (Mode mode : pack.modes()) {
      std::string streamed;
      std::vector<int64_t> indexes;
      double last_elapsed = 0;
      GenerationResult result = pack.generate(mode, kPrompt, options, [&](const TokenEvent& event) {
        streamed += event.text;
        indexes.push_back(event.index);
        QVERIFY(event.elapsed_ms >= last_elapsed);
        last_elapsed = event.elapsed_ms;
      });
      QVERIFY2(!result.tokens.empty(), mode_name(mode));
      QCOMPARE(indexes.size(), result.tokens.size());
      for (std::size_t i = 0; i < indexes.size(); ++i) QCOMPARE(indexes[i], static_cast<int64_t>(i));
      QCOMPARE(streamed, result.text);

      const GenerationMetrics& m = result.metrics;
      QVERIFY(m.prompt_tokens > 5);
      QCOMPARE(m.generated_tokens, static_cast<int64_t>(result.tokens.size()));
      QCOMPARE(static_cast<int64_t>(m.token_ms.size()), m.generated_tokens + (result.reached_eos ? 1 : 0));
      QCOMPARE(m.llm_encode_ms > 0, mode != Mode::Slm);
      QCOMPARE(m.slm_encode_ms > 0, mode != Mode::Llm);
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
    const GenerationResult l2s = PackRunner::load(pack).generate(Mode::L2s, kPrompt, options);
    const T5Generator slm = T5Generator::load(pack + "/slm");
    const GenerationResult alone = slm.generate(slm.tokenize(kPrompt), options);
    QCOMPARE(l2s.tokens, alone.tokens);
  }

  // The SLM's encoder input is its own prompt embeddings plus the projected
  // LLM encoder states, position by position.
  void slmInputsAddProjectedLlmStatesToEmbeddings() {
    const T5Model llm = T5Model::load(pack_ + "/llm"), slm = T5Model::load(pack_ + "/slm");
    const Projector projector = Projector::load(pack_ + "/projector");
    at::Tensor ids = at::tensor(std::vector<int64_t>{5, 9, 17, 1}, at::kLong).unsqueeze(0);
    at::Tensor llm_states = llm.encode(ids, {});
    at::Tensor inputs = l2s_encoder_inputs(llm, projector, slm, ids, llm_states);
    QCOMPARE(inputs.sizes(), (at::IntArrayRef{1, 4, slm.config().d_model}));
    at::Tensor embeddings = at::embedding(slm.weights().shared, ids);
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
    for (Mode mode : pack.modes()) {
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
    expect_error([&] { pack.generate(Mode::L2s, "   ", options); }, "empty");
    expect_error([&] { pack.generate(Mode::L2s, "bad \xff byte", options); }, "UTF-8");
    options.max_input_tokens = 4;
    expect_error([&] { pack.generate(Mode::Llm, kPrompt, options); }, "at most 4");
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
    QVERIFY(!no_baseline.has_mode(Mode::Slm));
    expect_error([&] { no_baseline.generate(Mode::Slm, kPrompt, {}); }, "no SLM baseline");
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
    QCOMPARE(parse_modes("llm,l2s,slm").size(), std::size_t{3});
    expect_error([] { parse_modes("llm,fast"); }, "unknown mode 'fast'");
    expect_error([] { parse_modes("llm,llm"); }, "twice");
  }

  void benchmarkReportsEveryModeInTheDocumentedJson() {
    const PackRunner pack = PackRunner::load(pack_);
    BenchmarkSettings settings;
    settings.modes = {Mode::Llm, Mode::L2s, Mode::Slm};
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
      for (const char* key : {"bleu", "chrf", "tokens_per_s", "ttft_ms_p50", "token_ms_p50", "token_ms_p90",
                              "token_ms_p99", "total_s", "outputs"})
        QVERIFY2(entry.contains(key), key);
      QCOMPARE(entry["outputs"].size(), std::size_t{3});
      QVERIFY(entry["tokens_per_s"].get<double>() > 0);
      QVERIFY(entry["token_ms_p50"].get<double>() <= entry["token_ms_p99"].get<double>());
    }
    QVERIFY(json["speedup_l2s_over_llm"].get<double>() > 0);
    expect_error([&] { run_benchmark(pack, prompts, {"only one"}, settings); }, "references");
  }
};

QTEST_APPLESS_MAIN(TestPack)
#include "test_pack.moc"

// Model families behind one interface: the registry, Llama through the
// engine's own decoding, and LLM-to-SLM with a decoder-only SLM (both prompt
// paths) in training and in packs.
#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>

#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "l2s/error.h"
#include "engine/models/l2s_model.h"
#include "engine/models/language_model.h"
#include "engine/models/model_registry.h"
#include "engine/models/projector.h"
#include "l2s/generator.h"
#include "l2s/pack_info.h"
#include "l2s/pack_runner.h"
#include "l2s/tokenizer.h"
#include "l2s/training/trainer.h"
#include "l2s/training/training_config.h"
#include "error_checks.h"
#include "golden.h"
#include "tiny_pack.h"

using namespace l2s;
using l2s::testing::expect_error;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const std::string kLlama = L2S_TEST_DATA_DIR "/llama/";

std::vector<int64_t> row_ids(const at::Tensor& row) {
  at::Tensor flat = row.contiguous();
  return std::vector<int64_t>(flat.data_ptr<int64_t>(), flat.data_ptr<int64_t>() + flat.numel());
}

void write_text(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

json read_json(const std::string& path) {
  std::ifstream in(path);
  return json::parse(in);
}

// Prompt -> answer pairs over the tiny pack's vocabulary.
const std::vector<std::pair<std::string, std::string>> kPairs = {
    {"a man is walking in the park.", "ein mann im park."},
    {"a woman plays on the street.", "eine frau spielt auf der strasse."},
    {"the child is sitting near the water.", "ein mann sitzt."},
    {"two dogs run in the park.", "eine frau im park."},
};

// A random Llama small enough for tests.
json tiny_llama(int64_t hidden) {
  return {{"model_type", "llama"},       {"hidden_size", hidden},  {"intermediate_size", 2 * hidden},
          {"num_hidden_layers", 2},      {"num_attention_heads", 4}, {"num_key_value_heads", 2},
          {"max_position_embeddings", 256}, {"rms_norm_eps", 1e-6}};
}

}  // namespace

class TestModelFamilies : public QObject {
  Q_OBJECT

  QTemporaryDir temp_;
  std::string pack_, data_;

  std::string path(const std::string& name) const { return temp_.filePath(QString::fromStdString(name)).toStdString(); }

  json l2s_config(const std::string& output) const {
    json c = {{"mode", "l2s"},      {"train", data_},     {"llm", pack_ + "/llm"}, {"max_tokens", 1024},
              {"warmup_steps", 0},  {"schedule", "constant"}, {"lr", 1e-2},      {"label_smoothing", 0.0},
              {"dropout", 0.0},     {"max_steps", 150},   {"epochs", 0},          {"log_interval", 10},
              {"eval_interval", 0}, {"save_interval", 0}, {"seed", 3},            {"threads", 1},
              {"output", output}};
    c["model_config"] = tiny_llama(32);
    return c;
  }

  // Prompts of several lengths decoded in one padded batch (right padding
  // with the answer start after it: a mask with holes) give each row the
  // tokens a batch-1 run gives it, in the order of the prompts.
  static void expect_batch_matches_one_by_one(const PackRunner& runner, const std::string& mode,
                                              const GenerationOptions& options) {
    std::vector<std::string> prompts;
    for (const auto& pair : kPairs) prompts.push_back(pair.first);
    prompts.push_back("a man.");
    const std::vector<GenerationResult> batched = runner.generate_batch(mode, prompts, options, 8);
    QCOMPARE(batched.size(), prompts.size());
    for (std::size_t i = 0; i < prompts.size(); ++i) {
      const GenerationResult alone = runner.generate(mode, prompts[i], options);
      QCOMPARE(batched[i].tokens, alone.tokens);
      QCOMPARE(batched[i].reached_eos, alone.reached_eos);
    }
  }

  // A sentencepiece model with Llama's special ids over the tiny pack's corpus; its path.
  std::string llama_tokenizer(const std::string& name, int vocab_size) const {
    TokenizerTrainOptions options;
    options.input_files = {pack_ + "/corpus.txt"};
    options.model_prefix = path(name);
    options.vocab_size = vocab_size;
    options.hard_vocab_limit = false;
    options.special_ids = "llama";
    train_tokenizer(options);
    return options.model_prefix + ".model";
  }

  // Trains and returns (first logged loss, last logged loss).
  static std::pair<double, double> train(const json& config) {
    double first = -1, last = -1;
    training::TrainingCallbacks callbacks;
    callbacks.on_step = [&](const training::TrainingProgress& p) {
      if (first < 0) first = p.loss;
      last = p.loss;
    };
    training::Trainer trainer(training::parse_training_config(config.dump(), "test config"), callbacks);
    const training::TrainingResult result = trainer.run();
    if (result.outcome != training::TrainingOutcome::Finished) return {-1, -1};
    return {first, last};
  }

 private slots:
  void initTestCase() {
    QVERIFY(temp_.isValid());
    pack_ = testing::make_tiny_pack(path("pack"), /*with_baseline=*/true);
    data_ = path("train.tsv");
    std::string tsv;
    for (const auto& [s, t] : kPairs) tsv += s + "\t" + t + "\n";
    write_text(data_, tsv);
  }

  void registryNamesTheFamilies() {
    QCOMPARE(QString::fromStdString(model_family_names()), QString("t5, llama"));
    QCOMPARE(std::string(model_family_of(kLlama + "llama_gqa_tied").model_type), std::string("llama"));
    QCOMPARE(std::string(model_family_of(pack_ + "/llm").model_type), std::string("t5"));
    expect_error([] { find_model_family("gpt2", "x/config.json"); },
                 "x/config.json: model_type \"gpt2\" is not a supported model family (supported: t5, llama)");
  }

  // Special ids come from config.json and generation_config.json, never constants.
  void specialIdsComeFromTheConfigs() {
    const auto llama = load_language_model(kLlama + "llama_mha_untied");
    QCOMPARE(llama->spec().family, std::string("llama"));
    QCOMPARE(llama->spec().bos_token_id, int64_t{1});
    QCOMPARE(llama->spec().eos_token_ids, std::vector<int64_t>{2});
    QCOMPARE(llama->spec().answer_start_token_id, int64_t{1});
    QVERIFY(llama->spec().prompt_adds_bos && !llama->spec().prompt_adds_eos);

    const std::string dir = path("eos_list");
    fs::copy(kLlama + "llama_mha_untied", dir);
    write_text(dir + "/generation_config.json", R"({"bos_token_id": 1, "eos_token_id": [2, 7], "pad_token_id": 0})");
    QCOMPARE(load_language_model(dir)->spec().eos_token_ids, (std::vector<int64_t>{2, 7}));
    write_text(dir + "/generation_config.json", R"({"eos_token_id": 500})");
    expect_error([&] { load_language_model(dir); }, "generation_config.json: \"eos_token_id\" must be a token id");
  }

  // The engine's own search (start logits, EOS from the config) reproduces
  // transformers' greedy generate() for both Llama variants.
  void llamaGreedyThroughTheEngineMatchesTransformers_data() {
    QTest::addColumn<QString>("variant");
    QTest::addColumn<QString>("case_name");
    for (const char* variant : {"llama_mha_untied", "llama_gqa_tied"})
      for (const char* case_name : {"single", "long"})
        QTest::newRow((std::string(variant) + "/" + case_name).c_str()) << variant << case_name;
  }
  void llamaGreedyThroughTheEngineMatchesTransformers() {
    QFETCH(QString, variant);
    QFETCH(QString, case_name);
    const std::string dir = kLlama + variant.toStdString();
    const testing::Golden golden{io::Checkpoint::open_file(dir + "/golden.safetensors")};
    const std::vector<int64_t> prompt = row_ids(golden.get(case_name.toStdString(), "input_ids")[0]);
    std::vector<int64_t> expected = row_ids(golden.get(case_name.toStdString(), "generate_sequences")[0]);
    expected.erase(expected.begin(), expected.begin() + static_cast<std::ptrdiff_t>(prompt.size()));
    if (auto eos = std::find(expected.begin(), expected.end(), 2); eos != expected.end())
      expected.erase(eos + 1, expected.end());

    const Generator generator = Generator::load(dir);
    QCOMPARE(generator.family(), std::string("llama"));
    GenerationOptions greedy;
    greedy.max_new_tokens = 20;
    GenerationResult result = generator.generate(prompt, greedy);
    if (result.reached_eos) result.tokens.push_back(generator.eos_token_id());
    QCOMPARE(result.tokens, expected);
  }

  void badLlamaConfigsNameTheFileAndKey() {
    const std::string dir = path("bad_llama");
    fs::copy(kLlama + "llama_gqa_tied", dir);
    json config = read_json(dir + "/config.json");
    config["hidden_act"] = "gelu";
    write_text(dir + "/config.json", config.dump());
    expect_error([&] { load_language_model(dir); }, "hidden_act");
    config = read_json(kLlama + "llama_gqa_tied/config.json");
    config["num_key_value_heads"] = 3;
    write_text(dir + "/config.json", config.dump());
    expect_error([&] { load_language_model(dir); }, "num_key_value_heads");
  }

  // Training and generation lay the decoder-only SLM's sequence out the same
  // way: the prompt's positions (padding masked), the answer start token,
  // then the answer. Cached generation must give the teacher-forced logits.
  void decoderOnlyTrainingAndGenerationAgree() {
    c10::InferenceMode inference;
    const auto llm = load_language_model(pack_ + "/llm");
    const std::string slm_dir = path("random_llama");
    json config = tiny_llama(16);
    config["vocab_size"] = llm->spec().vocab_size;
    config["bos_token_id"] = nullptr;  // shares the T5 tokenizer: no BOS
    config["eos_token_id"] = 1;
    config["pad_token_id"] = 0;
    const auto slm = find_model_family("llama", "test").create(config.dump(), "test", 11);
    slm->save(slm_dir);
    const Projector projector = Projector::init(ProjectorConfig{32, 24, 16, false}, 5);

    // Two prompts of different lengths, right-padded as training batches them.
    at::Tensor ids = at::tensor(std::vector<int64_t>{5, 9, 17, 23, 1, 6, 8, 1, 0, 0}, at::kLong).view({2, 5});
    const at::Tensor mask = (ids != 0).to(at::kLong);
    const PromptInput prompt = l2s_prompt(*llm, projector, *slm, ids, mask, llm->encode(ids, mask));
    const at::Tensor answer = at::tensor(std::vector<int64_t>{0, 12, 30, 0, 44, 7}, at::kLong).view({2, 3});
    const at::Tensor teacher_forced = slm->logits(slm->answer_hidden(prompt, answer, 0.0));

    DecodeStart start = slm->start(with_answer_start(*slm, prompt), 4);
    QVERIFY(testing::max_abs_diff(start.decoder->first(), teacher_forced.select(1, 0)) < 1e-4);
    at::Tensor next = start.decoder->step(answer.select(1, 1));
    QVERIFY(testing::max_abs_diff(next, teacher_forced.select(1, 1)) < 1e-4);
    next = start.decoder->step(answer.select(1, 2));
    QVERIFY(testing::max_abs_diff(next, teacher_forced.select(1, 2)) < 1e-4);
    // The LLM's states reach the prompt positions only: a zero projector
    // gives the SLM's plain embeddings.
    QVERIFY(!at::allclose(prompt.embeddings, slm->embed(ids)));
  }

  // Path (a): the decoder-only SLM shares the LLM's tokenizer. Path (b): it
  // has its own (Llama special ids), and reads the prompt through the LLM's
  // embeddings mapped into its width. Both train from the command-line
  // config, their loss falls far, and the pack decodes their answers.
  void decoderOnlySlmTrainsAndRunsInAPack_data() {
    QTest::addColumn<bool>("own_tokenizer");
    QTest::newRow("shared tokenizer") << false;
    QTest::newRow("own tokenizer (llm_mapped)") << true;
  }
  void decoderOnlySlmTrainsAndRunsInAPack() {
    QFETCH(bool, own_tokenizer);
    const std::string name = own_tokenizer ? "own" : "shared";
    json config = l2s_config(path("l2s_dec_" + name));
    config["tokenizer"] = pack_ + "/spiece.model";
    if (own_tokenizer) {
      config["target_tokenizer"] = llama_tokenizer("llama_tok", 90);
      config["projector_inputs"] = "llm_mapped";
    }
    const auto [first, last] = train(config);
    QVERIFY2(first > 0 && last < 0.1 * first, qPrintable(QString("loss %1 -> %2").arg(first).arg(last)));

    const std::string out = path("l2s_dec_" + name);
    const json saved = read_json(out + "/slm/config.json");
    QCOMPARE(saved["model_type"].get<std::string>(), std::string("llama"));
    QCOMPARE(saved["architectures"][0].get<std::string>(), std::string("LlamaForCausalLM"));
    QVERIFY(fs::exists(out + "/slm/tokenizer.model"));
    QVERIFY(io::Checkpoint::open(out + "/slm").contains("model.layers.0.self_attn.q_proj.weight"));

    // A version-2 pack with the T5 pair and this decoder-only pair.
    const std::string pack = path("pack_" + name);
    fs::copy(pack_, pack, fs::copy_options::recursive);
    fs::copy(out + "/slm", pack + "/slm_dec", fs::copy_options::recursive);
    fs::copy(out + "/projector", pack + "/projector_dec", fs::copy_options::recursive);
    PackInfo info = read_pack_info(pack);
    info.dir = pack;
    info.guided.push_back({"l2s-dec", "LLM → SLM (Llama)", ModeKind::L2s, pack + "/slm_dec", pack + "/projector_dec"});
    write_pack_info(info);
    const PackRunner runner = PackRunner::load(pack);
    QCOMPARE(runner.describe("l2s-dec").family, std::string("llama"));
    QCOMPARE(runner.describe("l2s").family, std::string("t5"));
    GenerationOptions greedy;
    greedy.max_new_tokens = 48;  // the tiny vocabulary spells the longest answer in 30 pieces
    for (const auto& [source, target] : kPairs) {
      const GenerationResult result = runner.generate("l2s-dec", source, greedy);
      QCOMPARE(QString::fromStdString(result.text), QString::fromStdString(target));
      QVERIFY(result.reached_eos);
    }
    expect_batch_matches_one_by_one(runner, "l2s-dec", greedy);
  }

  // Mode lm on a decoder-only model: prompt -> answer pairs, loss on the
  // answer only; as a pack's baseline it answers after its start token.
  void decoderOnlyBaselineTrainsInModeLm() {
    const std::string tokenizer = llama_tokenizer("lm_tok", 90);
    json config = l2s_config(path("lm_dec"));
    config["mode"] = "lm";
    config.erase("llm");
    config["tokenizer"] = tokenizer;
    const auto [first, last] = train(config);
    QVERIFY2(first > 0 && last < 0.1 * first, qPrintable(QString("loss %1 -> %2").arg(first).arg(last)));

    const std::string pack = path("pack_lm");
    fs::copy(pack_, pack, fs::copy_options::recursive);
    fs::copy(path("lm_dec"), pack + "/slm_dec", fs::copy_options::recursive);
    fs::remove_all(pack + "/slm_dec/trainer_state");
    PackInfo info = read_pack_info(pack);
    info.dir = pack;
    info.baselines.push_back({"slm-dec", "SLM only (Llama)", ModeKind::Slm, pack + "/slm_dec", ""});
    write_pack_info(info);
    const PackRunner runner = PackRunner::load(pack);
    GenerationOptions greedy;
    greedy.max_new_tokens = 48;
    for (const auto& [source, target] : kPairs) {
      const GenerationResult result = runner.generate("slm-dec", source, greedy);
      QCOMPARE(QString::fromStdString(result.text), QString::fromStdString(target));
      QVERIFY(result.reached_eos);
    }    expect_batch_matches_one_by_one(runner, "slm-dec", greedy);
  }

  // A tokenizer whose special ids differ from its model's config is refused
  // when the pack loads, naming the folder.
  void mismatchedTokenizerIsRefused() {
    const std::string pack = path("pack_mismatch");
    fs::copy(pack_, pack, fs::copy_options::recursive);
    fs::copy_file(llama_tokenizer("mismatch_tok", 60), pack + "/slm_baseline/spiece.model", fs::copy_options::overwrite_existing);
    expect_error([&] { PackRunner::load(pack); },
                 "slm_baseline: the tokenizer does not match the model's config.json: its end-of-sequence id is 2, "
                 "the model's eos_token_id is 1");
  }
};

QTEST_APPLESS_MAIN(TestModelFamilies)
#include "test_model_families.moc"

#include "tiny_pack.h"

#include <ATen/ATen.h>

#include <filesystem>
#include <fstream>

#include "engine/io/checkpoint.h"
#include "engine/models/language_model.h"
#include "engine/models/model_registry.h"
#include "engine/models/projector.h"
#include "engine/models/t5_weights.h"
#include "l2s/pack_info.h"
#include "l2s/tokenizer.h"

namespace l2s::testing {
namespace {

namespace fs = std::filesystem;

// A small English-German corpus, enough for a ~120-piece vocabulary.
void write_corpus(const std::string& path) {
  const char* subjects[] = {"a man", "a woman", "two dogs", "the child", "a group of people", "ein mann", "eine frau"};
  const char* verbs[] = {"is walking", "runs", "plays", "is sitting", "looks", "spielt", "sitzt"};
  const char* places[] = {"in the park", "on the street", "near the water", "im park", "auf der strasse"};
  std::ofstream out(path);
  for (const char* s : subjects)
    for (const char* v : verbs)
      for (const char* p : places) out << s << " " << v << " " << p << ".\n";
}

T5Config tiny_config(int64_t vocab, int64_t d_model, int64_t layers, int64_t decoder_layers) {
  T5Config config;
  config.vocab_size = vocab;
  config.d_model = d_model;
  config.d_kv = 8;
  config.num_heads = 2;
  config.d_ff = 2 * d_model;
  config.num_layers = layers;
  config.num_decoder_layers = decoder_layers;
  config.dropout_rate = 0.0;
  return config;
}

void write_model(const std::string& dir, const T5Config& config, uint64_t seed, const std::string& spiece) {
  T5Weights weights = init_t5_weights(config, seed);
  // A zero EOS embedding gives EOS a zero logit, below the best of ~100
  // random ones: outputs run to max_new_tokens and streaming is exercised.
  weights.shared[config.eos_token_id].zero_();
  save_t5_checkpoint(dir, config, weights, io::StorageDType::F32);
  fs::copy_file(spiece, dir + "/spiece.model", fs::copy_options::overwrite_existing);
}

}  // namespace

std::string make_tiny_pack(const std::string& dir, bool with_baseline) {
  fs::create_directories(dir);
  const std::string corpus = dir + "/corpus.txt";
  write_corpus(corpus);
  TokenizerTrainOptions options;
  options.input_files = {corpus};
  options.model_prefix = dir + "/spiece";
  options.vocab_size = 100;
  options.hard_vocab_limit = false;  // the corpus is too small for a fixed size
  train_tokenizer(options);
  const int64_t vocab = Tokenizer::load(dir + "/spiece.model").vocab_size();

  PackInfo info;
  info.dir = dir;
  info.name = "Tiny test pack";
  info.description = "Random weights, for tests.";
  info.languages = {"en", "de"};
  info.license = "MIT";
  info.model_card = "# Tiny test pack\nRandom weights.";
  info.llm_dir = dir + "/llm";
  info.guided = {{"l2s", "LLM → SLM", ModeKind::L2s, dir + "/slm", dir + "/projector"}};
  info.presets = {{"Translate English to German", "translate", "translate English to German: ",
                   {"a man is walking in the park.", "two dogs play near the water."}},
                  {"Summarize", "summarize", "summarize: ", {}}};
  // Figures in the shape of a real bench report (the weights are random).
  info.benchmark.test_set = "tiny test set";
  info.benchmark.setup = "made up for tests";
  info.benchmark.metric = "bleu";
  info.benchmark.modes = {{"llm", 300, {{"bleu", 30.0}, {"chrf", 55.0}}},
                          {"l2s", 1500, {{"bleu", 29.5}, {"chrf", 54.5}}},
                          {"slm", 1800, {{"bleu", 26.0}, {"chrf", 51.0}}}};
  write_model(info.llm_dir, tiny_config(vocab, 32, 2, 2), 1, dir + "/spiece.model");
  write_model(dir + "/slm", tiny_config(vocab, 16, 1, 1), 2, dir + "/spiece.model");
  if (with_baseline) {
    info.baselines = {{"slm", "SLM only", ModeKind::Slm, dir + "/slm_baseline", ""}};
    write_model(dir + "/slm_baseline", tiny_config(vocab, 16, 1, 1), 3, dir + "/spiece.model");
  }
  ProjectorConfig projector{32, 16, 16, false};
  Projector::init(projector, 4).save(dir + "/projector");
  write_pack_info(info);
  return dir;
}

void add_tiny_llama_mode(const std::string& dir, ModeKind kind, const std::string& mode, const std::string& label) {
  const std::string slm_dir = dir + "/slm_" + mode;
  const int64_t vocab = Tokenizer::load(dir + "/spiece.model").vocab_size();
  // The T5 tokenizer's ids: no BOS, EOS 1, padding 0.
  const std::string config = R"({"model_type": "llama", "hidden_size": 16, "intermediate_size": 32,
      "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2,
      "max_position_embeddings": 256, "rms_norm_eps": 1e-6, "vocab_size": )" +
                             std::to_string(vocab) + R"(, "bos_token_id": null, "eos_token_id": 1, "pad_token_id": 0})";
  find_model_family("llama", "tiny pack").create(config, "tiny pack", 5)->save(slm_dir);
  fs::copy_file(dir + "/spiece.model", slm_dir + "/spiece.model", fs::copy_options::overwrite_existing);
  PackInfo info = read_pack_info(dir);
  info.dir = dir;
  if (kind == ModeKind::L2s) {
    const std::string projector_dir = dir + "/projector_" + mode;
    Projector::init(ProjectorConfig{32, 16, 16, false}, 6).save(projector_dir);
    info.guided.push_back({mode, label, kind, slm_dir, projector_dir});
  } else {
    info.baselines.push_back({mode, label, kind, slm_dir, ""});
  }
  write_pack_info(info);
}

void drop_tensor(const std::string& from_dir, const std::string& to_dir, const std::string& name) {
  const io::Checkpoint checkpoint = io::Checkpoint::open(from_dir);
  std::vector<std::pair<std::string, at::Tensor>> kept;
  for (const auto& tensor : checkpoint.names())
    if (tensor != name) kept.emplace_back(tensor, checkpoint.load(tensor));
  io::save_tensors(to_dir + "/model.safetensors", kept);
}

}  // namespace l2s::testing

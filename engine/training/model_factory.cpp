#include "engine/training/model_factory.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "l2s/error.h"
#include "engine/io/bounded_read.h"
#include "engine/models/model_registry.h"
#include "engine/training/l2s_training_model.h"
#include "engine/training/lm_training_model.h"

namespace l2s::training {
namespace {

// A config for a model trained from scratch: a config.json path or an inline
// object, where model_type may be left out (t5) and vocab_size too (the
// tokenizer's size).
struct FreshConfig {
  nlohmann::json root;
  std::string source;
};

FreshConfig fresh_config(const std::string& model_config) {
  std::string text = model_config, source = "model_config";
  if (model_config.empty() || model_config[0] != '{') {
    std::ifstream in(model_config, std::ios::binary);
    if (!in) throw Error(model_config + ": cannot open the model config");
    text = io::read_bounded(in, model_config, "model config");
    source = model_config;
  }
  nlohmann::json root = nlohmann::json::parse(text, nullptr, false);
  if (!root.is_object()) throw Error(source + ": the model config must be a JSON object");
  if (!root.contains("model_type")) root["model_type"] = "t5";
  if (!root["model_type"].is_string()) throw Error(source + ": \"model_type\" must be a string");
  return {root, source};
}

void check_vocab(const ModelSpec& spec, int64_t tokenizer_vocab, const std::string& what, const std::string& tokenizer) {
  if (tokenizer_vocab > spec.vocab_size)
    throw Error(tokenizer + ": the tokenizer has " + std::to_string(tokenizer_vocab) + " pieces but the " + what +
                " has only " + std::to_string(spec.vocab_size) + " embeddings");
}

// The model being trained: resumed, loaded, or fresh. A fresh model's special
// ids are the tokenizer's (`special`), unless the config sets them.
std::unique_ptr<LanguageModel> trained_model(const TrainingConfig& config, const std::string& resume_dir,
                                             uint64_t init_seed, int64_t tokenizer_vocab,
                                             const nlohmann::json& special) {
  if (!resume_dir.empty()) return load_language_model(resume_dir);
  if (!config.model_init.empty()) return load_language_model(config.model_init);
  FreshConfig fresh = fresh_config(config.model_config);
  if (!fresh.root.contains("vocab_size")) fresh.root["vocab_size"] = tokenizer_vocab;
  for (const auto& [key, value] : special.items())
    if (!fresh.root.contains(key)) fresh.root[key] = value;
  const ModelFamily& family = find_model_family(fresh.root["model_type"].get<std::string>(), fresh.source);
  return family.create(fresh.root.dump(), fresh.source, init_seed);
}

// A fresh decoder-only model takes its special ids from its tokenizer.
nlohmann::json tokenizer_ids(const ModelSources& sources, bool target) {
  const auto& ids = target ? sources.target_special_ids : sources.source_special_ids;
  nlohmann::json special = nlohmann::json::object();
  special["bos_token_id"] = ids.bos >= 0 ? nlohmann::json(ids.bos) : nlohmann::json(nullptr);
  if (ids.eos >= 0) special["eos_token_id"] = ids.eos;
  if (ids.pad >= 0) special["pad_token_id"] = ids.pad;
  return special;
}

}  // namespace

const ModelFamily& source_family(const TrainingConfig& config) {
  if (config.mode == TrainingMode::L2s) return model_family_of(config.llm);
  if (!config.model_init.empty()) return model_family_of(config.model_init);
  FreshConfig fresh = fresh_config(config.model_config);
  return find_model_family(fresh.root["model_type"].get<std::string>(), fresh.source);
}

std::unique_ptr<TrainingModel> create_training_model(const TrainingConfig& config, const ModelSources& sources) {
  if (config.mode == TrainingMode::Lm) {
    std::unique_ptr<LanguageModel> model = trained_model(config, sources.resume_dir, config.seed, sources.source_vocab,
                                                         tokenizer_ids(sources, false));
    check_vocab(model->spec(), sources.source_vocab, "model", sources.source_tokenizer_path);
    return std::make_unique<LmTrainingModel>(std::move(model), sources.source_tokenizer_path);
  }

  std::unique_ptr<LanguageModel> llm = load_language_model(config.llm);
  check_vocab(llm->spec(), sources.source_vocab, "LLM", sources.source_tokenizer_path);
  const std::string slm_dir = sources.resume_dir.empty() ? "" : sources.resume_dir + "/slm";
  std::unique_ptr<LanguageModel> slm =
      trained_model(config, slm_dir, config.seed, sources.target_vocab, tokenizer_ids(sources, true));
  check_vocab(slm->spec(), sources.target_vocab, "SLM", sources.target_tokenizer_path);

  std::optional<Projector> projector;
  if (!sources.resume_dir.empty()) projector = Projector::load(sources.resume_dir + "/projector");
  else if (!config.projector_init.empty()) projector = Projector::load(config.projector_init);
  else {
    ProjectorConfig p;
    p.d_llm = llm->spec().d_model;
    p.d_slm = slm->spec().d_model;
    p.d_hidden = config.projector_hidden > 0 ? config.projector_hidden : p.d_slm;
    p.llm_mapped_inputs = config.projector_inputs == "llm_mapped";
    projector = Projector::init(p, config.seed + 1);
  }
  return std::make_unique<L2sTrainingModel>(std::move(llm), std::move(*projector), std::move(slm),
                                            sources.target_tokenizer_path);
}

double effective_dropout(const TrainingConfig& config, const TrainingModel& model) {
  return config.dropout >= 0 ? config.dropout : model.target_model().config_dropout();
}

}  // namespace l2s::training

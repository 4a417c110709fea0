#include "engine/training/model_factory.h"

#include <fstream>
#include <optional>
#include <nlohmann/json.hpp>
#include <sstream>

#include "engine/common/error.h"
#include "engine/models/t5_model.h"
#include "engine/training/l2s_training_model.h"
#include "engine/training/lm_training_model.h"

namespace l2s::training {
namespace {

// A config for a model trained from scratch: a config.json path or an inline
// object, where model_type and vocab_size may be left out (T5, and the
// tokenizer's size).
T5Config fresh_config(const std::string& model_config, int64_t tokenizer_vocab) {
  std::string text = model_config, source = "model_config";
  if (model_config.empty() || model_config[0] != '{') {
    std::ifstream in(model_config, std::ios::binary);
    if (!in) throw Error(model_config + ": cannot open the model config");
    std::stringstream bytes;
    bytes << in.rdbuf();
    text = bytes.str();
    source = model_config;
  }
  nlohmann::json root = nlohmann::json::parse(text, nullptr, false);
  if (!root.is_object()) throw Error(source + ": the model config must be a JSON object");
  if (!root.contains("model_type")) root["model_type"] = "t5";
  if (!root.contains("vocab_size")) root["vocab_size"] = tokenizer_vocab;
  return T5Config::from_json_text(root.dump(), source);
}

void check_vocab(const T5Config& config, int64_t tokenizer_vocab, const std::string& what,
                 const std::string& tokenizer) {
  if (tokenizer_vocab > config.vocab_size)
    throw Error(tokenizer + ": the tokenizer has " + std::to_string(tokenizer_vocab) + " pieces but the " + what +
                " has only " + std::to_string(config.vocab_size) + " embeddings");
}

// The T5 being trained: resumed, loaded, or fresh.
T5Model trained_t5(const TrainingConfig& config, const std::string& resume_dir, uint64_t init_seed,
                   int64_t tokenizer_vocab) {
  if (!resume_dir.empty()) return T5Model::load(resume_dir);
  if (!config.model_init.empty()) return T5Model::load(config.model_init);
  T5Config t5 = fresh_config(config.model_config, tokenizer_vocab);
  return T5Model(t5, init_t5_weights(t5, init_seed));
}

}  // namespace

std::unique_ptr<TrainingModel> create_training_model(const TrainingConfig& config, const ModelSources& sources) {
  if (config.mode == TrainingMode::Lm) {
    T5Model model = trained_t5(config, sources.resume_dir, config.seed, sources.source_vocab);
    check_vocab(model.config(), sources.source_vocab, "model", sources.source_tokenizer_path);
    return std::make_unique<LmTrainingModel>(std::move(model), sources.source_tokenizer_path);
  }

  T5Model llm = T5Model::load(config.llm);
  check_vocab(llm.config(), sources.source_vocab, "LLM", sources.source_tokenizer_path);
  const std::string slm_dir = sources.resume_dir.empty() ? "" : sources.resume_dir + "/slm";
  T5Model slm = trained_t5(config, slm_dir, config.seed, sources.target_vocab);
  check_vocab(slm.config(), sources.target_vocab, "SLM", sources.target_tokenizer_path);

  std::optional<Projector> projector;
  if (!sources.resume_dir.empty()) projector = Projector::load(sources.resume_dir + "/projector");
  else if (!config.projector_init.empty()) projector = Projector::load(config.projector_init);
  else {
    ProjectorConfig p;
    p.d_llm = llm.config().d_model;
    p.d_slm = slm.config().d_model;
    p.d_hidden = config.projector_hidden > 0 ? config.projector_hidden : p.d_slm;
    p.llm_mapped_inputs = config.projector_inputs == "llm_mapped";
    projector = Projector::init(p, config.seed + 1);
  }
  return std::make_unique<L2sTrainingModel>(std::move(llm), std::move(*projector), std::move(slm),
                                            sources.target_tokenizer_path);
}

double effective_dropout(const TrainingConfig& config, const TrainingModel& model) {
  return config.dropout >= 0 ? config.dropout : model.target_model().config().dropout_rate;
}

}  // namespace l2s::training

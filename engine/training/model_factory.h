#pragma once
// Builds the model a training run starts from: from a checkpoint when
// resuming, else from init folders, else freshly initialised from a config.
#include <memory>
#include <string>

#include "engine/models/model_registry.h"
#include "l2s/training/training_config.h"
#include "engine/training/training_model.h"

namespace l2s::training {

struct TokenizerSpecialIds {
  int64_t bos = -1, eos = -1, pad = -1;
};

struct ModelSources {
  std::string source_tokenizer_path, target_tokenizer_path;
  int64_t source_vocab = 0, target_vocab = 0;  // tokenizer sizes, checked against the models
  TokenizerSpecialIds source_special_ids, target_special_ids;  // for fresh models' configs
  std::string resume_dir;                       // a checkpoint folder, or empty
};

// The family of the model that reads the sources (the LLM in mode l2s), known
// before any weights load: it decides how sources are framed (BOS/EOS).
const ModelFamily& source_family(const TrainingConfig& config);

// Throws l2s::Error naming the folder or setting at fault.
std::unique_ptr<TrainingModel> create_training_model(const TrainingConfig& config, const ModelSources& sources);

// The dropout a run uses: the config's, or the model config's dropout_rate.
double effective_dropout(const TrainingConfig& config, const TrainingModel& model);

}  // namespace l2s::training

#include "engine/training/lm_training_model.h"

namespace l2s::training {

LmTrainingModel::LmTrainingModel(std::unique_ptr<LanguageModel> model, std::string tokenizer_path)
    : model_(std::move(model)), tokenizer_path_(std::move(tokenizer_path)) {
  parameters_ = make_trainable(*model_, "");
}

PromptInput LmTrainingModel::prompt(const TrainingBatch& batch) const {
  return {model_->embed(batch.source_ids), batch.source_mask, {}};
}

void LmTrainingModel::save(const std::string& dir) const {
  model_->save(dir);
  save_tokenizer_copy(tokenizer_path_, dir, model_->spec().tokenizer_file);
}

}  // namespace l2s::training

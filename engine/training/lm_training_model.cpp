#include "engine/training/lm_training_model.h"

#include "engine/io/checkpoint.h"

namespace l2s::training {

LmTrainingModel::LmTrainingModel(T5Model model, std::string tokenizer_path)
    : model_(std::move(model)), tokenizer_path_(std::move(tokenizer_path)) {
  parameters_ = make_trainable(model_.weights(), model_.config(), "");
}

at::Tensor LmTrainingModel::encode(const TrainingBatch& batch, double dropout) const {
  return model_.encode(batch.source_ids, batch.source_mask, dropout);
}

void LmTrainingModel::save(const std::string& dir) const {
  save_t5_checkpoint(dir, model_.config(), model_.weights(), io::StorageDType::F32);
  save_tokenizer_copy(tokenizer_path_, dir);
}

}  // namespace l2s::training

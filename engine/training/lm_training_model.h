#pragma once
// Mode lm: one T5, trained from scratch or fine-tuned.
#include <string>

#include "engine/models/t5_model.h"
#include "engine/training/training_model.h"

namespace l2s::training {

class LmTrainingModel : public TrainingModel {
 public:
  // Takes writable copies of the model's parameters. `tokenizer_path` is
  // copied beside every saved model.
  LmTrainingModel(T5Model model, std::string tokenizer_path);

  const T5Model& target_model() const override { return model_; }
  at::Tensor encode(const TrainingBatch& batch, double dropout) const override;
  bool needs_llm_states() const override { return false; }
  const std::vector<NamedParameter>& parameters() const override { return parameters_; }
  // config.json + model.safetensors (+ spiece.model): loads in transformers.
  void save(const std::string& dir) const override;

 private:
  T5Model model_;
  std::string tokenizer_path_;
  std::vector<NamedParameter> parameters_;
};

}  // namespace l2s::training

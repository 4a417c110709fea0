#pragma once
// Mode lm: one model of any registered family, trained from scratch or
// fine-tuned on prompt -> answer pairs (loss on the answer tokens only).
#include <memory>
#include <string>

#include "engine/training/training_model.h"

namespace l2s::training {

class LmTrainingModel : public TrainingModel {
 public:
  // Takes writable copies of the model's parameters. `tokenizer_path` is
  // copied beside every saved model.
  LmTrainingModel(std::unique_ptr<LanguageModel> model, std::string tokenizer_path);

  const LanguageModel& target_model() const override { return *model_; }
  PromptInput prompt(const TrainingBatch& batch) const override;
  bool needs_llm_states() const override { return false; }
  const std::vector<NamedParameter>& parameters() const override { return parameters_; }
  // config.json + model.safetensors (+ the tokenizer): loads in transformers.
  void save(const std::string& dir) const override;

 private:
  std::unique_ptr<LanguageModel> model_;
  std::string tokenizer_path_;
  std::vector<NamedParameter> parameters_;
};

}  // namespace l2s::training

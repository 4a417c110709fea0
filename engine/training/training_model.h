#pragma once
// What the trainer trains: one model of any registered family alone (mode lm)
// or a frozen LLM's encoder feeding a projector and a small model of any
// family (mode l2s). Either way a LanguageModel writes the answer after a
// prompt, and the trainer needs only these operations.
#include <ATen/core/Tensor.h>

#include <string>
#include <vector>

#include "engine/models/language_model.h"
#include "engine/training/parameters.h"
#include "engine/training/training_batch.h"

namespace l2s::training {

class TrainingModel {
 public:
  virtual ~TrainingModel() = default;
  // The model that writes the answers: the model (lm), the SLM (l2s).
  virtual const LanguageModel& target_model() const = 0;
  // The target model's prompt for the batch's sources (embeddings and mask).
  virtual PromptInput prompt(const TrainingBatch& batch) const = 0;
  // Whether batches must carry the frozen LLM's states (TrainingBatch::llm_states).
  virtual bool needs_llm_states() const = 0;
  virtual const std::vector<NamedParameter>& parameters() const = 0;
  // Writes the trained model(s) into `dir` in Hugging Face layout, each file atomically.
  virtual void save(const std::string& dir) const = 0;
};

// Teacher-forced, label-smoothed cross-entropy summed over the batch's target tokens.
at::Tensor teacher_forced_loss_sum(const TrainingModel& model, const TrainingBatch& batch, double dropout,
                                   double label_smoothing);

// Copies a sentencepiece model into `dir` under `file_name` (spiece.model,
// tokenizer.model), atomically, so the saved folder tokenizes on its own
// (nothing when `tokenizer_path` is empty).
void save_tokenizer_copy(const std::string& tokenizer_path, const std::string& dir, const std::string& file_name);

}  // namespace l2s::training

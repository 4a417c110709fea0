#pragma once
// What the trainer trains: a T5 alone (mode lm) or a frozen LLM's encoder
// feeding a projector and an SLM (mode l2s). Either way a T5 decoder writes
// the target, and the trainer needs only these operations.
#include <ATen/core/Tensor.h>

#include <string>
#include <vector>

#include "engine/training/parameters.h"
#include "engine/training/training_batch.h"

namespace l2s {
class T5Model;
}

namespace l2s::training {

class TrainingModel {
 public:
  virtual ~TrainingModel() = default;
  // The T5 whose decoder writes the targets: the model (lm), the SLM (l2s).
  virtual const T5Model& target_model() const = 0;
  // Encoder states [B, S, d] of the batch's sources; dropout 0 to evaluate.
  virtual at::Tensor encode(const TrainingBatch& batch, double dropout) const = 0;
  // Whether batches must carry the frozen LLM's states (TrainingBatch::llm_states).
  virtual bool needs_llm_states() const = 0;
  virtual const std::vector<NamedParameter>& parameters() const = 0;
  // Writes the trained model(s) into `dir` in Hugging Face layout, each file atomically.
  virtual void save(const std::string& dir) const = 0;
};

// Teacher-forced, label-smoothed cross-entropy summed over the batch's target tokens.
at::Tensor teacher_forced_loss_sum(const TrainingModel& model, const TrainingBatch& batch, double dropout,
                                   double label_smoothing);

// Copies a sentencepiece model into `dir` as spiece.model, atomically, so
// the saved folder tokenizes on its own (nothing when `tokenizer_path` is empty).
void save_tokenizer_copy(const std::string& tokenizer_path, const std::string& dir);

}  // namespace l2s::training

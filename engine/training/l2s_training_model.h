#pragma once
// Mode l2s: the frozen LLM's encoder states (cached, see LlmStateCache) go
// through the projector and are added to the SLM's prompt embeddings; the
// projector and the SLM are trained, the LLM is never written.
#include <string>

#include "engine/models/projector.h"
#include "engine/models/t5_family.h"
#include "engine/training/training_model.h"

namespace l2s::training {

class L2sTrainingModel : public TrainingModel {
 public:
  // Takes writable copies of the projector's and SLM's parameters; the LLM
  // keeps its (possibly read-only, memory-mapped) tensors. Throws l2s::Error
  // if the three do not fit together.
  L2sTrainingModel(T5Model llm, Projector projector, T5Model slm, std::string slm_tokenizer_path);

  const T5Model& target_model() const override { return slm_.model(); }
  at::Tensor encode(const TrainingBatch& batch, double dropout) const override;
  bool needs_llm_states() const override { return true; }
  const std::vector<NamedParameter>& parameters() const override { return parameters_; }
  // `dir`/slm (a Hugging Face T5 folder with spiece.model) and `dir`/projector.
  void save(const std::string& dir) const override;

  const T5Model& llm() const { return llm_.model(); }
  const Projector& projector() const { return projector_; }
  const T5Model& slm() const { return slm_.model(); }

 private:
  T5LanguageModel llm_;
  Projector projector_;
  T5LanguageModel slm_;
  std::string slm_tokenizer_path_;
  std::vector<NamedParameter> parameters_;
};

}  // namespace l2s::training

#pragma once
// Mode l2s: the frozen LLM's encoder states (cached, see LlmStateCache) go
// through the projector and are added to the SLM's prompt embeddings; the
// projector (with its prompt map, for an SLM with its own tokenizer) and the
// SLM are trained, the LLM is never written. The SLM may be of any family.
#include <memory>
#include <string>

#include "engine/models/projector.h"
#include "engine/training/training_model.h"

namespace l2s::training {

class L2sTrainingModel : public TrainingModel {
 public:
  // Takes writable copies of the projector's and SLM's parameters; the LLM
  // keeps its (possibly read-only, memory-mapped) tensors. Throws l2s::Error
  // if the three do not fit together.
  L2sTrainingModel(std::unique_ptr<LanguageModel> llm, Projector projector, std::unique_ptr<LanguageModel> slm,
                   std::string slm_tokenizer_path);

  const LanguageModel& target_model() const override { return *slm_; }
  PromptInput prompt(const TrainingBatch& batch) const override;
  bool needs_llm_states() const override { return true; }
  const std::vector<NamedParameter>& parameters() const override { return parameters_; }
  // `dir`/slm (a Hugging Face folder with its tokenizer) and `dir`/projector.
  void save(const std::string& dir) const override;

  const LanguageModel& llm() const { return *llm_; }
  const Projector& projector() const { return projector_; }

 private:
  std::unique_ptr<LanguageModel> llm_;
  Projector projector_;
  std::unique_ptr<LanguageModel> slm_;
  std::string slm_tokenizer_path_;
  std::vector<NamedParameter> parameters_;
};

}  // namespace l2s::training

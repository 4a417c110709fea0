#include "engine/training/l2s_training_model.h"

#include "engine/common/error.h"
#include "engine/io/checkpoint.h"
#include "engine/models/l2s_model.h"

namespace l2s::training {

L2sTrainingModel::L2sTrainingModel(T5Model llm, Projector projector, T5Model slm, std::string slm_tokenizer_path)
    : llm_(std::move(llm)),
      projector_(std::move(projector)),
      slm_(std::move(slm)),
      slm_tokenizer_path_(std::move(slm_tokenizer_path)) {
  check_l2s_compatible(llm_, projector_, slm_, "l2s training");
  parameters_ = make_trainable(projector_.weights(), projector_.config(), "projector.");
  for (NamedParameter& p : make_trainable(slm_.model().weights(), slm_.model().config(), "slm."))
    parameters_.push_back(std::move(p));
}

at::Tensor L2sTrainingModel::encode(const TrainingBatch& batch, double dropout) const {
  if (!batch.llm_states.defined()) throw Error("l2s training: the batch carries no LLM encoder states");
  PromptInput prompt = l2s_prompt(llm_, projector_, slm_, batch.source_ids, batch.source_mask, batch.llm_states);
  return slm_.model().encode_embeddings(prompt.embeddings, batch.source_mask, dropout);
}

void L2sTrainingModel::save(const std::string& dir) const {
  slm_.save(dir + "/slm");
  save_tokenizer_copy(slm_tokenizer_path_, dir + "/slm");
  projector_.save(dir + "/projector");
}

}  // namespace l2s::training

#include "engine/training/l2s_training_model.h"

#include "l2s/error.h"
#include "engine/models/l2s_model.h"

namespace l2s::training {

L2sTrainingModel::L2sTrainingModel(std::unique_ptr<LanguageModel> llm, Projector projector,
                                   std::unique_ptr<LanguageModel> slm, std::string slm_tokenizer_path)
    : llm_(std::move(llm)),
      projector_(std::move(projector)),
      slm_(std::move(slm)),
      slm_tokenizer_path_(std::move(slm_tokenizer_path)) {
  check_l2s_compatible(*llm_, projector_, *slm_, "l2s training");
  parameters_ = make_trainable(projector_.weights(), projector_.config(), "projector.");
  for (NamedParameter& p : make_trainable(*slm_, "slm.")) parameters_.push_back(std::move(p));
}

PromptInput L2sTrainingModel::prompt(const TrainingBatch& batch) const {
  if (!batch.llm_states.defined()) throw Error("l2s training: the batch carries no LLM encoder states");
  return l2s_prompt(*llm_, projector_, *slm_, batch.source_ids, batch.source_mask, batch.llm_states);
}

void L2sTrainingModel::save(const std::string& dir) const {
  slm_->save(dir + "/slm");
  save_tokenizer_copy(slm_tokenizer_path_, dir + "/slm", slm_->spec().tokenizer_file);
  projector_.save(dir + "/projector");
}

}  // namespace l2s::training

#include "engine/models/language_model.h"

#include <ATen/ATen.h>

#include "l2s/error.h"

namespace l2s {

at::Tensor LanguageModel::encode(const at::Tensor&, const at::Tensor&) const {
  throw Error("a " + spec().family + " model has no encoder: the LLM of a pack must be an encoder-decoder model");
}

at::Tensor as_batch(const std::vector<int64_t>& ids) { return at::tensor(ids, at::kLong).unsqueeze(0); }

PromptInput with_answer_start(const LanguageModel& model, PromptInput prompt) {
  if (model.spec().architecture != Architecture::DecoderOnly) return prompt;
  const int64_t start = model.spec().answer_start_token_id;
  const int64_t batch = prompt.embeddings.size(0);
  at::Tensor start_embedding = model.embed(at::full({batch, 1}, start, at::kLong));
  prompt.embeddings = at::cat({prompt.embeddings, start_embedding.to(prompt.embeddings.dtype())}, 1);
  if (prompt.mask.defined()) prompt.mask = at::cat({prompt.mask, at::ones({batch, 1}, prompt.mask.options())}, 1);
  if (batch == 1) prompt.ids.push_back(start);
  return prompt;
}

PromptInput prompt_from_ids(const LanguageModel& model, const std::vector<int64_t>& ids, bool answer) {
  PromptInput prompt{model.embed(as_batch(ids)), {}, ids};
  return answer ? with_answer_start(model, std::move(prompt)) : prompt;
}

}  // namespace l2s

#include "engine/models/l2s_model.h"

#include <ATen/ATen.h>

#include "l2s/error.h"

namespace l2s {

void check_l2s_compatible(const LanguageModel& llm, const Projector& projector, const LanguageModel& slm,
                          const std::string& source) {
  const ModelSpec& l = llm.spec();
  const ModelSpec& s = slm.spec();
  if (l.architecture != Architecture::EncoderDecoder)
    throw Error(source + ": the LLM is a " + l.family + " model without an encoder; it must be an encoder-decoder");
  const ProjectorConfig& p = projector.config();
  if (p.d_llm != l.d_model)
    throw Error(source + ": the projector expects d_llm " + std::to_string(p.d_llm) + " but the LLM has d_model " +
                std::to_string(l.d_model));
  if (p.d_slm != s.d_model)
    throw Error(source + ": the projector produces d_slm " + std::to_string(p.d_slm) + " but the SLM has d_model " +
                std::to_string(s.d_model));
  if (!p.llm_mapped_inputs && l.vocab_size != s.vocab_size)
    throw Error(source + ": the LLM and SLM vocabularies differ (" + std::to_string(l.vocab_size) + " vs " +
                std::to_string(s.vocab_size) +
                " tokens); such a pair needs a projector with input_embeddings \"llm_mapped\"");
}

PromptInput l2s_prompt(const LanguageModel& llm, const Projector& projector, const LanguageModel& slm,
                       const at::Tensor& ids, const at::Tensor& mask, const at::Tensor& llm_states) {
  const bool mapped = projector.config().llm_mapped_inputs;
  at::Tensor embeddings = mapped ? projector.map_token_embeddings(llm.embed(ids)) : slm.embed(ids);
  PromptInput prompt;
  prompt.embeddings = embeddings + projector.project(llm_states);
  prompt.mask = mask;
  // The ids are the SLM's own only when the two share a tokenizer.
  if (!mapped && ids.size(0) == 1) {
    const at::Tensor flat = ids.contiguous();
    prompt.ids.assign(flat.data_ptr<int64_t>(), flat.data_ptr<int64_t>() + flat.numel());
  }
  return prompt;
}

}  // namespace l2s

#include "engine/models/l2s_model.h"

#include <ATen/ATen.h>

#include "engine/common/error.h"

namespace l2s {

void check_l2s_compatible(const T5Model& llm, const Projector& projector, const T5Model& slm,
                          const std::string& source) {
  const ProjectorConfig& p = projector.config();
  if (p.d_llm != llm.config().d_model)
    throw Error(source + ": the projector expects d_llm " + std::to_string(p.d_llm) + " but the LLM has d_model " +
                std::to_string(llm.config().d_model));
  if (p.d_slm != slm.config().d_model)
    throw Error(source + ": the projector produces d_slm " + std::to_string(p.d_slm) + " but the SLM has d_model " +
                std::to_string(slm.config().d_model));
  if (!p.llm_mapped_inputs && llm.config().vocab_size != slm.config().vocab_size)
    throw Error(source + ": the LLM and SLM vocabularies differ (" + std::to_string(llm.config().vocab_size) +
                " vs " + std::to_string(slm.config().vocab_size) +
                " tokens); such a pair needs a projector with input_embeddings \"llm_mapped\"");
}

at::Tensor l2s_encoder_inputs(const T5Model& llm, const Projector& projector, const T5Model& slm,
                              const at::Tensor& ids, const at::Tensor& llm_states) {
  at::Tensor embeddings = projector.config().llm_mapped_inputs ? projector.map_token_embeddings(llm.embed(ids))
                                                               : slm.embed(ids);
  return embeddings + projector.project(llm_states);
}

}  // namespace l2s

#pragma once
// The LLM-to-SLM composition: the SLM's encoder input is its prompt
// embeddings plus the projected final encoder states of the frozen LLM.
#include <ATen/core/Tensor.h>

#include "engine/models/projector.h"
#include "engine/models/t5_model.h"

namespace l2s {

// Throws l2s::Error if the three models do not fit together (dimensions,
// vocabularies); `source` names the pack or folders in the message.
void check_l2s_compatible(const T5Model& llm, const Projector& projector, const T5Model& slm,
                          const std::string& source);

// SLM encoder input embeddings [B, S, d_slm] for prompt ids [B, S] (LLM
// tokenization) and the LLM's encoder states for them.
at::Tensor l2s_encoder_inputs(const T5Model& llm, const Projector& projector, const T5Model& slm,
                              const at::Tensor& ids, const at::Tensor& llm_states);

}  // namespace l2s

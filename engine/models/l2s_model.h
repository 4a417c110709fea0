#pragma once
// The LLM-to-SLM composition, for any pair of registered families: the
// guided SLM reads its prompt embeddings plus the projected final encoder
// states of the frozen LLM, one position per LLM token.
#include <ATen/core/Tensor.h>

#include <string>

#include "engine/models/language_model.h"
#include "engine/models/projector.h"

namespace l2s {

// Throws l2s::Error naming `source` if the three do not fit together: an LLM
// without an encoder, projector widths, or vocabularies that differ without
// the "llm_mapped" prompt path.
void check_l2s_compatible(const LanguageModel& llm, const Projector& projector, const LanguageModel& slm,
                          const std::string& source);

// The guided SLM's prompt for ids [B, S] in the LLM's vocabulary and the
// LLM's encoder states for them [B, S, d_llm]: the SLM's own embeddings of
// the ids (shared tokenizer) or the LLM's embeddings mapped into the SLM's
// width ("llm_mapped": the SLM has another tokenizer), plus the projected states.
PromptInput l2s_prompt(const LanguageModel& llm, const Projector& projector, const LanguageModel& slm,
                       const at::Tensor& ids, const at::Tensor& mask, const at::Tensor& llm_states);

}  // namespace l2s

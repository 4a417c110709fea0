#pragma once
// Mode verified: the guided SLM drafts, the LLM checks (speculative decoding,
// engine/decoding/speculative.h). The LLM's encoder states are read once, by
// the LLM's decoder and through the projector by the SLM; the output is the
// LLM's own greedy output, or with sampling follows the LLM's sampling
// distribution (docs/verified.md).
#include <ATen/core/Tensor.h>

#include <string>

#include "l2s/generation_options.h"
#include "engine/models/language_model.h"
#include "l2s/generation.h"
#include "l2s/stopwatch.h"

namespace l2s {

class Tokenizer;

// Throws l2s::Error naming `mode` and the option when speculative decoding
// cannot honour `options` (beam search).
void check_verifiable(const GenerationOptions& options, const std::string& mode);

// Decodes with the LLM (an encoder-decoder) over its encoder states
// `llm_states` [1, S], checking the drafts of `drafter` (the guided SLM after
// its prompt). Fills result as decode_streaming() does, plus the LLM steps,
// drafted and accepted token counts.
void decode_verified(const LanguageModel& llm, const at::Tensor& llm_states, DecodeStart drafter,
                     const Tokenizer* tokenizer, const GenerationOptions& options, const TokenCallback& on_token,
                     const CancelFlag* cancel, const Stopwatch& clock, GenerationResult& result);

}  // namespace l2s

#pragma once
// The decode phase shared by every mode: a T5 decoder over prepared encoder
// states, tokens streamed as text, per-token timings recorded.
#include <ATen/core/Tensor.h>

#include <string>
#include <vector>

#include "engine/decoding/generation_options.h"
#include "engine/runtime/generation.h"
#include "engine/runtime/stopwatch.h"

namespace l2s {

class T5Model;
class Tokenizer;

// Throws l2s::Error for a prompt text that is empty or only whitespace.
void check_prompt_text(const std::string& text);

// Decodes with `decoder` from `encoder_states` [1, S, d]; `clock` started
// with the request. Fills result.tokens/text/metrics (keeping the encode
// times already in result.metrics).
void decode_streaming(const T5Model& decoder, const at::Tensor& encoder_states, const Tokenizer* tokenizer,
                      const GenerationOptions& options, const TokenCallback& on_token, const CancelFlag* cancel,
                      const Stopwatch& clock, GenerationResult& result);

}  // namespace l2s

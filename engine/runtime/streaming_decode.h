#pragma once
// The decode phase shared by every mode and model family: a decoder that has
// read its prompt, tokens streamed as text, per-token timings recorded.
#include <string>
#include <vector>

#include "l2s/generation_options.h"
#include "engine/models/language_model.h"
#include "l2s/generation.h"
#include "l2s/stopwatch.h"

namespace l2s {

class Tokenizer;

// Throws l2s::Error for a prompt text that is empty or only whitespace.
void check_prompt_text(const std::string& text);

// Decodes with `start.decoder` (batch 1) of a model described by `spec`;
// `clock` started with the request. Fills result.tokens/text/metrics
// (keeping the prompt times already in result.metrics).
void decode_streaming(DecodeStart start, const ModelSpec& spec, const Tokenizer* tokenizer,
                      const GenerationOptions& options, const TokenCallback& on_token, const CancelFlag* cancel,
                      const Stopwatch& clock, GenerationResult& result);

}  // namespace l2s

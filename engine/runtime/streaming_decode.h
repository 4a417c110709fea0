#pragma once
// The decode phase shared by every mode and model family: a decoder that has
// read its prompt, tokens streamed as text, per-token timings recorded.
#include <functional>
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

// The same for any search over a prepared request (speculative decoding
// runs two decoders): `run` gets the request with the sink that streams and
// times each token; `history` is what the penalties see before the answer.
using SearchRun = std::function<SearchResult(const SearchRequest& request)>;
void stream_search(const SearchRun& run, std::vector<int64_t> history, const ModelSpec& spec,
                   const Tokenizer* tokenizer, const GenerationOptions& options, const TokenCallback& on_token,
                   const CancelFlag* cancel, const Stopwatch& clock, GenerationResult& result);

}  // namespace l2s

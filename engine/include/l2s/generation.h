#pragma once
// What a generation streams and returns, in plain types, for front ends
// that do not include libtorch.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace l2s {

struct TokenEvent {
  int64_t id = 0;
  std::string text;   // the token's text as it extends the output so far
  int64_t index = 0;  // 0 for the first generated token
  double elapsed_ms = 0;  // since the request started
};
using TokenCallback = std::function<void(const TokenEvent&)>;

// Timings of one run. Encode times are the prompt ("reading") phase; token
// times are the per-token decode phase.
struct GenerationMetrics {
  int64_t prompt_tokens = 0;     // as the model read them, after any truncation
  int64_t truncated_tokens = 0;  // prompt tokens dropped to fit max_input_tokens (truncate_input)
  int64_t generated_tokens = 0;
  double llm_encode_ms = 0;  // the LLM's encoder (0 when the mode has none)
  double slm_encode_ms = 0;  // the SLM's encoder (0 when the mode has none)
  double time_to_first_token_ms = 0;
  std::vector<double> token_ms;  // decode time of each generated token
  double total_ms = 0;
  // Mode verified (speculative decoding); 0 in other modes.
  int64_t llm_steps = 0;        // passes of the LLM's decoder
  int64_t draft_tokens = 0;     // tokens the SLM drafted
  int64_t accepted_tokens = 0;  // drafted tokens the LLM kept
  double acceptance_rate() const;      // accepted / drafted; 0 when none drafted
  double tokens_per_llm_step() const;  // generated tokens (EOS included) per LLM decoder pass; 0 without passes
  double tokens_per_second() const;  // generated tokens / decode time
  double decode_ms() const;          // sum of token_ms
};

// How many times faster a mode decodes than a reference (tokens/s over
// tokens/s, measured in the same run); 0 when either is unknown.
double decode_speedup(double tokens_per_second, double reference_tokens_per_second);

struct GenerationResult {
  std::vector<int64_t> tokens;  // generated ids (EOS dropped)
  std::string text;
  GenerationMetrics metrics;
  bool cancelled = false;
  bool reached_eos = false;  // stopped by EOS rather than max_new_tokens
};

}  // namespace l2s

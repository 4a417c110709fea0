#pragma once
// Decoding settings, honoured by every generation mode. Torch-free so front
// ends can hold and validate them without libtorch.
#include <atomic>
#include <cstdint>
#include <string>

namespace l2s {

struct GenerationOptions {
  int64_t max_new_tokens = 64;
  // Longest prompt in tokens, EOS included; 0: the pack's max_input_tokens
  // (512 for a lone model folder). Longer prompts are refused unless
  // truncate_input, which cuts them to the limit (see runtime/prompt_limit.h).
  int64_t max_input_tokens = 0;
  bool truncate_input = false;
  // Sampling (greedy when false).
  bool do_sample = false;
  double temperature = 1.0;
  int64_t top_k = 0;   // 0: no top-k filter
  double top_p = 1.0;  // 1: no nucleus filter
  uint64_t seed = 0;
  // Penalties.
  double repetition_penalty = 1.0;    // 1: off; > 1 discourages repeats
  int64_t no_repeat_ngram_size = 0;   // 0: off
  // Beam search (num_beams > 1); length_penalty as in transformers.
  int64_t num_beams = 1;
  double length_penalty = 1.0;
  // Mode verified: the most tokens the SLM drafts before the LLM checks them
  // (the draft length adapts below it; docs/verified.md).
  int64_t draft_tokens = 6;

  // Throws l2s::Error naming the first setting out of range.
  void validate() const;
};

// Set from any thread to stop a generation at the next token.
using CancelFlag = std::atomic<bool>;

}  // namespace l2s

#include "l2s/generation_options.h"

#include <cmath>

#include "l2s/error.h"

namespace l2s {

void GenerationOptions::validate() const {
  auto require = [](bool ok, const char* message) {
    if (!ok) throw Error(message);
  };
  require(max_new_tokens >= 1 && max_new_tokens <= 100000, "max_new_tokens must be in [1, 100000]");
  require(max_input_tokens >= 0 && max_input_tokens <= 1000000,
          "max_input_tokens must be in [1, 1000000], or 0 for the pack's limit");
  require(std::isfinite(temperature) && temperature > 0, "temperature must be a positive number");
  require(top_k >= 0, "top_k must be 0 (off) or positive");
  require(std::isfinite(top_p) && top_p > 0 && top_p <= 1, "top_p must be in (0, 1]");
  require(std::isfinite(repetition_penalty) && repetition_penalty > 0, "repetition_penalty must be positive");
  require(no_repeat_ngram_size >= 0, "no_repeat_ngram_size must be 0 (off) or positive");
  require(num_beams >= 1 && num_beams <= 64, "num_beams must be in [1, 64]");
  require(std::isfinite(length_penalty), "length_penalty must be a finite number");
  require(draft_tokens >= 1 && draft_tokens <= 64, "draft_tokens must be in [1, 64]");
  require(!(do_sample && num_beams > 1), "sampling and beam search cannot be combined: choose one");
}

}  // namespace l2s

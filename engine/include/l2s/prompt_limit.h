#pragma once
// How long a prompt may be, and what happens to a longer one: refused with
// an error naming both counts, or, when truncation is asked for, cut to the
// limit with its final EOS kept (a T5 encoder expects its input to end with
// EOS, as Hugging Face's tokenizers truncate). Torch-free.
#include <cstdint>
#include <vector>

#include "l2s/generation_options.h"

namespace l2s {

// A pack's max_input_tokens when pack.json does not say, and the limit of a
// lone model folder.
inline constexpr int64_t kDefaultMaxInputTokens = 512;

// options.max_input_tokens when set (> 0), otherwise `model_limit`.
int64_t input_token_limit(const GenerationOptions& options, int64_t model_limit);

// Makes `ids` fit `limit` tokens (EOS included) and returns how many were
// dropped. A longer prompt throws l2s::Error unless `truncate`; then it keeps
// its first limit - 1 tokens and its EOS (the first `limit` when it does not
// end with `eos_token_id`). Throws l2s::Error for an empty prompt.
int64_t fit_prompt(std::vector<int64_t>& ids, int64_t limit, bool truncate, int64_t eos_token_id);

}  // namespace l2s

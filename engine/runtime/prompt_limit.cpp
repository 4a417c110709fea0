#include "l2s/prompt_limit.h"

#include <string>

#include "l2s/error.h"

namespace l2s {

int64_t input_token_limit(const GenerationOptions& options, int64_t model_limit) {
  return options.max_input_tokens > 0 ? options.max_input_tokens : model_limit;
}

int64_t fit_prompt(std::vector<int64_t>& ids, int64_t limit, bool truncate, int64_t eos_token_id) {
  if (ids.empty()) throw Error("the prompt is empty");
  if (limit < 1) throw Error("the prompt limit must be at least 1 token, not " + std::to_string(limit));
  const auto length = static_cast<int64_t>(ids.size());
  if (length <= limit) return 0;
  if (!truncate)
    throw Error("the prompt has " + std::to_string(length) + " tokens; at most " + std::to_string(limit) +
                " are accepted (max_input_tokens): shorten it, or allow truncation to drop the " +
                std::to_string(length - limit) + " tokens past the limit");
  const bool ends_with_eos = ids.back() == eos_token_id;
  ids.resize(static_cast<std::size_t>(limit));
  if (ends_with_eos) ids.back() = eos_token_id;
  return length - limit;
}

}  // namespace l2s

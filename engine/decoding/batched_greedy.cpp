#include "engine/decoding/batched_greedy.h"

#include "engine/decoding/batched_search.h"

namespace l2s {

std::vector<std::vector<int64_t>> batched_greedy(StepModel& decoder, int64_t batch_size,
                                                 const std::vector<int64_t>& eos_tokens, int64_t max_new_tokens) {
  if (batch_size <= 0 || max_new_tokens <= 0) return std::vector<std::vector<int64_t>>(batch_size > 0 ? batch_size : 0);
  GenerationOptions greedy;
  greedy.max_new_tokens = max_new_tokens;
  BatchSearchRequest request;
  request.histories.resize(static_cast<std::size_t>(batch_size));
  request.eos_tokens = eos_tokens;
  request.options = &greedy;
  std::vector<std::vector<int64_t>> outputs = batched_search(decoder, request).tokens;
  for (std::vector<int64_t>& row : outputs)
    if (!row.empty() && request.is_eos(row.back())) row.pop_back();
  return outputs;
}

}  // namespace l2s

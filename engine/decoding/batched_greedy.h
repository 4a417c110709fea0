#pragma once
// Greedy decoding of a whole batch at once, for any model family's decoder
// (search() serves one prompt at a time with every strategy; dev-set
// evaluation and distillation want throughput).
#include <cstdint>
#include <vector>

#include "engine/decoding/search.h"

namespace l2s {

// Each row's argmax continuation, up to and without its EOS (any of
// `eos_tokens`), at most `max_new_tokens` tokens. Rows that finish leave the
// batch, so the cost follows the longest output only for that row.
std::vector<std::vector<int64_t>> batched_greedy(StepModel& decoder, int64_t batch_size,
                                                 const std::vector<int64_t>& eos_tokens, int64_t max_new_tokens);

}  // namespace l2s

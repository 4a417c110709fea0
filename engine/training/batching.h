#pragma once
// Token-based batching with length bucketing. Per epoch: shuffle the
// examples, cut them into pools, sort each pool by length, cut batches of at
// most `max_tokens` padded tokens, and shuffle the batches. Everything
// follows from (seed, epoch), so a run resumes at (epoch, batch index).
#include <cstdint>
#include <vector>

namespace l2s::training {

struct BatchingOptions {
  // Padded tokens per batch: rows * (longest source + longest target). A
  // single example longer than this still forms a batch of one.
  int64_t max_tokens = 4096;
  int64_t pool_size = 100000;  // examples sorted together; larger: less padding, less randomness
  uint64_t seed = 1;
};

using BatchIndices = std::vector<int64_t>;  // example indices
using BatchPlan = std::vector<BatchIndices>;

BatchPlan plan_epoch(const std::vector<int32_t>& source_lengths, const std::vector<int32_t>& target_lengths,
                     const BatchingOptions& options, int64_t epoch);

// All examples in length order, no randomness (evaluation, caching).
BatchPlan plan_in_length_order(const std::vector<int32_t>& source_lengths,
                               const std::vector<int32_t>& target_lengths, int64_t max_tokens);

}  // namespace l2s::training

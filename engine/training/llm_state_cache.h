#pragma once
// The frozen LLM's final encoder states for every example of a corpus,
// computed once before training (the LLM never changes, so re-encoding each
// epoch would only burn time). Examples are encoded in a fixed length order
// and fixed batches, so the cached values do not depend on the epoch, the
// batch an example lands in, or where a run was resumed.
#include <ATen/core/Tensor.h>

#include <functional>
#include <vector>

#include "engine/training/batching.h"
#include "engine/training/token_sequences.h"

namespace l2s {
class LanguageModel;
}

namespace l2s::training {

class LlmStateCache {
 public:
  // `storage`: at::kFloat, at::kBFloat16 or at::kHalf (halves the memory).
  // `on_progress(done, total)` is called after each encoded batch.
  static LlmStateCache build(const LanguageModel& llm, const TokenSequences& sources, int64_t max_tokens,
                             at::ScalarType storage, const std::function<void(int64_t, int64_t)>& on_progress = {});

  // float32 states [B, S, d] of examples `rows`, zero beyond each row's length.
  at::Tensor gather(const BatchIndices& rows, int64_t padded_length) const;
  int64_t bytes() const;
  // Every example's states, end to end (to compare caches across ranks).
  const at::Tensor& all_states() const { return states_; }

 private:
  at::Tensor states_;             // [total tokens + 1, d]; the last row is zeros, for padding
  std::vector<int64_t> offsets_;  // example i: rows offsets_[i] .. offsets_[i + 1]
};

}  // namespace l2s::training

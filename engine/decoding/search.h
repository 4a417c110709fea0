#pragma once
// Search strategies over any model that can extend a batch of sequences by
// one token: greedy, sampling, beam search.
#include <ATen/core/Tensor.h>

#include <functional>
#include <vector>

#include "engine/decoding/generation_options.h"

namespace l2s {

// A decoder that is fed one token per row and returns next-token logits.
class StepModel {
 public:
  virtual ~StepModel() = default;
  virtual at::Tensor step(const at::Tensor& ids) = 0;         // ids [B] -> logits [B, V]
  virtual void select_rows(const at::Tensor& index) = 0;      // keep/reorder rows of the state
};

struct SearchResult {
  std::vector<int64_t> tokens;  // generated ids, without the start token; EOS kept if emitted
  bool cancelled = false;
};

// Called for each new token of the (single) output as soon as it is known.
using TokenSink = std::function<void(int64_t token)>;

struct SearchRequest {
  int64_t start_token = 0;
  int64_t eos_token = 1;
  const GenerationOptions* options = nullptr;
  const CancelFlag* cancel = nullptr;  // may be null
  TokenSink on_token;                  // may be empty
};

// Generates one sequence for a batch-1 model state.
SearchResult search(StepModel& model, const SearchRequest& request);

}  // namespace l2s

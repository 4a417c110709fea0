#pragma once
// Greedy decoding and sampling of a whole batch of prompts at once, over any
// model family's decoder, with the semantics of search() row by row: the
// same penalties, and for sampling one generator per row seeded as search()
// seeds its one, so each row's tokens are those of a batch-1 run. Rows that
// finish (EOS or their token limit) leave the batch, so late steps only pay
// for the rows still running. Beam search is not batched (search() runs it).
#include <cstdint>
#include <functional>
#include <vector>

#include "engine/decoding/search.h"

namespace l2s {

// After each step: the output rows still running before it, and the token
// each chose (EOS included), in the same order.
using StepSink = std::function<void(const std::vector<int64_t>& rows, const std::vector<int64_t>& tokens)>;

struct BatchSearchRequest {
  std::vector<std::vector<int64_t>> histories;  // per row, as SearchRequest::history; their count is the batch
  std::vector<int64_t> eos_tokens = {1};
  const GenerationOptions* options = nullptr;   // num_beams must be 1
  const CancelFlag* cancel = nullptr;           // may be null
  StepSink on_step;                             // may be empty

  bool is_eos(int64_t token) const;
};

struct BatchSearchResult {
  std::vector<std::vector<int64_t>> tokens;  // per row: generated ids, EOS kept if emitted
  bool cancelled = false;
};

// Decodes every row of `model` (batch = histories.size()). Throws l2s::Error
// for beam search settings.
BatchSearchResult batched_search(StepModel& model, const BatchSearchRequest& request);

}  // namespace l2s

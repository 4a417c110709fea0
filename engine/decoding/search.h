#pragma once
// Search strategies over any model that can extend a batch of sequences by
// one token: greedy, sampling, beam search.
#include <ATen/core/Tensor.h>

#include <functional>
#include <vector>

#include "l2s/generation_options.h"

namespace l2s {

// A decoder with its state after reading a prompt: it gives the logits of
// the first answer token, then is fed one token per row at a time. Any model
// family provides one (an encoder-decoder starts its decoder from the start
// token; a decoder-only model has prefilled its prompt).
class StepModel {
 public:
  virtual ~StepModel() = default;
  virtual at::Tensor first() = 0;                         // logits [B, V] of the first answer token
  virtual at::Tensor step(const at::Tensor& ids) = 0;     // ids [B] -> logits [B, V]
  virtual void select_rows(const at::Tensor& index) = 0;  // keep/reorder rows of the state
};

struct SearchResult {
  std::vector<int64_t> tokens;  // generated ids, without the start token; EOS kept if emitted
  bool cancelled = false;
};

// Called for each new token of the (single) output as soon as it is known.
using TokenSink = std::function<void(int64_t token)>;

struct SearchRequest {
  // The tokens the repetition penalty and n-gram ban see before the answer,
  // as Hugging Face does: an encoder-decoder's decoder start token, a
  // decoder-only model's prompt ids.
  std::vector<int64_t> history;
  std::vector<int64_t> eos_tokens = {1};  // any of them ends the answer
  const GenerationOptions* options = nullptr;
  const CancelFlag* cancel = nullptr;  // may be null
  TokenSink on_token;                  // may be empty

  bool is_eos(int64_t token) const;
};

// Generates one sequence for a batch-1 model state.
SearchResult search(StepModel& model, const SearchRequest& request);

}  // namespace l2s

#pragma once
// How speculative decoding chooses its tokens (engine/decoding/speculative.h).
//
// Greedy: the drafter proposes its greedy token; a draft is kept when it is
// the verifier's own greedy choice, so the output is the verifier's greedy
// output.
//
// Sampling (Leviathan et al., 2023, algorithm 1): the drafter samples x from
// its distribution q; the verifier, whose distribution is p, keeps x with
// probability min(1, p(x)/q(x)) and otherwise draws from max(0, p - q),
// renormalised. Each token then follows p exactly, as if the verifier had
// sampled alone. p and q are the sampling distributions after the penalties
// and warpers (temperature, top-k, top-p) that search() applies.
#include <ATen/core/Generator.h>
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <vector>

#include "l2s/generation_options.h"

namespace l2s {

class DraftRule {
 public:
  explicit DraftRule(const GenerationOptions& options);

  // Starts a round: the drafts of the last one are forgotten.
  void start_round();
  // The drafter's next token from its logits [V] after `history`.
  int64_t draft(const at::Tensor& logits, const std::vector<int64_t>& history);

  struct Choice {
    int64_t token;
    bool kept_draft;  // the token is the round's draft at this position
  };
  // The verifier's token at `position` of the round, from its logits [V]
  // after `history`: a check of the draft made there, or, past the last
  // draft, the verifier's own token.
  Choice verify(const at::Tensor& logits, const std::vector<int64_t>& history, std::size_t position);

 private:
  const GenerationOptions& options_;
  at::Generator generator_;
  std::vector<int64_t> drafts_;
  std::vector<at::Tensor> draft_distributions_;  // q of each draft (sampling only)
};

}  // namespace l2s

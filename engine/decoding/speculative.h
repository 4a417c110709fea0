#pragma once
// Speculative decoding (Leviathan et al., 2023): a small model drafts a few
// tokens, the large model scores them all in one pass, and the drafts it
// accepts are kept, plus the large model's own token at the first rejection
// (or after the last draft). Greedy, a draft is accepted when it is the large
// model's greedy choice, so the output is the large model's greedy output;
// sampling, by the accept/reject rule of speculative sampling, so the output
// follows the large model's sampling distribution (engine/decoding/draft_rule.h).
// Only the number of the large model's decoder passes changes.
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <vector>

#include "engine/decoding/search.h"

namespace l2s {

// A batch-1 decoder (a StepModel after first()) that can read several tokens
// in one pass and forget the last ones read. Every model family's decoder
// implements it next to StepModel.
class RewindableDecoder {
 public:
  virtual ~RewindableDecoder() = default;
  // Feeds `tokens` after those read so far; returns logits [T, V], row i the
  // next token's after tokens[0..i].
  virtual at::Tensor read(const std::vector<int64_t>& tokens) = 0;
  // Positions read so far (whatever the family counts: start token, prompt).
  virtual int64_t length() const = 0;
  // Forgets every position from `length` on.
  virtual void rewind(int64_t length) = 0;
};

// The decoder behind `model` as a RewindableDecoder; throws l2s::Error
// naming `role` when its family cannot rewind.
RewindableDecoder& rewindable(StepModel& model, const char* role);

struct SpeculativeStats {
  int64_t verifier_steps = 0;   // passes of the large model's decoder (first() included)
  int64_t draft_tokens = 0;     // tokens the small model proposed
  int64_t accepted_tokens = 0;  // proposed tokens the large model kept
};

// Draft lengths adapt per round within [1, max_draft_tokens]: two more after
// a round whose drafts were all kept, one less after a rejection.
struct DraftLength {
  int64_t max = 4;
  int64_t current = 4;
  void after_round(int64_t drafted, int64_t accepted);
};

// Greedy or sampled decoding of `verifier` (batch 1, fresh: first() not
// called yet) with drafts from `drafter` (likewise). The request's options
// must have one beam (PackRunner refuses others); its penalties and sampling
// warpers apply to both models' scores as in search(). Tokens stream to
// request.on_token as they are accepted.
SearchResult speculative_search(StepModel& verifier, StepModel& drafter, const SearchRequest& request,
                                int64_t max_draft_tokens, SpeculativeStats& stats);

}  // namespace l2s

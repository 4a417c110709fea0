#include "engine/decoding/speculative.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <string>

#include "l2s/error.h"
#include "engine/decoding/draft_rule.h"

namespace l2s {
namespace {

at::Tensor last_row(const at::Tensor& rows) { return rows.select(0, rows.size(0) - 1); }

}  // namespace

RewindableDecoder& rewindable(StepModel& model, const char* role) {
  auto* decoder = dynamic_cast<RewindableDecoder*>(&model);
  if (!decoder)
    throw Error(std::string(role) + "'s decoder cannot roll back rejected tokens, so it cannot take part in "
                                    "speculative decoding");
  return *decoder;
}

void DraftLength::after_round(int64_t drafted, int64_t accepted) {
  if (drafted == 0) return;
  current = accepted == drafted ? std::min(max, current + 2) : std::max<int64_t>(1, current - 1);
}

SearchResult speculative_search(StepModel& verifier_model, StepModel& drafter_model, const SearchRequest& request,
                                int64_t max_draft_tokens, SpeculativeStats& stats) {
  const GenerationOptions& options = *request.options;
  RewindableDecoder& verifier = rewindable(verifier_model, "the LLM");
  RewindableDecoder& drafter = rewindable(drafter_model, "the drafting SLM");
  const std::size_t limit = static_cast<std::size_t>(std::max<int64_t>(options.max_new_tokens, 0));
  DraftLength draft{max_draft_tokens, std::min<int64_t>(max_draft_tokens, 4)};
  DraftRule rule(options);

  SearchResult result;
  if (limit == 0) return result;
  std::vector<int64_t> history = request.history;  // what the penalties see: the prefix, then the answer
  // Each model keeps in its cache every accepted token but the last few,
  // which it reads (in one pass) before the next round: the verifier the
  // last one, the drafter the last one or two.
  const at::Tensor verifier_first = verifier_model.first();
  stats.verifier_steps += 1;
  at::Tensor draft_logits = drafter_model.first();
  std::vector<int64_t> verifier_pending, drafter_pending;

  while (true) {
    if (request.cancel && request.cancel->load(std::memory_order_relaxed)) {
      result.cancelled = true;
      break;
    }
    // Drafts beyond `room` could not be emitted within max_new_tokens (nor fit the caches).
    const int64_t room = static_cast<int64_t>(limit - result.tokens.size()) - 1;
    const int64_t wanted = std::min(draft.current, room);

    rule.start_round();
    std::vector<int64_t> drafts;
    int64_t drafter_base = drafter.length();
    if (wanted > 0) {
      if (!drafter_pending.empty()) draft_logits = last_row(drafter.read(drafter_pending));
      drafter_pending.clear();
      drafter_base = drafter.length();
      std::vector<int64_t> draft_history = history;
      for (int64_t i = 0; i < wanted; ++i) {
        const int64_t token = rule.draft(draft_logits, draft_history);
        drafts.push_back(token);
        draft_history.push_back(token);
        if (request.is_eos(token) || i + 1 == wanted) break;
        draft_logits = last_row(drafter.read({token}));
      }
    }

    // One verifier pass over its pending token and the drafts: row i scores draft i.
    const std::size_t offset = verifier_pending.size();
    const int64_t verifier_base = verifier.length();
    std::vector<int64_t> input = verifier_pending;
    input.insert(input.end(), drafts.begin(), drafts.end());
    at::Tensor rows;
    if (!input.empty()) {
      rows = verifier.read(input);
      stats.verifier_steps += 1;
    }
    auto verifier_row = [&](std::size_t i) {
      return offset == 0 && i == 0 ? verifier_first.reshape({-1}) : rows.select(0, offset + i - 1);
    };

    int64_t accepted = 0;
    bool finished = false;
    for (std::size_t i = 0;; ++i) {
      const DraftRule::Choice choice = rule.verify(verifier_row(i), history, i);
      history.push_back(choice.token);
      result.tokens.push_back(choice.token);
      if (request.on_token) request.on_token(choice.token);
      if (choice.kept_draft) ++accepted;
      if (request.is_eos(choice.token) || result.tokens.size() == limit) {
        finished = true;
        break;
      }
      if (!choice.kept_draft) break;
    }
    stats.draft_tokens += static_cast<int64_t>(drafts.size());
    stats.accepted_tokens += accepted;
    draft.after_round(static_cast<int64_t>(drafts.size()), accepted);
    if (finished) break;

    // Roll both caches back to the accepted tokens; the last emitted token
    // (the verifier's correction, or its token after all the drafts) is read next round.
    const int64_t next = history.back();
    verifier.rewind(verifier_base + static_cast<int64_t>(offset) + accepted);
    verifier_pending = {next};
    // The drafter read every draft but the last.
    const int64_t kept = std::min<int64_t>(accepted, static_cast<int64_t>(drafts.size()) - 1);
    drafter.rewind(drafter_base + kept);
    drafter_pending.assign(drafts.begin() + kept, drafts.begin() + accepted);
    drafter_pending.push_back(next);
  }
  return result;
}

}  // namespace l2s

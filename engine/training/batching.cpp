#include "engine/training/batching.h"

#include <algorithm>

#include "l2s/error.h"
#include "engine/training/deterministic_rng.h"

namespace l2s::training {
namespace {

struct Lengths {
  const std::vector<int32_t>& source;
  const std::vector<int32_t>& target;
};

// Sorts by (source, target) length; the index breaks ties so the order
// never depends on the sort algorithm.
void sort_by_length(std::vector<int64_t>::iterator begin, std::vector<int64_t>::iterator end, const Lengths& l) {
  std::sort(begin, end, [&](int64_t a, int64_t b) {
    if (l.source[a] != l.source[b]) return l.source[a] < l.source[b];
    if (l.target[a] != l.target[b]) return l.target[a] < l.target[b];
    return a < b;
  });
}

// Greedy cut of length-sorted examples into batches under the token budget.
void cut_batches(std::vector<int64_t>::const_iterator begin, std::vector<int64_t>::const_iterator end,
                 const Lengths& l, int64_t max_tokens, BatchPlan& plan) {
  BatchIndices batch;
  int64_t longest_source = 0, longest_target = 0;
  for (auto it = begin; it != end; ++it) {
    const int64_t s = std::max<int64_t>(longest_source, l.source[*it]);
    const int64_t t = std::max<int64_t>(longest_target, l.target[*it]);
    if (!batch.empty() && static_cast<int64_t>(batch.size() + 1) * (s + t) > max_tokens) {
      plan.push_back(std::move(batch));
      batch.clear();
      longest_source = l.source[*it];
      longest_target = l.target[*it];
    } else {
      longest_source = s;
      longest_target = t;
    }
    batch.push_back(*it);
  }
  if (!batch.empty()) plan.push_back(std::move(batch));
}

void check(const std::vector<int32_t>& source_lengths, const std::vector<int32_t>& target_lengths,
           int64_t max_tokens) {
  if (source_lengths.size() != target_lengths.size()) throw Error("batching: source and target counts differ");
  if (max_tokens < 1) throw Error("max_tokens must be positive");
}

}  // namespace

BatchPlan plan_epoch(const std::vector<int32_t>& source_lengths, const std::vector<int32_t>& target_lengths,
                     const BatchingOptions& options, int64_t epoch) {
  check(source_lengths, target_lengths, options.max_tokens);
  if (options.pool_size < 1) throw Error("the bucketing pool size must be positive");
  const Lengths lengths{source_lengths, target_lengths};
  SplitMix64 rng(mix_seed(options.seed, static_cast<uint64_t>(epoch), 0xBA7C4));
  std::vector<int64_t> order(source_lengths.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int64_t>(i);
  shuffle_in_place(order, rng);

  BatchPlan plan;
  const auto pool = static_cast<std::size_t>(options.pool_size);
  for (std::size_t start = 0; start < order.size(); start += pool) {
    auto begin = order.begin() + static_cast<std::ptrdiff_t>(start);
    auto end = order.begin() + static_cast<std::ptrdiff_t>(std::min(order.size(), start + pool));
    sort_by_length(begin, end, lengths);
    cut_batches(begin, end, lengths, options.max_tokens, plan);
  }
  shuffle_in_place(plan, rng);
  return plan;
}

BatchPlan plan_in_length_order(const std::vector<int32_t>& source_lengths,
                               const std::vector<int32_t>& target_lengths, int64_t max_tokens) {
  check(source_lengths, target_lengths, max_tokens);
  const Lengths lengths{source_lengths, target_lengths};
  std::vector<int64_t> order(source_lengths.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int64_t>(i);
  sort_by_length(order.begin(), order.end(), lengths);
  BatchPlan plan;
  cut_batches(order.begin(), order.end(), lengths, max_tokens, plan);
  return plan;
}

}  // namespace l2s::training

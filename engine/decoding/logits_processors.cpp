#include "engine/decoding/logits_processors.h"

#include <ATen/ATen.h>

#include <limits>

namespace l2s::decoding {
namespace {

constexpr float kMinusInfinity = -std::numeric_limits<float>::infinity();

}  // namespace

void apply_repetition_penalty(at::Tensor& scores, const History& history, double penalty) {
  if (penalty == 1.0) return;
  auto rows = scores.accessor<float, 2>();
  for (std::size_t row = 0; row < history.size(); ++row) {
    std::vector<bool> seen(static_cast<std::size_t>(scores.size(1)), false);
    for (int64_t token : history[row]) {
      if (token < 0 || token >= scores.size(1) || seen[token]) continue;
      seen[token] = true;
      float& score = rows[row][token];
      score = score < 0 ? static_cast<float>(score * penalty) : static_cast<float>(score / penalty);
    }
  }
}

void ban_repeated_ngrams(at::Tensor& scores, const History& history, int64_t ngram_size) {
  if (ngram_size <= 0) return;
  auto rows = scores.accessor<float, 2>();
  const std::size_t n = static_cast<std::size_t>(ngram_size);
  for (std::size_t row = 0; row < history.size(); ++row) {
    const std::vector<int64_t>& tokens = history[row];
    if (tokens.size() + 1 < n) continue;
    // The last n-1 tokens, which the next token would extend to an n-gram.
    const std::vector<int64_t> tail(tokens.end() - static_cast<std::ptrdiff_t>(n - 1), tokens.end());
    for (std::size_t start = 0; start + n <= tokens.size(); ++start) {
      if (std::equal(tail.begin(), tail.end(), tokens.begin() + static_cast<std::ptrdiff_t>(start)))
        rows[row][tokens[start + n - 1]] = kMinusInfinity;
    }
  }
}

void apply_penalties(at::Tensor& scores, const History& history, const GenerationOptions& options) {
  apply_repetition_penalty(scores, history, options.repetition_penalty);
  ban_repeated_ngrams(scores, history, options.no_repeat_ngram_size);
}

at::Tensor apply_temperature(const at::Tensor& scores, double temperature) {
  return temperature == 1.0 ? scores : scores / temperature;
}

at::Tensor keep_top_k(const at::Tensor& scores, int64_t k) {
  if (k <= 0 || k >= scores.size(-1)) return scores;
  at::Tensor kth = std::get<0>(scores.topk(k, -1)).narrow(-1, k - 1, 1);
  return scores.masked_fill(scores < kth, kMinusInfinity);
}

at::Tensor keep_top_p(const at::Tensor& scores, double p) {
  if (p >= 1.0) return scores;
  auto [sorted, order] = scores.sort(-1, /*descending=*/true);
  at::Tensor cumulative = sorted.softmax(-1).cumsum(-1);
  // Drop a token when the tokens ranked above it already reach p; the top
  // token is always kept.
  at::Tensor drop_sorted = (cumulative - sorted.softmax(-1)) >= p;
  at::Tensor drop = at::zeros_like(drop_sorted).scatter(-1, order, drop_sorted);
  return scores.masked_fill(drop, kMinusInfinity);
}

at::Tensor sampling_probabilities(const at::Tensor& scores, const GenerationOptions& options) {
  return keep_top_p(keep_top_k(apply_temperature(scores, options.temperature), options.top_k), options.top_p)
      .softmax(-1);
}

}  // namespace l2s::decoding

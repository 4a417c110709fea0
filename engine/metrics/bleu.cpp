#include "l2s/metrics/bleu.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string_view>
#include <unordered_map>

#include "engine/metrics/corpus_input.h"
#include "engine/metrics/tokenizer_13a.h"
#include "engine/metrics/unicode_text.h"

namespace l2s::metrics {
namespace {

constexpr int kMaxOrder = 4;

// The sufficient statistics of BLEU; they add up over lines.
struct BleuStatistics {
  int64_t sys_len = 0;
  int64_t ref_len = 0;
  std::array<int64_t, kMaxOrder> counts{};
  std::array<int64_t, kMaxOrder> totals{};

  void add(const BleuStatistics& other) {
    sys_len += other.sys_len;
    ref_len += other.ref_len;
    for (int n = 0; n < kMaxOrder; ++n) {
      counts[n] += other.counts[n];
      totals[n] += other.totals[n];
    }
  }
};

using NgramCounts = std::unordered_map<std::string_view, int64_t>;

struct NgramTable {
  int64_t length = 0;  // tokens
  std::array<NgramCounts, kMaxOrder> by_order;
};

// `tokenized` holds tokens separated by single spaces, so an n-gram is simply
// the substring from its first token's start to its last token's end. The
// table points into `tokenized`, which must outlive it.
NgramTable count_ngrams(const std::string& tokenized) {
  const std::vector<std::string_view> tokens = split_on_whitespace(tokenized);
  NgramTable table;
  table.length = static_cast<int64_t>(tokens.size());
  for (int n = 1; n <= kMaxOrder; ++n) {
    for (std::size_t first = 0; first + n <= tokens.size(); ++first) {
      const std::string_view last = tokens[first + n - 1];
      const std::size_t size = static_cast<std::size_t>(last.data() + last.size() - tokens[first].data());
      ++table.by_order[n - 1][std::string_view(tokens[first].data(), size)];
    }
  }
  return table;
}

std::string preprocess(const std::string& line) {
  return tokenize_13a(strip_trailing_whitespace(line));
}

BleuStatistics line_statistics(const std::string& hyp, const std::string& ref) {
  const std::string hyp_tokens = preprocess(hyp);
  const std::string ref_tokens = preprocess(ref);
  const NgramTable hyp_ngrams = count_ngrams(hyp_tokens);
  const NgramTable ref_ngrams = count_ngrams(ref_tokens);

  BleuStatistics stats;
  stats.sys_len = hyp_ngrams.length;
  stats.ref_len = ref_ngrams.length;
  for (int n = 0; n < kMaxOrder; ++n) {
    for (const auto& [ngram, count] : hyp_ngrams.by_order[n]) {
      stats.totals[n] += count;
      // Clipping: an n-gram matches at most as often as the reference has it.
      const auto in_ref = ref_ngrams.by_order[n].find(ngram);
      if (in_ref != ref_ngrams.by_order[n].end()) stats.counts[n] += std::min(count, in_ref->second);
    }
  }
  return stats;
}

double brevity_penalty(int64_t sys_len, int64_t ref_len) {
  if (sys_len >= ref_len) return 1.0;
  if (sys_len == 0) return 0.0;
  return std::exp(1.0 - static_cast<double>(ref_len) / static_cast<double>(sys_len));
}

BleuScore score_statistics(const BleuStatistics& stats, bool effective_order) {
  BleuScore result;
  result.counts = stats.counts;
  result.totals = stats.totals;
  result.sys_len = stats.sys_len;
  result.ref_len = stats.ref_len;
  result.effective_order = effective_order;
  result.brevity_penalty = brevity_penalty(stats.sys_len, stats.ref_len);

  // Without a single match sacreBLEU stops here: score and precisions stay 0.
  if (std::all_of(stats.counts.begin(), stats.counts.end(), [](int64_t c) { return c == 0; })) {
    return result;
  }

  double smoothing = 1.0;
  int orders_used = kMaxOrder;
  for (int n = 0; n < kMaxOrder; ++n) {
    if (stats.totals[n] == 0) break;
    const auto total = static_cast<double>(stats.totals[n]);
    if (effective_order) orders_used = n + 1;
    if (stats.counts[n] == 0) {
      smoothing *= 2.0;
      result.precisions[n] = 100.0 / (smoothing * total);
    } else {
      result.precisions[n] = 100.0 * static_cast<double>(stats.counts[n]) / total;
    }
  }

  // A precision left at 0 (an order without n-grams) makes the geometric mean
  // 0; sacreBLEU gets there through log(0) := -9999999999.
  double log_sum = 0.0;
  for (int n = 0; n < orders_used; ++n) {
    if (result.precisions[n] == 0.0) return result;
    log_sum += std::log(result.precisions[n]);
  }
  result.score = result.brevity_penalty * std::exp(log_sum / orders_used);
  return result;
}

}  // namespace

double BleuScore::ratio() const {
  return ref_len == 0 ? 0.0 : static_cast<double>(sys_len) / static_cast<double>(ref_len);
}

std::string BleuScore::signature() const {
  return std::string("nrefs:1|case:mixed|eff:") + (effective_order ? "yes" : "no") +
         "|tok:13a|smooth:exp|version:" + std::string(kSacrebleuVersion);
}

std::string BleuScore::format() const {
  char line[256];
  std::snprintf(line, sizeof line,
                "BLEU = %.2f %.1f/%.1f/%.1f/%.1f (BP = %.3f ratio = %.3f hyp_len = %lld ref_len = %lld)",
                score, precisions[0], precisions[1], precisions[2], precisions[3], brevity_penalty,
                ratio(), static_cast<long long>(sys_len), static_cast<long long>(ref_len));
  return line;
}

BleuScore corpus_bleu(const std::vector<std::string>& hyps, const std::vector<std::string>& refs) {
  check_corpus("BLEU", hyps, refs);
  BleuStatistics corpus;
  for (std::size_t i = 0; i < hyps.size(); ++i) corpus.add(line_statistics(hyps[i], refs[i]));
  return score_statistics(corpus, /*effective_order=*/false);
}

BleuScore sentence_bleu(const std::string& hyp, const std::string& ref) {
  check_corpus("sentence BLEU", {hyp}, {ref});
  return score_statistics(line_statistics(hyp, ref), /*effective_order=*/true);
}

}  // namespace l2s::metrics

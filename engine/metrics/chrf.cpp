#include "l2s/metrics/chrf.h"

#include <algorithm>
#include <cstdio>
#include <string_view>
#include <unordered_map>

#include "engine/metrics/corpus_input.h"
#include "engine/metrics/unicode_text.h"

namespace l2s::metrics {
namespace {

constexpr int kCharOrder = 6;
constexpr double kBeta = 2.0;

using CharNgramCounts = std::unordered_map<std::u32string_view, int64_t>;

std::u32string characters_without_whitespace(const std::string& line) {
  std::u32string characters = decode_utf8(line);
  characters.erase(std::remove_if(characters.begin(), characters.end(), is_python_whitespace),
                   characters.end());
  return characters;
}

// The counts point into `characters`, which must outlive them.
CharNgramCounts count_char_ngrams(const std::u32string& characters, std::size_t n) {
  CharNgramCounts counts;
  const std::u32string_view text(characters);
  for (std::size_t first = 0; first + n <= text.size(); ++first) ++counts[text.substr(first, n)];
  return counts;
}

int64_t total(const CharNgramCounts& counts) {
  int64_t sum = 0;
  for (const auto& entry : counts) sum += entry.second;
  return sum;
}

int64_t clipped_matches(const CharNgramCounts& hyp, const CharNgramCounts& ref) {
  int64_t matches = 0;
  for (const auto& [ngram, count] : hyp) {
    const auto in_ref = ref.find(ngram);
    if (in_ref != ref.end()) matches += std::min(count, in_ref->second);
  }
  return matches;
}

void add_line_statistics(const std::string& hyp, const std::string& ref,
                         std::array<ChrfOrderStatistics, kCharOrder>& orders) {
  const std::u32string hyp_chars = characters_without_whitespace(hyp);
  const std::u32string ref_chars = characters_without_whitespace(ref);
  for (std::size_t n = 1; n <= kCharOrder; ++n) {
    const CharNgramCounts hyp_ngrams = count_char_ngrams(hyp_chars, n);
    const CharNgramCounts ref_ngrams = count_char_ngrams(ref_chars, n);
    ChrfOrderStatistics& order = orders[n - 1];
    order.hyp += total(hyp_ngrams);
    order.ref += total(ref_ngrams);
    order.matches += clipped_matches(hyp_ngrams, ref_ngrams);
  }
}

double f_score(const std::array<ChrfOrderStatistics, kCharOrder>& orders) {
  double precision = 0.0;
  double recall = 0.0;
  int effective_orders = 0;
  for (const ChrfOrderStatistics& order : orders) {
    if (order.hyp == 0 || order.ref == 0) continue;
    precision += static_cast<double>(order.matches) / static_cast<double>(order.hyp);
    recall += static_cast<double>(order.matches) / static_cast<double>(order.ref);
    ++effective_orders;
  }
  if (effective_orders == 0) return 0.0;
  precision /= effective_orders;
  recall /= effective_orders;
  if (precision + recall == 0.0) return 0.0;
  const double beta_squared = kBeta * kBeta;
  const double f = (1.0 + beta_squared) * precision * recall / (beta_squared * precision + recall);
  return 100.0 * f;
}

}  // namespace

std::string ChrfScore::signature() const {
  return "nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:" + std::string(kSacrebleuVersion);
}

std::string ChrfScore::format() const {
  char line[64];
  std::snprintf(line, sizeof line, "chrF2 = %.2f", score);
  return line;
}

ChrfScore corpus_chrf(const std::vector<std::string>& hyps, const std::vector<std::string>& refs) {
  check_corpus("chrF", hyps, refs);
  ChrfScore result;
  for (std::size_t i = 0; i < hyps.size(); ++i) add_line_statistics(hyps[i], refs[i], result.orders);
  result.score = f_score(result.orders);
  return result;
}

}  // namespace l2s::metrics

#pragma once
// chrF (Popović, 2015) exactly as sacreBLEU 2.4.3's CHRF() computes it with
// its defaults: character n-grams of orders 1..6, no word n-grams, beta 2,
// whitespace removed before n-grams are taken, mixed case, one reference.
// Characters are Unicode code points: "ß" and "„" count once each.
//
// Per order n, hypothesis, reference and matched (clipped) n-gram counts are
// summed over the corpus. An order is "effective" when both its hypothesis and
// reference sums are non-zero; over the effective orders only,
//   P = mean of matches / hyp,   R = mean of matches / ref,
//   chrF = 100 * (1 + beta^2) * P * R / (beta^2 * P + R),  0 when P + R = 0.
// (sacreBLEU's eps_smoothing=False path, its 1.x-compatible default.)
#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace l2s::metrics {

struct ChrfOrderStatistics {
  int64_t hyp = 0;      // character n-grams in the hypotheses
  int64_t ref = 0;      // character n-grams in the references
  int64_t matches = 0;  // shared n-grams, each counted at most as often as in both
};

struct ChrfScore {
  double score = 0.0;                         // 0..100
  std::array<ChrfOrderStatistics, 6> orders;  // index n-1 holds order n

  // "nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.4.3"
  std::string signature() const;
  std::string format() const;  // sacreBLEU's summary line, e.g. "chrF2 = 68.86"
};

// sacreBLEU's CHRF().corpus_score(hyps, [refs]). Throws l2s::Error when the
// sizes differ, the corpus is empty or a reference line is empty, as
// corpus_bleu does.
ChrfScore corpus_chrf(const std::vector<std::string>& hyps, const std::vector<std::string>& refs);

}  // namespace l2s::metrics

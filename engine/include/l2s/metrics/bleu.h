#pragma once
// BLEU (Papineni et al., 2002) exactly as sacreBLEU 2.4.3 computes it with its
// defaults: 13a tokenization, mixed case, n-grams up to 4, one reference per
// line, exponential ("exp", mteval-v13a) smoothing of zero-match orders.
//
//   precision_n = 100 * matched n-grams / hypothesis n-grams   (clipped counts)
//   BP          = 1 if sys_len >= ref_len, else exp(1 - ref_len / sys_len)
//   BLEU        = BP * exp(mean of log precision_n over the orders used)
//
// Counts and lengths are summed over the corpus before any division. An order
// with hypothesis n-grams but no match gets precision 100 / (2^k * total),
// k counting such orders so far. An order with no hypothesis n-grams at all
// ends the loop; corpus BLEU then scores 0, while sentence BLEU (effective
// order) averages over the orders before it only.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace l2s::metrics {

struct BleuScore {
  double score = 0.0;                    // 0..100
  std::array<double, 4> precisions{};    // 0..100, after smoothing
  std::array<int64_t, 4> counts{};       // matched n-grams per order
  std::array<int64_t, 4> totals{};       // hypothesis n-grams per order
  double brevity_penalty = 0.0;
  int64_t sys_len = 0;                   // hypothesis tokens
  int64_t ref_len = 0;                   // reference tokens
  bool effective_order = false;          // true for sentence BLEU

  double ratio() const;  // sys_len / ref_len, 0 without reference tokens
  // "nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.4.3"
  std::string signature() const;
  // sacreBLEU's summary line, e.g.
  // "BLEU = 35.36 75.0/33.3/25.0/25.0 (BP = 1.000 ratio = 1.000 hyp_len = 4 ref_len = 4)"
  std::string format() const;
};

// sacreBLEU's BLEU().corpus_score(hyps, [refs]). Throws l2s::Error when the
// sizes differ, the corpus is empty (sacreBLEU fails on it too) or a reference
// line is empty (sacreBLEU refuses those: "Empty or `None` reference sentence
// found"). An empty hypothesis is fine: it adds no n-grams.
BleuScore corpus_bleu(const std::vector<std::string>& hyps, const std::vector<std::string>& refs);

// sacreBLEU's sentence_bleu(hyp, [ref]): the same with effective order.
// Throws l2s::Error when the reference is empty.
BleuScore sentence_bleu(const std::string& hyp, const std::string& ref);

}  // namespace l2s::metrics

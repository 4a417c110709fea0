#include "l2s/metrics/rouge.h"

#include <map>
#include <set>
#include <string_view>
#include <unordered_map>

#include "engine/metrics/corpus_input.h"
#include "engine/metrics/rouge_tokenizer.h"

namespace l2s::metrics {
namespace {

// Tokens as small integers: equal tokens get equal ids within one pair.
using TokenIds = std::vector<int32_t>;

class Vocabulary {
 public:
  TokenIds ids(const std::vector<std::string>& tokens) {
    TokenIds result;
    result.reserve(tokens.size());
    for (const std::string& token : tokens)
      result.push_back(ids_.emplace(token, static_cast<int32_t>(ids_.size())).first->second);
    return result;
  }

 private:
  std::unordered_map<std::string, int32_t> ids_;
};

RougeScore score_from(double precision, double recall) {
  const double f = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0.0;
  return {precision, recall, f};
}

double ratio(int64_t part, int64_t whole) { return static_cast<double>(part) / static_cast<double>(whole); }

using NgramCounts = std::map<TokenIds, int64_t>;

NgramCounts count_ngrams(const TokenIds& tokens, std::size_t n) {
  NgramCounts counts;
  for (std::size_t first = 0; first + n <= tokens.size(); ++first)
    ++counts[TokenIds(tokens.begin() + first, tokens.begin() + first + n)];
  return counts;
}

int64_t total(const NgramCounts& counts) {
  int64_t sum = 0;
  for (const auto& entry : counts) sum += entry.second;
  return sum;
}

RougeScore ngram_score(const TokenIds& hyp, const TokenIds& ref, std::size_t n) {
  const NgramCounts hyp_counts = count_ngrams(hyp, n), ref_counts = count_ngrams(ref, n);
  int64_t matches = 0;
  for (const auto& [ngram, count] : ref_counts)
    if (auto it = hyp_counts.find(ngram); it != hyp_counts.end()) matches += std::min(count, it->second);
  return score_from(ratio(matches, std::max<int64_t>(total(hyp_counts), 1)),
                    ratio(matches, std::max<int64_t>(total(ref_counts), 1)));
}

// The dynamic-programming table of LCS lengths of every pair of prefixes:
// cell (i, j) holds the LCS of ref[0, i) and can[0, j).
class LcsTable {
 public:
  LcsTable(const TokenIds& ref, const TokenIds& can) : cols_(can.size() + 1), cells_((ref.size() + 1) * cols_, 0) {
    for (std::size_t i = 1; i <= ref.size(); ++i)
      for (std::size_t j = 1; j <= can.size(); ++j)
        at(i, j) = ref[i - 1] == can[j - 1] ? at(i - 1, j - 1) + 1 : std::max(at(i - 1, j), at(i, j - 1));
  }
  int32_t at(std::size_t i, std::size_t j) const { return cells_[i * cols_ + j]; }
  int32_t length() const { return cells_.back(); }

 private:
  int32_t& at(std::size_t i, std::size_t j) { return cells_[i * cols_ + j]; }
  std::size_t cols_;
  std::vector<int32_t> cells_;
};

RougeScore lcs_score(const TokenIds& hyp, const TokenIds& ref) {
  if (hyp.empty() || ref.empty()) return {};
  const int32_t lcs = LcsTable(ref, hyp).length();
  return score_from(ratio(lcs, static_cast<int64_t>(hyp.size())), ratio(lcs, static_cast<int64_t>(ref.size())));
}

// Positions in `ref` of one longest common subsequence with `can`, read back
// from the end; ties move along `ref` first, as rouge_score's backtracking
// does (which LCS is chosen changes the union in ROUGE-Lsum).
void add_lcs_positions(const TokenIds& ref, const TokenIds& can, std::set<std::size_t>& positions) {
  const LcsTable table(ref, can);
  std::size_t i = ref.size(), j = can.size();
  while (i > 0 && j > 0) {
    if (ref[i - 1] == can[j - 1]) {
      positions.insert(i - 1);
      --i, --j;
    } else if (table.at(i, j - 1) > table.at(i - 1, j)) {
      --j;
    } else {
      --i;
    }
  }
}

RougeScore summary_lcs_score(const std::vector<TokenIds>& hyp_sentences, const std::vector<TokenIds>& ref_sentences) {
  if (hyp_sentences.empty() || ref_sentences.empty()) return {};
  std::unordered_map<int32_t, int64_t> hyp_left, ref_left;  // tokens not yet counted as hits
  int64_t hyp_tokens = 0, ref_tokens = 0;
  for (const TokenIds& sentence : hyp_sentences) {
    hyp_tokens += static_cast<int64_t>(sentence.size());
    for (int32_t token : sentence) ++hyp_left[token];
  }
  for (const TokenIds& sentence : ref_sentences) {
    ref_tokens += static_cast<int64_t>(sentence.size());
    for (int32_t token : sentence) ++ref_left[token];
  }
  if (hyp_tokens == 0 || ref_tokens == 0) return {};
  int64_t hits = 0;
  for (const TokenIds& ref : ref_sentences) {
    std::set<std::size_t> union_positions;
    for (const TokenIds& hyp : hyp_sentences) add_lcs_positions(ref, hyp, union_positions);
    for (std::size_t position : union_positions) {
      const int32_t token = ref[position];
      if (hyp_left[token] > 0 && ref_left[token] > 0) {
        ++hits;
        --hyp_left[token];
        --ref_left[token];
      }
    }
  }
  return score_from(ratio(hits, hyp_tokens), ratio(hits, ref_tokens));
}

// Non-empty lines of `text`, split at "\n" only.
std::vector<std::string_view> sentences(std::string_view text) {
  std::vector<std::string_view> lines;
  for (std::size_t start = 0; start <= text.size();) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    if (end > start) lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

std::vector<TokenIds> sentence_ids(const std::string& text, Vocabulary& vocabulary, bool use_stemmer) {
  std::vector<TokenIds> result;
  for (std::string_view sentence : sentences(text))
    result.push_back(vocabulary.ids(rouge_tokenize(sentence, use_stemmer)));
  return result;
}

}  // namespace

RougeScores sentence_rouge(const std::string& hypothesis, const std::string& reference, const RougeOptions& options) {
  Vocabulary vocabulary;
  const TokenIds hyp = vocabulary.ids(rouge_tokenize(hypothesis, options.use_stemmer));
  const TokenIds ref = vocabulary.ids(rouge_tokenize(reference, options.use_stemmer));
  RougeScores scores;
  scores.rouge1 = ngram_score(hyp, ref, 1);
  scores.rouge2 = ngram_score(hyp, ref, 2);
  scores.rougeL = lcs_score(hyp, ref);
  scores.rougeLsum = summary_lcs_score(sentence_ids(hypothesis, vocabulary, options.use_stemmer),
                                       sentence_ids(reference, vocabulary, options.use_stemmer));
  return scores;
}

RougeCorpusScore corpus_rouge(const std::vector<std::string>& hyps, const std::vector<std::string>& refs,
                              const RougeOptions& options) {
  check_corpus_sizes("ROUGE", hyps, refs);
  RougeCorpusScore corpus;
  for (std::size_t i = 0; i < hyps.size(); ++i) {
    const RougeScores& pair = corpus.pairs.emplace_back(sentence_rouge(hyps[i], refs[i], options));
    corpus.rouge1 += pair.rouge1.fmeasure;
    corpus.rouge2 += pair.rouge2.fmeasure;
    corpus.rougeL += pair.rougeL.fmeasure;
    corpus.rougeLsum += pair.rougeLsum.fmeasure;
  }
  const double scale = 100.0 / static_cast<double>(hyps.size());
  for (double* mean : {&corpus.rouge1, &corpus.rouge2, &corpus.rougeL, &corpus.rougeLsum}) *mean *= scale;
  return corpus;
}

}  // namespace l2s::metrics

#pragma once
// ROUGE-1, ROUGE-2, ROUGE-L and ROUGE-Lsum (Lin, 2004) exactly as Google's
// rouge_score 0.1.2 computes them (RougeScorer(..., use_stemmer)), with its
// tokenizer (rouge_tokenizer.h):
//
//   ROUGE-N     clipped n-gram matches; precision = matches / hypothesis
//               n-grams, recall = matches / reference n-grams (each at least 1)
//   ROUGE-L     longest common subsequence of the two token lists;
//               precision = LCS / hypothesis tokens, recall = LCS / reference
//               tokens (0 when either side has no tokens)
//   ROUGE-Lsum  summary-level LCS over sentences split at "\n" (empty lines
//               dropped): for each reference sentence, the union of its LCS
//               with every hypothesis sentence, each token counted at most as
//               often as it occurs on both sides (ROUGE-1.5.5's rule)
//   F           2PR / (P + R), 0 when P + R = 0
//
// The corpus score of each type is the mean of the per-pair F-measures
// times 100 (what rouge_score's BootstrapAggregator reports as "mid", up to
// its resampling). Empty texts are valid and score 0.
#include <string>
#include <vector>

namespace l2s::metrics {

struct RougeScore {
  double precision = 0, recall = 0, fmeasure = 0;  // 0..1, as rouge_score gives them
};

struct RougeScores {
  RougeScore rouge1, rouge2, rougeL, rougeLsum;
};

struct RougeOptions {
  bool use_stemmer = true;  // NLTK's Porter stemmer on tokens longer than 3 characters
};

// rouge_score's RougeScorer.score(target=reference, prediction=hypothesis).
RougeScores sentence_rouge(const std::string& hypothesis, const std::string& reference,
                           const RougeOptions& options = {});

struct RougeCorpusScore {
  double rouge1 = 0, rouge2 = 0, rougeL = 0, rougeLsum = 0;  // mean F x 100
  std::vector<RougeScores> pairs;                            // one per hypothesis
};

// Throws l2s::Error when the sizes differ or there is nothing to score.
RougeCorpusScore corpus_rouge(const std::vector<std::string>& hyps, const std::vector<std::string>& refs,
                              const RougeOptions& options = {});

}  // namespace l2s::metrics

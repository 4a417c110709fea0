#pragma once
// Dev-set evaluation: teacher-forced loss (plain cross-entropy per target
// token, no label smoothing, no dropout) and the task's corpus metrics of
// greedy outputs against the reference texts (BLEU and chrF as sacreBLEU
// computes them for translation, ROUGE for summarization: see
// metrics/metric_registry.h).
#include <cstdint>
#include <string>
#include <vector>

#include "l2s/metrics/metric_registry.h"
#include "l2s/training/dev_scores.h"

#include "engine/training/batching.h"
#include "engine/training/llm_state_cache.h"
#include "engine/training/tokenized_corpus.h"

namespace l2s {
class Tokenizer;
}

namespace l2s::training {

class TrainingModel;

struct EvaluationSet {
  const TokenizedCorpus* corpus = nullptr;
  const LlmStateCache* llm_states = nullptr;  // l2s mode
  BatchPlan batches;                          // length-ordered, covering the examples to score
};

struct EvaluationOptions {
  int64_t max_new_tokens = 256;
  bool decode = true;  // false: loss only
  std::string task = "translate";  // whose metrics score the outputs
};

DevScores evaluate(const TrainingModel& model, const EvaluationSet& set, const Tokenizer& target_tokenizer,
                   const EvaluationOptions& options);

}  // namespace l2s::training

#include "engine/training/evaluation.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

#include "l2s/metrics/bleu.h"
#include "l2s/metrics/chrf.h"
#include "engine/decoding/batched_greedy.h"
#include "engine/models/language_model.h"
#include "engine/models/t5_model.h"
#include "l2s/tokenizer.h"
#include "engine/training/loss.h"
#include "engine/training/training_model.h"

namespace l2s::training {

DevScores evaluate(const TrainingModel& model, const EvaluationSet& set, const Tokenizer& target_tokenizer,
                   const EvaluationOptions& options) {
  const metrics::TaskMetrics& task = metrics::task_metrics(options.task);
  at::NoGradGuard no_grad;
  const TokenizedCorpus& corpus = *set.corpus;
  const LanguageModel& target = model.target_model();
  const ModelSpec& spec = target.spec();
  double loss_sum = 0;
  int64_t target_tokens = 0;
  std::vector<std::string> hypotheses, references;
  for (const BatchIndices& rows : set.batches) {
    TrainingBatch batch = make_batch(corpus.sources, corpus.targets, rows, spec.padding_id(),
                                     spec.answer_start_token_id);
    if (set.llm_states) batch.llm_states = set.llm_states->gather(rows, batch.source_ids.size(1));
    const PromptInput prompt = model.prompt(batch);
    at::Tensor hidden = target.answer_hidden(prompt, batch.decoder_ids, 0.0);
    TargetPositions targets = select_target_positions(hidden, batch.labels);
    loss_sum += smoothed_cross_entropy_sum(target.logits(targets.hidden), targets.labels, 0.0).item<double>();
    target_tokens += batch.target_tokens;
    if (!options.decode) continue;
    DecodeStart start = target.start(with_answer_start(target, prompt), options.max_new_tokens);
    auto outputs = batched_greedy(*start.decoder, static_cast<int64_t>(rows.size()), spec.eos_token_ids,
                                  options.max_new_tokens);
    for (std::size_t b = 0; b < rows.size(); ++b) {
      hypotheses.push_back(target_tokenizer.decode(outputs[b]));
      references.push_back(corpus.references.at(rows[b]));
    }
  }
  DevScores scores;
  scores.examples = 0;
  for (const auto& rows : set.batches) scores.examples += static_cast<int64_t>(rows.size());
  scores.loss = target_tokens > 0 ? loss_sum / static_cast<double>(target_tokens) : 0.0;
  if (options.decode && !hypotheses.empty()) {
    scores.metrics = metrics::score_corpus(task, hypotheses, references);
    scores.primary = scores.metrics.at(task.primary).value;
  }
  return scores;
}

}  // namespace l2s::training

#pragma once
// Which metrics score which task, in one place: evaluation (`l2s eval`),
// benchmarks (`l2s bench`) and training's choice of the best checkpoint all
// look the task up here instead of naming metrics themselves.
//
//   translate   BLEU, chrF (sacreBLEU)            primary: BLEU
//   summarize   ROUGE-1, ROUGE-2, ROUGE-L          primary: ROUGE-L
//               (rouge_score, Porter stemmer)
//
// Every score is on a 0..100 scale and higher is better.
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace l2s::metrics {

using CorpusScorer =
    std::function<double(const std::vector<std::string>& hyps, const std::vector<std::string>& refs)>;

struct CorpusMetric {
  std::string name;   // JSON key: "bleu", "chrf", "rouge1", "rouge2", "rougeL"
  std::string label;  // for people: "BLEU", "chrF", "ROUGE-1", ...
  CorpusScorer score;  // throws l2s::Error for unusable input (sizes differ, ...)
};

struct TaskMetrics {
  std::string task;                   // "translate", "summarize"
  std::vector<CorpusMetric> metrics;  // in report order
  std::size_t primary = 0;            // the one that chooses checkpoints

  const CorpusMetric& primary_metric() const { return metrics.at(primary); }
};

// The metrics of `task`. Throws l2s::Error naming the task and the known ones.
const TaskMetrics& task_metrics(const std::string& task);
bool has_task_metrics(const std::string& task);
std::vector<std::string> metric_tasks();  // "translate", "summarize"

struct MetricValue {
  std::string name, label;
  double value = 0;
};
using MetricValues = std::vector<MetricValue>;

// Every metric of `task` on one corpus, in the task's order.
MetricValues score_corpus(const TaskMetrics& task, const std::vector<std::string>& hyps,
                          const std::vector<std::string>& refs);

// The value named `name`, or nullptr.
const MetricValue* find_metric(const MetricValues& values, const std::string& name);

}  // namespace l2s::metrics

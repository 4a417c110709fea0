#include "l2s/metrics/metric_registry.h"

#include "l2s/error.h"
#include "l2s/metrics/bleu.h"
#include "l2s/metrics/chrf.h"
#include "l2s/metrics/rouge.h"

namespace l2s::metrics {
namespace {

const std::vector<TaskMetrics>& registry() {
  static const std::vector<TaskMetrics> tasks = {
      {"translate",
       {{"bleu", "BLEU", [](const auto& h, const auto& r) { return corpus_bleu(h, r).score; }},
        {"chrf", "chrF", [](const auto& h, const auto& r) { return corpus_chrf(h, r).score; }}},
       0},
      {"summarize",
       {{"rouge1", "ROUGE-1", [](const auto& h, const auto& r) { return corpus_rouge(h, r).rouge1; }},
        {"rouge2", "ROUGE-2", [](const auto& h, const auto& r) { return corpus_rouge(h, r).rouge2; }},
        {"rougeL", "ROUGE-L", [](const auto& h, const auto& r) { return corpus_rouge(h, r).rougeL; }}},
       2},
  };
  return tasks;
}

}  // namespace

bool has_task_metrics(const std::string& task) {
  for (const TaskMetrics& entry : registry())
    if (entry.task == task) return true;
  return false;
}

const TaskMetrics& task_metrics(const std::string& task) {
  for (const TaskMetrics& entry : registry())
    if (entry.task == task) return entry;
  std::string known;
  for (const std::string& name : metric_tasks()) known += (known.empty() ? "" : ", ") + name;
  throw Error("no metrics for the task \"" + task + "\" (tasks with metrics: " + known + ")");
}

std::vector<std::string> metric_tasks() {
  std::vector<std::string> names;
  for (const TaskMetrics& entry : registry()) names.push_back(entry.task);
  return names;
}

MetricValues score_corpus(const TaskMetrics& task, const std::vector<std::string>& hyps,
                          const std::vector<std::string>& refs) {
  MetricValues values;
  for (const CorpusMetric& metric : task.metrics) values.push_back({metric.name, metric.label, metric.score(hyps, refs)});
  return values;
}

const MetricValue* find_metric(const MetricValues& values, const std::string& name) {
  for (const MetricValue& value : values)
    if (value.name == name) return &value;
  return nullptr;
}

}  // namespace l2s::metrics

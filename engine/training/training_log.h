#pragma once
// The training log, OUTPUT/train.jsonl: one JSON object per line, one line
// per logging interval ("event": "train") and per evaluation ("event": "eval").
//   train: step, epoch, loss, lr, tokens_per_s, elapsed_s
//   eval:  step, epoch, dev_loss, dev_<metric> for each of the task's metrics
//          (dev_bleu, dev_chrf; dev_rouge1, dev_rouge2, dev_rougeL), elapsed_s
#include <cstdint>
#include <cstdio>
#include <string>

#include "l2s/metrics/metric_registry.h"

namespace l2s::training {

struct TrainLogLine {
  int64_t step = 0;
  double epoch = 0;  // fractional
  double loss = 0, lr = 0, tokens_per_s = 0, elapsed_s = 0;
};

struct EvalLogLine {
  int64_t step = 0;
  double epoch = 0;
  double dev_loss = 0;
  metrics::MetricValues dev_metrics;
  double elapsed_s = 0;
};

class TrainingLog {
 public:
  // Opens `path` for appending. Lines past `keep_through_step` (written by
  // an interrupted run after its last checkpoint) are dropped first, so a
  // resumed run's log reads as one uninterrupted run. Throws l2s::Error.
  TrainingLog(std::string path, int64_t keep_through_step);
  ~TrainingLog();
  TrainingLog(const TrainingLog&) = delete;
  TrainingLog& operator=(const TrainingLog&) = delete;

  void write(const TrainLogLine& line);
  void write(const EvalLogLine& line);
  const std::string& path() const { return path_; }

 private:
  void append(const std::string& json_line);
  std::string path_;
  std::FILE* file_ = nullptr;
};

}  // namespace l2s::training

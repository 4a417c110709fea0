#pragma once
// A training run, end to end: data, model, AdamW with warm-up and decay,
// token-based batches with gradient accumulation, dev evaluation (loss and
// the task's metrics), checkpoints, exact resume and clean interruption.
//
// Determinism: batches follow from (seed, epoch) and dropout masks from
// (seed, step, batch), so a resumed run ends with bit-identical parameters
// to an uninterrupted one on the same thread count.
#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "l2s/training/dev_scores.h"
#include "l2s/training/distributed_options.h"
#include "l2s/training/training_config.h"

namespace l2s::training {

class TrainingModel;

struct TrainingProgress {
  int64_t step = 0, total_steps = 0;
  double epoch = 0;         // fractional: 1.5 is half-way through the second epoch
  double loss = 0;          // mean per target token since the last log line
  double tokens_per_s = 0;  // source + target tokens per second of training (this run)
  double lr = 0;
};

struct TrainingCallbacks {
  std::function<void(const TrainingProgress&)> on_step;
  std::function<void(int64_t step, const DevScores&)> on_eval;
  std::function<void(const std::string&)> on_message;  // setup steps, checkpoints
  // Asked between batches while the frozen LLM encodes the training sources
  // (mode l2s: minutes on a large corpus, before run() can see a stop flag).
  // True abandons the setup with l2s::Error: nothing trained, nothing saved.
  std::function<bool()> stop_setup;
};

enum class TrainingOutcome { Finished, Interrupted };

struct TrainingResult {
  TrainingOutcome outcome = TrainingOutcome::Finished;
  int64_t step = 0, total_steps = 0;
  std::string checkpoint;           // the last checkpoint written
  std::optional<DevScores> last_dev;
  double tokens_per_s = 0;
};

class Trainer {
 public:
  // Reads and tokenizes the data, loads or initialises the models, caches
  // the frozen LLM's states (l2s), and restores the latest checkpoint when
  // config.resume is set. Throws l2s::Error naming the problem.
  //
  // With `distributed.world_size` > 1 this process is one rank of a
  // data-parallel group (docs/training.md): every rank computes its share of
  // each update and the gradients are summed, so the run follows the same
  // trajectory as one process; rank 0 alone evaluates and writes the log,
  // checkpoints and models. The group's timeout is config.dist_timeout_s.
  explicit Trainer(TrainingConfig config, TrainingCallbacks callbacks = {},
                   DistributedOptions distributed = {});
  ~Trainer();

  // Trains until the last step, or until `stop` becomes true (then saves a
  // checkpoint and returns Interrupted after the current step).
  TrainingResult run(const std::atomic<bool>* stop = nullptr);

  const TrainingModel& model() const;
  int64_t start_step() const;
  int64_t total_steps() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace l2s::training

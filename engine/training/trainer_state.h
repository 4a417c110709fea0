#pragma once
// Where a run stands, saved with every checkpoint as trainer_state/state.json:
// enough, with the optimizer state and the config, to continue exactly.
// The random streams need no saved state: batch order follows from
// (seed, epoch) and dropout from (seed, step), see trainer.cpp.
#include <cstdint>
#include <string>

namespace l2s::training {

struct TrainerState {
  int64_t step = 0;         // optimizer updates done
  int64_t epoch = 0;        // epoch of the next batch
  int64_t batch_index = 0;  // next batch within that epoch's plan
  uint64_t seed = 0;
  double best_dev_score = -1;  // the task's primary metric; -1: not evaluated yet
  double best_dev_loss = -1;
  int64_t best_step = -1;
  int64_t tokens_seen = 0;  // source + target tokens trained on
  double elapsed_s = 0;     // wall time of all runs so far

  std::string to_json() const;
  // Throws l2s::Error naming `source` on a malformed state.
  static TrainerState from_json(const std::string& text, const std::string& source);
};

}  // namespace l2s::training

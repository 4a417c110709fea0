#pragma once
// Training checkpoints in an output folder:
//   OUTPUT/checkpoint-00001000/   the model(s) in Hugging Face layout
//                                 (lm: config.json, model.safetensors, spiece.model;
//                                  l2s: slm/, projector/)
//       trainer_state/optimizer.safetensors   AdamW moments, step count
//       trainer_state/state.json              TrainerState
//       trainer_state/config.json             the run's settings
//   OUTPUT/latest                 the name of the newest complete checkpoint
// A checkpoint is written into a hidden folder, renamed into place, and only
// then named in `latest` (itself replaced atomically): a run interrupted at
// any point leaves the previous checkpoint complete and current.
#include <functional>
#include <optional>
#include <string>

#include "engine/training/trainer_state.h"

namespace l2s::training {

class AdamW;

class CheckpointStore {
 public:
  CheckpointStore(std::string output_dir, int64_t keep);

  // The newest complete checkpoint folder, if any.
  std::optional<std::string> latest() const;

  // Writes a checkpoint of `state.step`: `write_model(dir)` writes the
  // model files, then the optimizer state, the trainer state and the config
  // follow. Then `latest` moves to it and checkpoints beyond `keep` are
  // deleted. If anything throws, the partial folder is removed and the error
  // propagates; the previous checkpoint stays current. Returns the folder.
  std::string save(const TrainerState& state, const std::string& config_json,
                   const std::function<void(const std::string& dir)>& write_model, const AdamW& optimizer);

  // Reads a checkpoint's trainer state and config text. Throws l2s::Error.
  static TrainerState read_state(const std::string& checkpoint_dir);
  static std::string read_config_json(const std::string& checkpoint_dir);
  static std::string optimizer_path(const std::string& checkpoint_dir);

 private:
  void prune() const;

  std::string output_dir_;
  int64_t keep_;
};

}  // namespace l2s::training

#include "engine/training/trainer_state.h"

#include <nlohmann/json.hpp>

#include "l2s/error.h"

namespace l2s::training {

std::string TrainerState::to_json() const {
  nlohmann::json root = {{"step", step},
                         {"epoch", epoch},
                         {"batch_index", batch_index},
                         {"rng", {{"seed", seed}, {"batches", "f(seed, epoch)"}, {"dropout", "f(seed, step, batch)"}}},
                         {"best_dev_score", best_dev_score},
                         {"best_dev_loss", best_dev_loss},
                         {"best_step", best_step},
                         {"tokens_seen", tokens_seen},
                         {"elapsed_s", elapsed_s}};
  return root.dump(2) + "\n";
}

TrainerState TrainerState::from_json(const std::string& text, const std::string& source) {
  nlohmann::json root = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!root.is_object()) throw Error(source + ": not a trainer state (JSON object expected)");
  TrainerState state;
  try {
    state.step = root.at("step").get<int64_t>();
    state.epoch = root.at("epoch").get<int64_t>();
    state.batch_index = root.at("batch_index").get<int64_t>();
    state.seed = root.at("rng").at("seed").get<uint64_t>();
    // Checkpoints written before tasks chose the metric call it best_dev_bleu.
    state.best_dev_score = root.at(root.contains("best_dev_score") ? "best_dev_score" : "best_dev_bleu").get<double>();
    state.best_dev_loss = root.at("best_dev_loss").get<double>();
    state.best_step = root.at("best_step").get<int64_t>();
    state.tokens_seen = root.at("tokens_seen").get<int64_t>();
    state.elapsed_s = root.at("elapsed_s").get<double>();
  } catch (const nlohmann::json::exception& e) {
    throw Error(source + ": malformed trainer state: " + e.what());
  }
  if (state.step < 0 || state.epoch < 0 || state.batch_index < 0)
    throw Error(source + ": negative counters in the trainer state");
  return state;
}

}  // namespace l2s::training

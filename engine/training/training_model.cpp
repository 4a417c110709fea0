#include "engine/training/training_model.h"

#include <ATen/ATen.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/common/error.h"
#include "engine/io/atomic_file.h"
#include "engine/models/t5_model.h"
#include "engine/training/loss.h"

namespace l2s::training {

at::Tensor teacher_forced_loss_sum(const TrainingModel& model, const TrainingBatch& batch, double dropout,
                                   double label_smoothing) {
  const T5Model& decoder = model.target_model();
  at::Tensor states = model.encode(batch, dropout);
  at::Tensor hidden = decoder.decode(batch.decoder_ids, states, batch.source_mask, dropout);
  TargetPositions targets = select_target_positions(hidden, batch.labels);
  return smoothed_cross_entropy_sum(decoder.logits(targets.hidden), targets.labels, label_smoothing);
}

void save_tokenizer_copy(const std::string& tokenizer_path, const std::string& dir) {
  if (tokenizer_path.empty()) return;
  std::ifstream in(tokenizer_path, std::ios::binary);
  if (!in) throw Error(tokenizer_path + ": cannot read the tokenizer model");
  std::stringstream bytes;
  bytes << in.rdbuf();
  std::filesystem::create_directories(dir);
  io::write_text_atomically(dir + "/spiece.model", bytes.str());
}

}  // namespace l2s::training

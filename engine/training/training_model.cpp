#include "engine/training/training_model.h"

#include <ATen/ATen.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "l2s/error.h"
#include "l2s/atomic_file.h"
#include "engine/training/loss.h"

namespace l2s::training {

at::Tensor teacher_forced_loss_sum(const TrainingModel& model, const TrainingBatch& batch, double dropout,
                                   double label_smoothing) {
  const LanguageModel& target = model.target_model();
  at::Tensor hidden = target.answer_hidden(model.prompt(batch), batch.decoder_ids, dropout);
  TargetPositions targets = select_target_positions(hidden, batch.labels);
  return smoothed_cross_entropy_sum(target.logits(targets.hidden), targets.labels, label_smoothing);
}

void save_tokenizer_copy(const std::string& tokenizer_path, const std::string& dir, const std::string& file_name) {
  if (tokenizer_path.empty()) return;
  std::ifstream in(tokenizer_path, std::ios::binary);
  if (!in) throw Error(tokenizer_path + ": cannot read the tokenizer model");
  std::stringstream bytes;
  bytes << in.rdbuf();
  std::filesystem::create_directories(dir);
  io::write_text_atomically(dir + "/" + file_name, bytes.str());
}

}  // namespace l2s::training

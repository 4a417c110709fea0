#include "engine/training/training_log.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "l2s/error.h"
#include "l2s/atomic_file.h"

namespace l2s::training {
namespace {

// Rewrites the log without lines past `step` (atomically).
void drop_lines_after(const std::string& path, int64_t step) {
  std::ifstream in(path, std::ios::binary);
  std::string kept;
  bool dropped = false;
  for (std::string line; std::getline(in, line);) {
    nlohmann::json entry = nlohmann::json::parse(line, nullptr, false);
    const bool after = entry.is_object() && entry.contains("step") && entry["step"].is_number_integer() &&
                       entry["step"].get<int64_t>() > step;
    // A torn last line (killed mid-write) is not JSON: drop it too.
    if (after || entry.is_discarded()) {
      dropped = true;
      continue;
    }
    kept += line + "\n";
  }
  in.close();
  if (dropped) io::write_text_atomically(path, kept);
}

}  // namespace

TrainingLog::TrainingLog(std::string path, int64_t keep_through_step) : path_(std::move(path)) {
  if (std::filesystem::exists(path_)) drop_lines_after(path_, keep_through_step);
  file_ = std::fopen(path_.c_str(), "ab");
  if (!file_) throw Error(path_ + ": cannot open the training log: " + std::strerror(errno));
}

TrainingLog::~TrainingLog() {
  if (file_) std::fclose(file_);
}

void TrainingLog::append(const std::string& json_line) {
  const std::string line = json_line + "\n";
  if (std::fwrite(line.data(), 1, line.size(), file_) != line.size() || std::fflush(file_) != 0)
    throw Error(path_ + ": cannot write the training log: " + std::strerror(errno));
}

void TrainingLog::write(const TrainLogLine& l) {
  append(nlohmann::json{{"event", "train"},
                        {"step", l.step},
                        {"epoch", l.epoch},
                        {"loss", l.loss},
                        {"lr", l.lr},
                        {"tokens_per_s", l.tokens_per_s},
                        {"elapsed_s", l.elapsed_s}}
             .dump());
}

void TrainingLog::write(const EvalLogLine& l) {
  nlohmann::json line = {
      {"event", "eval"}, {"step", l.step}, {"epoch", l.epoch}, {"dev_loss", l.dev_loss}, {"elapsed_s", l.elapsed_s}};
  for (const metrics::MetricValue& metric : l.dev_metrics) line["dev_" + metric.name] = metric.value;
  append(line.dump());
}

}  // namespace l2s::training

#include "engine/training/checkpoint_store.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "l2s/error.h"
#include "engine/io/bounded_read.h"
#include "l2s/atomic_file.h"
#include "engine/training/adamw.h"

namespace l2s::training {
namespace {

namespace fs = std::filesystem;

constexpr const char* kPrefix = "checkpoint-";

std::string checkpoint_name(int64_t step) {
  char name[48];
  std::snprintf(name, sizeof name, "%s%08lld", kPrefix, static_cast<long long>(step));
  return name;
}

std::string read_file(const std::string& path, const char* what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot read the " + what);
  return io::read_bounded(in, path, what);
}

std::string trim(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
  return text;
}

}  // namespace

CheckpointStore::CheckpointStore(std::string output_dir, int64_t keep)
    : output_dir_(std::move(output_dir)), keep_(std::max<int64_t>(keep, 1)) {}

std::optional<std::string> CheckpointStore::latest() const {
  const std::string pointer = output_dir_ + "/latest";
  if (!fs::exists(pointer)) return std::nullopt;
  const std::string name = trim(read_file(pointer, "latest-checkpoint pointer"));
  if (name.rfind(kPrefix, 0) != 0 || name.find('/') != std::string::npos)
    throw Error(pointer + ": does not name a checkpoint folder");
  const std::string dir = output_dir_ + "/" + name;
  if (!fs::exists(dir + "/trainer_state/state.json"))
    throw Error(pointer + ": names " + dir + ", which is missing or incomplete");
  return dir;
}

std::string CheckpointStore::save(const TrainerState& state, const std::string& config_json,
                                  const std::function<void(const std::string& dir)>& write_model,
                                  const AdamW& optimizer) {
  const std::string name = checkpoint_name(state.step);
  const std::string final_dir = output_dir_ + "/" + name;
  // The same step holds the same parameters: nothing new to write.
  if (latest() == final_dir) return final_dir;
  const std::string partial = output_dir_ + "/.partial-" + name;
  try {
    fs::remove_all(partial);
    fs::create_directories(partial + "/trainer_state");
    write_model(partial);
    optimizer.save(optimizer_path(partial));
    io::write_text_atomically(partial + "/trainer_state/config.json", config_json);
    io::write_text_atomically(partial + "/trainer_state/state.json", state.to_json());
    fs::remove_all(final_dir);  // left by a run that stopped before naming it in `latest`
    fs::rename(partial, final_dir);
    io::write_text_atomically(output_dir_ + "/latest", name + "\n");
  } catch (const fs::filesystem_error& e) {
    std::error_code ignored;
    fs::remove_all(partial, ignored);
    throw Error(output_dir_ + ": cannot write checkpoint " + name + ": " + e.what());
  } catch (...) {
    std::error_code ignored;
    fs::remove_all(partial, ignored);
    throw;
  }
  prune();
  return final_dir;
}

void CheckpointStore::prune() const {
  const std::optional<std::string> current = latest();
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(output_dir_)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_directory() && name.rfind(kPrefix, 0) == 0) names.push_back(name);
  }
  std::sort(names.begin(), names.end());  // zero-padded steps sort in step order
  const auto excess = static_cast<int64_t>(names.size()) - keep_;
  for (int64_t i = 0; i < excess; ++i) {
    const std::string dir = output_dir_ + "/" + names[i];
    if (current && *current == dir) continue;
    std::error_code ignored;
    fs::remove_all(dir, ignored);
  }
}

TrainerState CheckpointStore::read_state(const std::string& checkpoint_dir) {
  const std::string path = checkpoint_dir + "/trainer_state/state.json";
  return TrainerState::from_json(read_file(path, "trainer state"), path);
}

std::string CheckpointStore::read_config_json(const std::string& checkpoint_dir) {
  return read_file(checkpoint_dir + "/trainer_state/config.json", "saved training config");
}

std::string CheckpointStore::optimizer_path(const std::string& checkpoint_dir) {
  return checkpoint_dir + "/trainer_state/optimizer.safetensors";
}

}  // namespace l2s::training

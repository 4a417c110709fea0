#include "engine/training/rank_agreement.h"

#include <ATen/ATen.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>

#include "l2s/error.h"
#include "engine/training/distributed.h"

namespace l2s::training {
namespace {

using json = nlohmann::json;

// Per-rank keys, and paths whose contents the facts compare instead (a
// folder may be mounted elsewhere on another machine).
const std::set<std::string> kPerRankKeys = {
    "output",        "threads",      "resume",          "dist_timeout_s", "log_interval", "eval_interval",
    "eval_max_examples", "eval_max_new_tokens", "save_interval", "keep_checkpoints", "train", "dev",
    "tokenizer",     "target_tokenizer", "model_init",  "llm",            "projector_init", "model_config"};

struct Fnv {
  uint64_t h = 1469598103934665603ULL;
  void add(const void* data, std::size_t size) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < size; ++i) h = (h ^ p[i]) * 1099511628211ULL;
  }
  std::string hex() const {
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(h));
    return text;
  }
};

std::string shown(const json& value) {
  std::string text = value.is_string() ? value.get<std::string>() : value.dump();
  return text.size() > 60 ? text.substr(0, 57) + "..." : text;
}

}  // namespace

std::string hash_sequences(const TokenSequences& a, const TokenSequences& b) {
  Fnv fnv;
  for (const TokenSequences* s : {&a, &b})
    for (int64_t i = 0; i < s->size(); ++i) {
      const int64_t length = s->length(i);
      fnv.add(&length, sizeof length);
      fnv.add(s->data(i), static_cast<std::size_t>(length) * sizeof(int32_t));
    }
  return fnv.hex();
}

std::string hash_tensors(const std::vector<at::Tensor>& tensors) {
  Fnv fnv;
  for (const at::Tensor& tensor : tensors) {
    const at::Tensor t = tensor.detach().contiguous();
    for (int64_t size : t.sizes()) fnv.add(&size, sizeof size);
    fnv.add(t.data_ptr(), t.numel() * t.element_size());
  }
  return fnv.hex();
}

void check_ranks_agree(DistributedGroup& group, const std::string& config_json, const LoadedFacts& facts) {
  json own = json::object();
  own["config"] = json::parse(config_json);
  for (const auto& [what, value] : facts) own["facts"][what] = value;
  const std::vector<std::string> texts = group.all_gather_text("agreement", own.dump());

  std::vector<json> ranks;
  for (const std::string& text : texts) ranks.push_back(json::parse(text));
  std::string differences;
  auto compare = [&](const std::string& section, const std::string& key) {
    const json& first = ranks[0][section].contains(key) ? ranks[0][section][key] : json();
    for (std::size_t r = 1; r < ranks.size(); ++r) {
      const json& other = ranks[r][section].contains(key) ? ranks[r][section][key] : json();
      if (other == first) continue;
      differences += (differences.empty() ? "" : "; ") + key + " (rank 0: " + shown(first) + ", rank " +
                     std::to_string(r) + ": " + shown(other) + ")";
      return;
    }
  };
  for (const auto& item : own["config"].items())
    if (!kPerRankKeys.count(item.key())) compare("config", item.key());
  for (const auto& item : own["facts"].items()) compare("facts", item.key());
  if (!differences.empty())
    throw Error("rank " + std::to_string(group.rank()) + " of " + std::to_string(group.world_size()) +
                ": the ranks would train different things, refusing to start: " + differences +
                " (every rank needs the same settings, data and models; the resumed step differs when a rank "
                "does not see the output folder's checkpoints)");
}

}  // namespace l2s::training

#include "engine/models/model_spec.h"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "l2s/error.h"
#include "engine/io/bounded_read.h"

namespace l2s {

const char* architecture_name(Architecture architecture) {
  return architecture == Architecture::EncoderDecoder ? "encoder-decoder" : "decoder-only";
}

void apply_generation_config(const std::string& path, ModelSpec& spec) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot read the generation config");
  const nlohmann::json root = nlohmann::json::parse(io::read_bounded(in, path, "generation config"), nullptr, false);
  if (!root.is_object()) throw Error(path + ": not a JSON object");
  auto token = [&](const char* key, const nlohmann::json& value) {
    if (!value.is_number_integer() || value.get<int64_t>() < 0 || value.get<int64_t>() >= spec.vocab_size)
      throw Error(path + ": \"" + key + "\" must be a token id below the vocabulary size " +
                  std::to_string(spec.vocab_size));
    return value.get<int64_t>();
  };
  auto optional = [&](const char* key, int64_t& field) {
    auto it = root.find(key);
    if (it != root.end() && !it->is_null()) field = token(key, *it);
  };
  optional("bos_token_id", spec.bos_token_id);
  optional("pad_token_id", spec.pad_token_id);
  if (spec.architecture == Architecture::EncoderDecoder) optional("decoder_start_token_id", spec.answer_start_token_id);
  if (auto eos = root.find("eos_token_id"); eos != root.end() && !eos->is_null()) {
    spec.eos_token_ids.clear();
    if (eos->is_array()) {
      for (const auto& id : *eos) spec.eos_token_ids.push_back(token("eos_token_id", id));
      if (spec.eos_token_ids.empty()) throw Error(path + ": \"eos_token_id\" lists no id");
    } else {
      spec.eos_token_ids.push_back(token("eos_token_id", *eos));
    }
  }
}

bool ModelSpec::is_eos(int64_t id) const {
  return std::find(eos_token_ids.begin(), eos_token_ids.end(), id) != eos_token_ids.end();
}

}  // namespace l2s

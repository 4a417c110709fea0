#include "engine/models/model_registry.h"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "l2s/error.h"
#include "engine/io/bounded_read.h"
#include "engine/models/language_model.h"
#include "engine/models/llama_family.h"
#include "engine/models/t5_family.h"

namespace l2s {

const std::vector<ModelFamily>& model_families() {
  static const std::vector<ModelFamily> families = {
      {"t5", Architecture::EncoderDecoder, false, true, &load_t5_language_model, &create_t5_language_model},
      {"llama", Architecture::DecoderOnly, true, false, &load_llama_language_model, &create_llama_language_model},
  };
  return families;
}

std::string model_family_names() {
  std::string names;
  for (const ModelFamily& family : model_families()) names += (names.empty() ? "" : ", ") + std::string(family.model_type);
  return names;
}

const ModelFamily& find_model_family(const std::string& model_type, const std::string& source) {
  for (const ModelFamily& family : model_families())
    if (model_type == family.model_type) return family;
  throw Error(source + ": model_type \"" + model_type + "\" is not a supported model family (supported: " +
              model_family_names() + ")");
}

const ModelFamily& model_family_of(const std::string& dir) {
  if (!std::filesystem::is_directory(dir)) throw Error(dir + ": not a model folder (no such directory)");
  const std::string path = (std::filesystem::path(dir) / "config.json").string();
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot read the model config (a Hugging Face folder has config.json)");
  const nlohmann::json root = nlohmann::json::parse(io::read_bounded(in, path, "model config"), nullptr, false);
  if (!root.is_object()) throw Error(path + ": not a JSON object");
  auto type = root.find("model_type");
  if (type == root.end() || !type->is_string()) throw Error(path + ": no \"model_type\" (e.g. \"t5\" or \"llama\")");
  return find_model_family(type->get<std::string>(), path);
}

std::unique_ptr<LanguageModel> load_language_model(const std::string& dir) {
  std::unique_ptr<LanguageModel> model = model_family_of(dir).load(dir);
  const std::string generation = (std::filesystem::path(dir) / "generation_config.json").string();
  if (std::filesystem::exists(generation)) apply_generation_config(generation, model->spec_);
  return model;
}

}  // namespace l2s

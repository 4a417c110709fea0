#pragma once
// The registered model families, keyed by config.json's model_type (as
// Hugging Face's AutoModel does). Adding a family: implement LanguageModel,
// then add one entry to the table in model_registry.cpp
// (docs/adding-a-model-family.md).
#include <memory>
#include <string>
#include <vector>

#include "engine/models/model_spec.h"

namespace l2s {

class LanguageModel;

struct ModelFamily {
  const char* model_type;  // "t5", "llama"
  Architecture architecture;
  // How the family's tokenizer frames a prompt (as ModelSpec says, known
  // before a model is loaded).
  bool prompt_adds_bos, prompt_adds_eos;
  // Loads a Hugging Face folder of this family; throws l2s::Error.
  std::unique_ptr<LanguageModel> (*load)(const std::string& dir);
  // A freshly initialised model from config.json text (training from
  // scratch); `source` names it in messages. Throws l2s::Error.
  std::unique_ptr<LanguageModel> (*create)(const std::string& config_json, const std::string& source, uint64_t seed);
};

const std::vector<ModelFamily>& model_families();
// "t5, llama": for messages.
std::string model_family_names();
// Throws l2s::Error naming `source` and the supported types.
const ModelFamily& find_model_family(const std::string& model_type, const std::string& source);

// The family of a model folder, from its config.json; throws l2s::Error.
const ModelFamily& model_family_of(const std::string& dir);

// Loads any registered family, applying generation_config.json's special ids
// when the folder has one. Throws l2s::Error naming the file and the problem.
std::unique_ptr<LanguageModel> load_language_model(const std::string& dir);

}  // namespace l2s

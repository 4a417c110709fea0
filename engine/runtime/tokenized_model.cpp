#include "engine/runtime/tokenized_model.h"

#include <ATen/ATen.h>

#include <filesystem>

#include "l2s/error.h"
#include "engine/models/model_registry.h"
#include "engine/runtime/engine_context.h"
#include "l2s/prompt_limit.h"
#include "engine/runtime/streaming_decode.h"

namespace l2s {

TokenizedModel TokenizedModel::load(const std::string& dir, const std::string& role, bool require_tokenizer,
                                    const EngineOptions& engine) {
  if (!std::filesystem::is_directory(dir))
    throw Error(dir + ": not a" + (role == "LLM" ? "n " : " ") + role + " folder (no such directory)");
  TokenizedModel loaded{dir, load_language_model(dir), std::nullopt};
  if (require_tokenizer || !Tokenizer::find_in_dir(dir).empty()) {
    loaded.tokenizer = Tokenizer::load_dir(dir);
    check_tokenizer_fits(*loaded.tokenizer, loaded.spec(), dir);
  }
  apply_compute_dtype(*loaded.model, engine);
  return loaded;
}

std::vector<int64_t> TokenizedModel::tokenize(const std::string& prompt) const {
  if (!tokenizer) throw Error(dir + ": this model folder has no tokenizer (spiece.model or tokenizer.model)");
  check_prompt_text(prompt);
  return tokenizer->encode(prompt, spec().prompt_adds_eos, spec().prompt_adds_bos);
}

std::vector<int64_t> TokenizedModel::tokenize(const std::string& prompt, const GenerationOptions& options,
                                              int64_t limit, GenerationMetrics& metrics) const {
  std::vector<int64_t> ids = tokenize(prompt);
  metrics.truncated_tokens = fit(ids, options, limit);
  metrics.prompt_tokens = static_cast<int64_t>(ids.size());
  return ids;
}

int64_t TokenizedModel::fit(std::vector<int64_t>& ids, const GenerationOptions& options, int64_t limit) const {
  // A prompt the family ends with EOS keeps it when cut.
  return fit_prompt(ids, limit, options.truncate_input, spec().prompt_adds_eos ? spec().first_eos() : -1);
}

void check_tokenizer_fits(const Tokenizer& tokenizer, const ModelSpec& spec, const std::string& dir) {
  const std::string where = dir + ": the tokenizer does not match the model's config.json: ";
  if (tokenizer.vocab_size() > spec.vocab_size)
    throw Error(where + "it has " + std::to_string(tokenizer.vocab_size()) + " pieces, the model only " +
                std::to_string(spec.vocab_size) + " embeddings (vocab_size)");
  if (!spec.is_eos(tokenizer.eos_id()))
    throw Error(where + "its end-of-sequence id is " + std::to_string(tokenizer.eos_id()) +
                ", the model's eos_token_id is " + std::to_string(spec.first_eos()));
  if (spec.prompt_adds_bos && tokenizer.bos_id() != spec.bos_token_id)
    throw Error(where + "its beginning-of-sequence id is " + std::to_string(tokenizer.bos_id()) +
                ", the model's bos_token_id is " + std::to_string(spec.bos_token_id));
}

}  // namespace l2s

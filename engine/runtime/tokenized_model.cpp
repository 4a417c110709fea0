#include "engine/runtime/tokenized_model.h"

#include <ATen/ATen.h>

#include <filesystem>

#include "engine/common/error.h"
#include "engine/models/model_registry.h"
#include "engine/runtime/streaming_decode.h"

namespace l2s {

TokenizedModel TokenizedModel::load(const std::string& dir, const std::string& role, bool require_tokenizer) {
  if (!std::filesystem::is_directory(dir))
    throw Error(dir + ": not a" + (role == "LLM" ? "n " : " ") + role + " folder (no such directory)");
  TokenizedModel loaded{dir, load_language_model(dir), std::nullopt};
  if (require_tokenizer || !Tokenizer::find_in_dir(dir).empty()) {
    loaded.tokenizer = Tokenizer::load_dir(dir);
    check_tokenizer_fits(*loaded.tokenizer, loaded.spec(), dir);
  }
  return loaded;
}

std::vector<int64_t> TokenizedModel::tokenize(const std::string& prompt, const GenerationOptions& options) const {
  if (!tokenizer) throw Error(dir + ": this model folder has no tokenizer (spiece.model or tokenizer.model)");
  check_prompt_text(prompt);
  std::vector<int64_t> ids = tokenizer->encode(prompt, spec().prompt_adds_eos, spec().prompt_adds_bos);
  check_prompt_length(ids, options);
  return ids;
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

at::Tensor as_batch(const std::vector<int64_t>& ids) { return at::tensor(ids, at::kLong).unsqueeze(0); }

PromptInput with_answer_start(const LanguageModel& model, PromptInput prompt) {
  if (model.spec().architecture != Architecture::DecoderOnly) return prompt;
  const int64_t start = model.spec().answer_start_token_id;
  const int64_t batch = prompt.embeddings.size(0);
  at::Tensor start_embedding = model.embed(at::full({batch, 1}, start, at::kLong));
  prompt.embeddings = at::cat({prompt.embeddings, start_embedding.to(prompt.embeddings.dtype())}, 1);
  if (prompt.mask.defined()) prompt.mask = at::cat({prompt.mask, at::ones({batch, 1}, prompt.mask.options())}, 1);
  if (batch == 1) prompt.ids.push_back(start);
  return prompt;
}

PromptInput prompt_from_ids(const LanguageModel& model, const std::vector<int64_t>& ids, bool answer) {
  PromptInput prompt{model.embed(as_batch(ids)), {}, ids};
  return answer ? with_answer_start(model, std::move(prompt)) : prompt;
}

}  // namespace l2s

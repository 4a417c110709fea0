#pragma once
// A loaded model of any family with the tokenizer of its folder (when it has
// one), checked to fit each other, framing prompts as the family does.
#include <ATen/core/Tensor.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "l2s/engine_options.h"
#include "l2s/generation_options.h"
#include "l2s/generation.h"
#include "engine/models/language_model.h"
#include "l2s/tokenizer.h"

namespace l2s {

struct TokenizedModel {
  std::string dir;
  std::unique_ptr<LanguageModel> model;
  std::optional<Tokenizer> tokenizer;

  // Loads `dir` (`role` names it in messages: "LLM", "SLM"); with
  // `require_tokenizer`, a folder without one is an error. The decode
  // weights are stored as `engine.dtype` asks.
  static TokenizedModel load(const std::string& dir, const std::string& role, bool require_tokenizer,
                             const EngineOptions& engine = {});

  const ModelSpec& spec() const { return model->spec(); }
  // The prompt's ids as the family frames them (T5: EOS appended; Llama:
  // BOS first); throws l2s::Error for empty or invalid text.
  std::vector<int64_t> tokenize(const std::string& prompt) const;
  // The same, cut or refused at `limit` tokens (prompt_limit.h); the counts
  // go to `metrics`.
  std::vector<int64_t> tokenize(const std::string& prompt, const GenerationOptions& options, int64_t limit,
                                GenerationMetrics& metrics) const;
  // Fits given ids to `limit` as tokenize() does; returns the tokens dropped.
  int64_t fit(std::vector<int64_t>& ids, const GenerationOptions& options, int64_t limit) const;
};

// Throws l2s::Error naming `dir` when a tokenizer's special ids or size do
// not match its model's config.
void check_tokenizer_fits(const Tokenizer& tokenizer, const ModelSpec& spec, const std::string& dir);


}  // namespace l2s

#pragma once
// One model of any registered family (and its tokenizer, when the folder has
// one) behind a torch-free interface: load, tokenize, generate with streaming.
#include <memory>
#include <string>
#include <vector>

#include "l2s/engine_options.h"
#include "l2s/generation_options.h"
#include "l2s/generation.h"

namespace l2s {

class Generator {
 public:
  // Loads a Hugging Face folder of any registered family: config.json,
  // model.safetensors (or shards) and, if present, spiece.model or
  // tokenizer.model. Throws l2s::Error naming the problem.
  static Generator load(const std::string& dir, const EngineOptions& options = {});
  Generator(Generator&&) noexcept;
  Generator& operator=(Generator&&) noexcept;
  ~Generator();

  std::string family() const;  // "t5", "llama"
  bool has_tokenizer() const;
  int64_t eos_token_id() const;
  // Prompt ids framed as the family's Hugging Face tokenizer does (T5: EOS
  // appended; Llama: BOS first); throws l2s::Error for empty text, invalid
  // UTF-8 or a folder without a tokenizer.
  std::vector<int64_t> tokenize(const std::string& text) const;

  // Greedy/sampled/beam generation from prompt ids, used exactly as given:
  // an encoder-decoder encodes them, a decoder-only model continues them.
  // Tokens are streamed to `on_token`. Throws l2s::Error for bad ids/settings.
  GenerationResult generate(const std::vector<int64_t>& input_ids, const GenerationOptions& options,
                            const TokenCallback& on_token = {}, const CancelFlag* cancel = nullptr) const;

 private:
  struct Impl;
  explicit Generator(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace l2s

#pragma once
// One T5 model (and its tokenizer, when the folder has one) behind a
// torch-free interface: load, tokenize, generate with streaming.
#include <memory>
#include <string>
#include <vector>

#include "engine/decoding/generation_options.h"
#include "engine/runtime/generation.h"

namespace l2s {

class T5Generator {
 public:
  // Loads a Hugging Face T5 folder: config.json, model.safetensors (or
  // shards) and, if present, spiece.model. Throws l2s::Error.
  static T5Generator load(const std::string& dir);
  T5Generator(T5Generator&&) noexcept;
  T5Generator& operator=(T5Generator&&) noexcept;
  ~T5Generator();

  bool has_tokenizer() const;
  int64_t eos_token_id() const;
  // Prompt ids with EOS appended; throws l2s::Error for empty text, invalid
  // UTF-8 or a folder without a tokenizer.
  std::vector<int64_t> tokenize(const std::string& text) const;

  // Greedy/sampled/beam generation from prompt ids; tokens are streamed to
  // `on_token` as they are produced. Throws l2s::Error for bad ids/settings.
  GenerationResult generate(const std::vector<int64_t>& input_ids, const GenerationOptions& options,
                            const TokenCallback& on_token = {}, const CancelFlag* cancel = nullptr) const;

 private:
  struct Impl;
  explicit T5Generator(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace l2s

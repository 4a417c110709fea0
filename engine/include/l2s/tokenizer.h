#pragma once
// A sentencepiece tokenizer with the special ids its model file declares
// (T5: pad 0, eos 1, unk 2, no BOS; Llama: unk 0, bos 1, eos 2, no pad).
// encode() frames a text with BOS/EOS as the caller's model family asks;
// decode() drops special tokens.
// Sentencepiece lives in an isolated plugin (see spm_plugin_api.h) because
// Debian's libsentencepiece exports its own protobuf, which clashes with
// libtorch's in one process.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace l2s {

class Tokenizer {
 public:
  // The longest text encode() takes: 1 MiB, far beyond any prompt a pack accepts
  // (max_input_tokens) and the 64 KiB training line limit.
  static constexpr std::size_t kMaxEncodeBytes = 1u << 20;
  // The largest model file load() reads: real ones are under 5 MB (a 256k vocabulary).
  static constexpr std::uintmax_t kMaxModelFileBytes = 64u << 20;

  // Loads a sentencepiece model file; throws l2s::Error naming the file and the problem.
  static Tokenizer load(const std::string& model_path);
  // Finds `spiece.model` (T5) or `tokenizer.model` (Llama) in a Hugging Face
  // model folder; throws l2s::Error when it has neither.
  static Tokenizer load_dir(const std::string& dir);
  // The tokenizer file of a model folder, or "" when it has none.
  static std::string find_in_dir(const std::string& dir);

  Tokenizer(Tokenizer&&) noexcept;
  Tokenizer& operator=(Tokenizer&&) noexcept;
  ~Tokenizer();

  // Throws l2s::Error on invalid UTF-8, on text over kMaxEncodeBytes, or for a BOS/EOS the model lacks.
  std::vector<int64_t> encode(const std::string& text, bool add_eos = true, bool add_bos = false) const;
  // Drops special tokens (pad, eos, unk, and ids past the sentencepiece
  // vocabulary such as T5's <extra_id_N>), as transformers does with
  // skip_special_tokens=True.
  std::string decode(const std::vector<int64_t>& ids) const;
  // Text of one token as it should be appended to a stream of earlier tokens
  // (leading "▁" becomes a space, except at the start of a stream: while the
  // tokens before it, if any, showed no text).
  std::string piece_text(int64_t id, bool first_in_stream) const;
  std::string id_to_piece(int64_t id) const;
  int64_t vocab_size() const;

  // The model file's special ids; -1 when it has none.
  int64_t unk_id() const;
  int64_t bos_id() const;
  int64_t eos_id() const;
  int64_t pad_id() const;

 private:
  struct Impl;
  explicit Tokenizer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

struct TokenizerTrainOptions {
  std::vector<std::string> input_files;  // one sentence per line
  std::string model_prefix;              // writes <prefix>.model and <prefix>.vocab
  int vocab_size = 8000;
  double character_coverage = 1.0;  // 0.98 to 1, as sentencepiece requires
  std::string model_type = "unigram";
  int64_t input_sentence_size = 0;  // 0: all sentences
  bool hard_vocab_limit = true;     // false: vocab_size is an upper bound (small corpora)
  bool verbose = false;             // show sentencepiece's training log on stderr
  // Special ids as the model family expects them: "t5" (pad 0, eos 1, unk 2,
  // no BOS) or "llama" (unk 0, bos 1, eos 2, no pad).
  std::string special_ids = "t5";
};

// Trains a sentencepiece model. Throws l2s::Error.
void train_tokenizer(const TokenizerTrainOptions& options);

}  // namespace l2s

#include "l2s/tokenizer.h"

#include <dlfcn.h>
#include <unistd.h>

#include <atomic>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string_view>
#include <system_error>
#include <unordered_map>

#include "l2s/error.h"
#include "l2s/install_paths.h"
#include "l2s/text_lines.h"
#include "engine/tokenizer/spm_plugin_api.h"

namespace l2s {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kSpaceSymbol = "\xE2\x96\x81";  // "▁" U+2581, sentencepiece's space

// ---------------------------------------------------------------- plugin

std::string last_dl_error() {
  const char* message = dlerror();
  return message ? message : "unknown error";
}

#if defined(__SANITIZE_ADDRESS__)  // GCC
#define L2S_ADDRESS_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)  // clang
#define L2S_ADDRESS_SANITIZER 1
#endif
#endif

const L2sSpmApi& open_plugin(const std::string& path) {
  // DEEPBIND: the plugin's sentencepiece binds to its own protobuf, not to
  // libtorch's copy already in the process. AddressSanitizer refuses DEEPBIND
  // (it would bypass its malloc): sanitizer builds load the plugin without it.
#if L2S_ADDRESS_SANITIZER
  const int bind = 0;
#else
  const int bind = RTLD_DEEPBIND;
#endif
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL | bind);
  if (!handle) throw Error("cannot load the sentencepiece plugin " + path + ": " + last_dl_error());
  auto entry = reinterpret_cast<L2sSpmApiFunction>(dlsym(handle, L2S_SPM_ENTRY_POINT));
  const L2sSpmApi* api = entry ? entry() : nullptr;
  if (!api || api->abi_version != L2S_SPM_ABI_VERSION) {
    const std::string found = api ? std::to_string(api->abi_version) : "none";
    dlclose(handle);
    throw Error("sentencepiece plugin " + path + " has ABI version " + found + ", expected " +
                std::to_string(L2S_SPM_ABI_VERSION) + " (a stale build?)");
  }
  // Never dlclose a working plugin: models may live until the process ends.
  return *api;
}

const L2sSpmApi& find_plugin() {
  std::string tried;
  for (const fs::path& path : spm_plugin_candidates()) {
    std::error_code error;
    if (fs::exists(path, error)) return open_plugin(path.string());
    tried += "\n  " + path.string();
  }
  throw Error("sentencepiece plugin " + std::string(kSpmPluginFile) +
              " not found (set L2S_SPM_PLUGIN to its path); tried:" + tried);
}

// Loaded once per process; C++ guarantees thread-safe initialisation, and a
// failed attempt is retried by the next call.
const L2sSpmApi& spm() {
  static const L2sSpmApi& api = find_plugin();
  return api;
}

// Takes ownership of a plugin error message.
std::optional<std::string> take_error(const L2sSpmApi& api, char* error) {
  if (!error) return std::nullopt;
  std::string message(error);
  api.release(error);
  return message;
}

// ---------------------------------------------------------------- pieces

enum class PieceKind { kText, kByte, kControl, kUnknown };

struct Piece {
  std::string piece;  // as in the vocabulary, e.g. "▁the" or "<0x41>"
  std::string text;   // what it decodes to, e.g. " the" or "A"
  PieceKind kind;
};

std::string replace_space_symbols(std::string piece) {
  for (std::size_t at = piece.find(kSpaceSymbol); at != std::string::npos;
       at = piece.find(kSpaceSymbol, at + 1))
    piece.replace(at, kSpaceSymbol.size(), " ");
  return piece;
}

// "<0x41>" -> "A".
std::string byte_piece_text(const std::string& piece) {
  unsigned value = 0;
  const char* digits = piece.data() + 3;
  std::from_chars(digits, digits + 2, value, 16);
  return std::string(1, static_cast<char>(value));
}

Piece describe_piece(const L2sSpmApi& api, const L2sSpmModel* model, int32_t id) {
  Piece piece{api.id_to_piece(model, id), "", PieceKind::kText};
  if (api.is_control(model, id))
    piece.kind = PieceKind::kControl;
  else if (api.is_unknown(model, id))
    piece.kind = PieceKind::kUnknown;
  else if (api.is_byte(model, id)) {
    piece.kind = PieceKind::kByte;
    piece.text = byte_piece_text(piece.piece);
  } else {
    piece.text = replace_space_symbols(piece.piece);
  }
  return piece;
}

}  // namespace

// ---------------------------------------------------------------- Tokenizer

struct Tokenizer::Impl {
  Impl(const L2sSpmApi& api, L2sSpmModel* model) : api(api), model(model) {}
  ~Impl() { api.free_model(model); }
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  bool in_vocab(int64_t id) const { return id >= 0 && id < static_cast<int64_t>(pieces.size()); }
  // Pad, BOS, EOS, unknown, other control pieces, and ids past the
  // sentencepiece vocabulary (T5's <extra_id_N> sentinels).
  bool is_special(int64_t id) const { return !in_vocab(id) || pieces[id].kind == PieceKind::kControl ||
                                             pieces[id].kind == PieceKind::kUnknown; }

  const L2sSpmApi& api;
  L2sSpmModel* model;
  // The whole vocabulary, so streaming never crosses into the plugin.
  std::vector<Piece> pieces;
  int64_t unk = -1, bos = -1, eos = -1, pad = -1;
};

Tokenizer::Tokenizer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Tokenizer::Tokenizer(Tokenizer&&) noexcept = default;
Tokenizer& Tokenizer::operator=(Tokenizer&&) noexcept = default;
Tokenizer::~Tokenizer() = default;

Tokenizer Tokenizer::load(const std::string& model_path) {
  std::error_code fs_error;
  if (!fs::is_regular_file(model_path, fs_error))
    throw Error(model_path + ": tokenizer model not found");
  // sentencepiece reads the whole file into memory before parsing it.
  if (const auto size = fs::file_size(model_path, fs_error); !fs_error && size > kMaxModelFileBytes)
    throw Error(model_path + ": " + std::to_string(size) + " bytes is over the limit of " +
                std::to_string(kMaxModelFileBytes) + " bytes for a sentencepiece model");
  const L2sSpmApi& api = spm();
  L2sSpmModel* model = nullptr;
  if (auto error = take_error(api, api.load(model_path.c_str(), &model)))
    throw Error(model_path + ": not a sentencepiece model (" + *error + ")");
  auto impl = std::make_unique<Impl>(api, model);
  const int32_t size = api.vocab_size(model);
  impl->pieces.reserve(size);
  for (int32_t id = 0; id < size; ++id) impl->pieces.push_back(describe_piece(api, model, id));
  int32_t ids[4];
  api.special_ids(model, ids);
  impl->unk = ids[0], impl->bos = ids[1], impl->eos = ids[2], impl->pad = ids[3];
  if (impl->eos < 0) throw Error(model_path + ": the sentencepiece model has no end-of-sequence piece");
  return Tokenizer(std::move(impl));
}

std::string Tokenizer::find_in_dir(const std::string& dir) {
  for (const char* name : {"spiece.model", "tokenizer.model"}) {
    std::error_code fs_error;
    const std::string path = (fs::path(dir) / name).string();
    if (fs::is_regular_file(path, fs_error)) return path;
  }
  return "";
}

Tokenizer Tokenizer::load_dir(const std::string& dir) {
  std::error_code fs_error;
  if (!fs::is_directory(dir, fs_error)) throw Error(dir + ": model folder not found");
  const std::string path = find_in_dir(dir);
  if (path.empty())
    throw Error(dir + ": no tokenizer in this folder (spiece.model or tokenizer.model, a sentencepiece model)");
  return load(path);
}

std::vector<int64_t> Tokenizer::encode(const std::string& text, bool add_eos, bool add_bos) const {
  // sentencepiece needs ~100 bytes of memory per byte of text: a bound keeps a
  // pasted file from taking the machine's memory (longer prompts are refused
  // by token count anyway).
  if (text.size() > kMaxEncodeBytes)
    throw Error("text is " + std::to_string(text.size()) + " bytes; the tokenizer's limit is " +
                std::to_string(kMaxEncodeBytes) + " bytes");
  // sentencepiece would quietly mangle invalid input; refuse it instead.
  if (const std::size_t bad = io::find_invalid_utf8(text); bad != std::string::npos)
    throw Error("prompt is not valid UTF-8 (byte offset " + std::to_string(bad) + ")");
  if (add_bos && impl_->bos < 0) throw Error("this tokenizer has no beginning-of-sequence piece to add");
  int32_t* encoded = nullptr;
  std::size_t count = 0;
  const L2sSpmApi& api = impl_->api;
  if (auto error =
          take_error(api, api.encode(impl_->model, text.data(), text.size(), &encoded, &count)))
    throw Error("cannot tokenize the prompt: " + *error);
  std::vector<int64_t> ids;
  ids.reserve(count + 2);
  if (add_bos) ids.push_back(impl_->bos);
  ids.insert(ids.end(), encoded, encoded + count);
  api.release(encoded);
  if (add_eos) ids.push_back(impl_->eos);
  return ids;
}

std::string Tokenizer::decode(const std::vector<int64_t>& ids) const {
  std::vector<int32_t> kept;
  kept.reserve(ids.size());
  // As transformers does with skip_special_tokens=True.
  for (int64_t id : ids)
    if (!impl_->is_special(id)) kept.push_back(static_cast<int32_t>(id));
  char* text = nullptr;
  std::size_t size = 0;
  const L2sSpmApi& api = impl_->api;
  if (auto error =
          take_error(api, api.decode(impl_->model, kept.data(), kept.size(), &text, &size)))
    throw Error("cannot decode token ids: " + *error);
  std::string decoded(text, size);
  api.release(text);
  return decoded;
}

std::string Tokenizer::piece_text(int64_t id, bool first_in_stream) const {
  if (!impl_->in_vocab(id)) return "";
  const Piece& piece = impl_->pieces[id];
  // sentencepiece drops the space its normaliser put before the first word.
  if (first_in_stream && piece.kind == PieceKind::kText && !piece.text.empty() &&
      piece.text.front() == ' ')
    return piece.text.substr(1);
  return piece.text;
}

std::string Tokenizer::id_to_piece(int64_t id) const {
  if (!impl_->in_vocab(id))
    throw Error("token id " + std::to_string(id) + " is outside the vocabulary (size " +
                std::to_string(impl_->pieces.size()) + ")");
  return impl_->pieces[id].piece;
}

int64_t Tokenizer::vocab_size() const { return static_cast<int64_t>(impl_->pieces.size()); }
int64_t Tokenizer::unk_id() const { return impl_->unk; }
int64_t Tokenizer::bos_id() const { return impl_->bos; }
int64_t Tokenizer::eos_id() const { return impl_->eos; }
int64_t Tokenizer::pad_id() const { return impl_->pad; }

// ---------------------------------------------------------------- training

namespace {

// Shortest text that reads back as the same double.
std::string format_double(double value) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

void check_train_options(const TokenizerTrainOptions& options) {
  if (options.input_files.empty()) throw Error("tokenizer training: no input files");
  for (const std::string& file : options.input_files) {
    std::error_code fs_error;
    if (!fs::is_regular_file(file, fs_error))
      throw Error(file + ": tokenizer training input not found");
    // sentencepiece takes its inputs as one comma-separated list.
    if (file.find(',') != std::string::npos)
      throw Error(file + ": tokenizer training input names may not contain commas");
  }
  if (options.model_prefix.empty()) throw Error("tokenizer training: no model prefix");
  const fs::path folder = fs::path(options.model_prefix).parent_path();
  std::error_code fs_error;
  if (!folder.empty() && !fs::is_directory(folder, fs_error))
    throw Error(options.model_prefix + ": folder " + folder.string() + " does not exist");
  if (options.vocab_size < 8)
    throw Error("tokenizer training: vocab_size must be at least 8, got " +
                std::to_string(options.vocab_size));
  // sentencepiece's own limits, checked here for a clearer message.
  if (!(options.character_coverage >= 0.98 && options.character_coverage <= 1))
    throw Error("tokenizer training: character_coverage must be between 0.98 and 1, got " +
                format_double(options.character_coverage));
  const std::string& type = options.model_type;
  if (type != "unigram" && type != "bpe" && type != "word" && type != "char")
    throw Error("tokenizer training: model_type must be unigram, bpe, word or char, got '" + type +
                "'");
  if (options.input_sentence_size < 0)
    throw Error("tokenizer training: input_sentence_size must not be negative");
  if (options.special_ids != "t5" && options.special_ids != "llama")
    throw Error("tokenizer training: special ids must be t5 or llama, got '" + options.special_ids + "'");
}

std::string join_with_commas(const std::vector<std::string>& items) {
  std::string joined;
  for (const std::string& item : items) joined += (joined.empty() ? "" : ",") + item;
  return joined;
}

// Special ids as Hugging Face's T5 and Llama tokenizers have them.
std::unordered_map<std::string, std::string> trainer_flags(const TokenizerTrainOptions& options,
                                                           const std::string& prefix) {
  const bool llama = options.special_ids == "llama";
  return {
      {"input", join_with_commas(options.input_files)},
      {"model_prefix", prefix},
      {"model_type", options.model_type},
      {"vocab_size", std::to_string(options.vocab_size)},
      {"hard_vocab_limit", options.hard_vocab_limit ? "true" : "false"},
      {"character_coverage", format_double(options.character_coverage)},
      {"input_sentence_size", std::to_string(options.input_sentence_size)},
      {"shuffle_input_sentence", "true"},
      {"pad_id", llama ? "-1" : "0"},
      {"eos_id", llama ? "2" : "1"},
      {"unk_id", llama ? "0" : "2"},
      {"bos_id", llama ? "1" : "-1"},
      {"pad_piece", "<pad>"},
      {"bos_piece", "<s>"},
      {"eos_piece", "</s>"},
      {"unk_piece", "<unk>"},
      {"minloglevel", options.verbose ? "0" : "1"},  // 1 hides sentencepiece's INFO log
  };
}

void call_trainer(const std::unordered_map<std::string, std::string>& flags) {
  std::vector<const char*> keys, values;
  for (const auto& [key, value] : flags) {
    keys.push_back(key.c_str());
    values.push_back(value.c_str());
  }
  const L2sSpmApi& api = spm();
  if (auto error = take_error(api, api.train(keys.data(), values.data(), keys.size())))
    throw Error("tokenizer training failed: " + *error);
}

// A prefix beside the final one, unique within this machine.
std::string temporary_prefix(const std::string& prefix) {
  static std::atomic<unsigned> counter{0};
  return prefix + ".tmp-" + std::to_string(getpid()) + "-" + std::to_string(counter++);
}

void remove_quietly(const std::string& path) {
  std::error_code ignored;
  fs::remove(path, ignored);
}

void move_into_place(const std::string& from, const std::string& to) {
  std::error_code error;
  fs::rename(from, to, error);
  if (error) throw Error(to + ": cannot write the tokenizer model: " + error.message());
}

}  // namespace

void train_tokenizer(const TokenizerTrainOptions& options) {
  check_train_options(options);
  // Train beside the destination, then rename: an interrupted run never
  // leaves a half-written model under the final name.
  const std::string temp = temporary_prefix(options.model_prefix);
  try {
    call_trainer(trainer_flags(options, temp));
    // The vocab first, so a reader seeing the new .model also sees its .vocab.
    move_into_place(temp + ".vocab", options.model_prefix + ".vocab");
    move_into_place(temp + ".model", options.model_prefix + ".model");
  } catch (...) {
    remove_quietly(temp + ".vocab");
    remove_quietly(temp + ".model");
    throw;
  }
}

}  // namespace l2s

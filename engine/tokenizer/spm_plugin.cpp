// The sentencepiece plugin: sentencepiece behind the C ABI of spm_plugin_api.h.
// Built with hidden visibility; l2s_spm_api() is the only exported symbol.
#include <sentencepiece_processor.h>
#include <sentencepiece_trainer.h>

#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/tokenizer/spm_plugin_api.h"

struct L2sSpmModel {
  sentencepiece::SentencePieceProcessor processor;
};

namespace {

// A malloc'ed copy the caller frees with release(). Never NULL: a NULL error
// would read as success, and a process without memory for a message is lost.
char* copy_to_caller(const std::string& text) {
  char* copy = static_cast<char*>(std::malloc(text.size() + 1));
  if (!copy) std::abort();
  std::memcpy(copy, text.c_str(), text.size() + 1);
  return copy;
}

// sentencepiece's failed checks read "./src/file.cc(660) [condition] explanation";
// the explanation, where there is one, is what a user needs.
std::string readable_message(const sentencepiece::util::Status& status) {
  const std::string message = status.error_message();
  const std::size_t end_of_condition = message.rfind("] ");
  if (message.rfind("./src/", 0) == 0 && end_of_condition != std::string::npos &&
      end_of_condition + 2 < message.size())
    return message.substr(end_of_condition + 2);
  return message;
}

char* status_error(const sentencepiece::util::Status& status) {
  return status.ok() ? nullptr : copy_to_caller(readable_message(status));
}

// Runs `body`, turning any C++ exception into an error message: none may
// cross the C boundary.
template <typename Body>
char* guarded(Body&& body) {
  try {
    return body();
  } catch (const std::exception& e) {
    return copy_to_caller(std::string("sentencepiece plugin: ") + e.what());
  } catch (...) {
    return copy_to_caller("sentencepiece plugin: unknown exception");
  }
}

bool in_vocab(const L2sSpmModel* model, int32_t id) {
  return id >= 0 && id < model->processor.GetPieceSize();
}

char* load(const char* path, L2sSpmModel** model) {
  *model = nullptr;
  return guarded([&]() -> char* {
    auto loaded = std::make_unique<L2sSpmModel>();
    if (char* error = status_error(loaded->processor.Load(path))) return error;
    *model = loaded.release();
    return nullptr;
  });
}

void free_model(L2sSpmModel* model) { delete model; }

int32_t vocab_size(const L2sSpmModel* model) { return model->processor.GetPieceSize(); }

const char* id_to_piece(const L2sSpmModel* model, int32_t id) {
  return in_vocab(model, id) ? model->processor.IdToPiece(id).c_str() : nullptr;
}

int is_control(const L2sSpmModel* model, int32_t id) {
  return in_vocab(model, id) && model->processor.IsControl(id);
}

int is_unknown(const L2sSpmModel* model, int32_t id) {
  return in_vocab(model, id) && model->processor.IsUnknown(id);
}

int is_byte(const L2sSpmModel* model, int32_t id) {
  return in_vocab(model, id) && model->processor.IsByte(id);
}

char* encode(const L2sSpmModel* model, const char* text, size_t text_size, int32_t** ids,
             size_t* count) {
  *ids = nullptr;
  *count = 0;
  return guarded([&]() -> char* {
    std::vector<int> encoded;
    if (char* error =
            status_error(model->processor.Encode(absl::string_view(text, text_size), &encoded)))
      return error;
    // malloc(0) may return NULL; one spare slot keeps "no ids" distinct from "out of memory".
    auto* out = static_cast<int32_t*>(std::malloc((encoded.size() + 1) * sizeof(int32_t)));
    if (!out) return copy_to_caller("sentencepiece plugin: out of memory");
    for (std::size_t i = 0; i < encoded.size(); ++i) out[i] = encoded[i];
    *ids = out;
    *count = encoded.size();
    return nullptr;
  });
}

char* decode(const L2sSpmModel* model, const int32_t* ids, size_t count, char** text,
             size_t* text_size) {
  *text = nullptr;
  *text_size = 0;
  return guarded([&]() -> char* {
    const std::vector<int> input(ids, ids + count);
    std::string decoded;
    if (char* error = status_error(model->processor.Decode(input, &decoded))) return error;
    *text = copy_to_caller(decoded);
    *text_size = decoded.size();
    return nullptr;
  });
}

char* train(const char* const* keys, const char* const* values, size_t count) {
  return guarded([&]() -> char* {
    std::unordered_map<std::string, std::string> flags;
    for (std::size_t i = 0; i < count; ++i) flags[keys[i]] = values[i];
    return status_error(sentencepiece::SentencePieceTrainer::Train(flags));
  });
}

void release(void* memory) { std::free(memory); }

void special_ids(const L2sSpmModel* model, int32_t ids[4]) {
  ids[0] = model->processor.unk_id();
  ids[1] = model->processor.bos_id();
  ids[2] = model->processor.eos_id();
  ids[3] = model->processor.pad_id();
}

// In the order of L2sSpmApi's fields.
const L2sSpmApi kApi = {
    L2S_SPM_ABI_VERSION, load,    free_model, vocab_size, id_to_piece, is_control,
    is_unknown,          is_byte, encode,     decode,     train,       release,
    special_ids,
};

}  // namespace

extern "C" const L2sSpmApi* l2s_spm_api(void) { return &kApi; }

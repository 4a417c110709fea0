#pragma once
// What every model family tells the engine about a loaded model: its shape,
// its special token ids (from config.json / generation_config.json, never
// constants) and how Hugging Face frames a prompt for it. Torch-free.
#include <cstdint>
#include <string>
#include <vector>

namespace l2s {

enum class Architecture { EncoderDecoder, DecoderOnly };

const char* architecture_name(Architecture architecture);  // "encoder-decoder", "decoder-only"

struct ModelSpec;
// Applies a Hugging Face generation_config.json's special ids (bos, eos as an
// id or a list, pad, decoder_start) to `spec`, checking each against the
// vocabulary. Throws l2s::Error naming the file and key.
void apply_generation_config(const std::string& path, ModelSpec& spec);

struct ModelSpec {
  std::string family;  // config.json's model_type: "t5", "llama"
  Architecture architecture = Architecture::EncoderDecoder;
  int64_t vocab_size = 0;
  int64_t d_model = 0;           // width of the input embeddings
  int64_t max_positions = 0;     // longest sequence the positions allow; 0: no limit (T5)
  int64_t pad_token_id = -1;     // -1: none
  int64_t bos_token_id = -1;     // -1: none
  std::vector<int64_t> eos_token_ids;
  // The first token of an answer: T5's decoder_start_token_id; a decoder-only
  // model answering a prompt in a pack reads it after the prompt (its BOS).
  int64_t answer_start_token_id = 0;
  // How the family's Hugging Face tokenizer frames a text: T5 appends EOS,
  // Llama prepends BOS.
  bool prompt_adds_bos = false;
  bool prompt_adds_eos = false;
  std::string tokenizer_file;  // the sentencepiece model's name in a Hugging Face folder

  // An id for padding positions (masked, never read): pad, else EOS.
  int64_t padding_id() const { return pad_token_id >= 0 ? pad_token_id : first_eos(); }
  bool is_eos(int64_t id) const;
  int64_t first_eos() const { return eos_token_ids.empty() ? -1 : eos_token_ids.front(); }
};

}  // namespace l2s

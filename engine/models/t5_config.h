#pragma once
// A T5 model's hyper-parameters, read from a Hugging Face `config.json`
// (model_type "t5"): v1.0 (ReLU, tied embeddings) and v1.1 / FLAN-T5
// (gated GELU, untied lm_head). Torch-free.
#include <cstdint>
#include <string>

namespace l2s {

enum class Activation { Relu, Gelu, GeluTanh, Silu };

const char* activation_name(Activation activation);

struct T5Config {
  int64_t vocab_size = 32128;
  int64_t d_model = 512;
  int64_t d_kv = 64;
  int64_t d_ff = 2048;
  int64_t num_layers = 6;          // encoder blocks
  int64_t num_decoder_layers = 6;  // decoder blocks
  int64_t num_heads = 8;
  int64_t relative_attention_num_buckets = 32;
  int64_t relative_attention_max_distance = 128;
  double layer_norm_epsilon = 1e-6;
  double dropout_rate = 0.1;  // training only
  Activation activation = Activation::Relu;
  bool gated_ffn = false;
  bool tie_word_embeddings = true;
  int64_t pad_token_id = 0;
  int64_t eos_token_id = 1;
  int64_t decoder_start_token_id = 0;

  int64_t inner_dim() const { return num_heads * d_kv; }

  // Parses and validates; throws l2s::Error naming `source` (a path) and the
  // problem for unknown model types, missing or inconsistent values.
  static T5Config from_json_text(const std::string& text, const std::string& source);
  static T5Config from_file(const std::string& path);
  // The config.json a Hugging Face loader reads back as the same model.
  std::string to_json_text() const;
  void validate(const std::string& source) const;
};

}  // namespace l2s

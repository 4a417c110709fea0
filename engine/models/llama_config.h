#pragma once
// A Llama-architecture model's hyper-parameters, read from a Hugging Face
// `config.json` (model_type "llama", LlamaForCausalLM): Llama 1/2/3, TinyLlama,
// SmolLM and the like. Torch-free.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace l2s {

struct LlamaConfig {
  // Defaults are transformers' LlamaConfig defaults (Llama-2-7B).
  int64_t vocab_size = 32000;
  int64_t hidden_size = 4096;
  int64_t intermediate_size = 11008;
  int64_t num_hidden_layers = 32;
  int64_t num_attention_heads = 32;
  int64_t num_key_value_heads = 32;  // missing or null: num_attention_heads
  int64_t head_dim = 128;            // missing or null: hidden_size / num_attention_heads
  int64_t max_position_embeddings = 2048;
  double rms_norm_eps = 1e-6;
  double rope_theta = 10000.0;
  // rope_scaling {"type" (or "rope_type"): "linear", "factor": f} divides
  // positions by f; 1 means no scaling (rope_scaling null).
  double rope_linear_factor = 1.0;
  double attention_dropout = 0.0;  // on attention probabilities, training only
  double initializer_range = 0.02;
  bool tie_word_embeddings = false;  // missing means false, unlike T5
  std::optional<int64_t> bos_token_id = 1;
  std::vector<int64_t> eos_token_ids = {2};  // "eos_token_id": an int, a list, or null
  std::optional<int64_t> pad_token_id;       // often null in Llama configs

  int64_t query_dim() const { return num_attention_heads * head_dim; }
  int64_t key_value_dim() const { return num_key_value_heads * head_dim; }
  // Query heads per key/value head (1: multi-head, num_attention_heads: multi-query).
  int64_t kv_groups() const { return num_attention_heads / num_key_value_heads; }
  bool is_eos(int64_t id) const;

  // Parses and validates; throws l2s::Error naming `source` (a path) and the
  // key for unknown model types, unsupported features (biases, activations
  // other than SiLU, RoPE scaling other than linear), missing or inconsistent values.
  static LlamaConfig from_json_text(const std::string& text, const std::string& source);
  static LlamaConfig from_file(const std::string& path);
  // The config.json transformers' LlamaForCausalLM.from_pretrained reads back
  // as the same model.
  std::string to_json_text() const;
  void validate(const std::string& source) const;
};

}  // namespace l2s

#include "engine/models/llama_weights.h"

#include <ATen/ATen.h>

#include <filesystem>

#include "l2s/atomic_file.h"
#include "engine/io/checkpoint.h"
#include "engine/models/parameter_io.h"

namespace l2s {

void LlamaWeights::visit(const LlamaConfig& c, const Visitor& visitor) {
  const int64_t d = c.hidden_size;
  visitor("model.embed_tokens.weight", embed_tokens, {c.vocab_size, d});
  layers.resize(c.num_hidden_layers);
  for (int64_t i = 0; i < c.num_hidden_layers; ++i) {
    const std::string prefix = "model.layers." + std::to_string(i) + ".";
    LlamaLayerWeights& layer = layers[i];
    visitor(prefix + "self_attn.q_proj.weight", layer.attention.q, {c.query_dim(), d});
    visitor(prefix + "self_attn.k_proj.weight", layer.attention.k, {c.key_value_dim(), d});
    visitor(prefix + "self_attn.v_proj.weight", layer.attention.v, {c.key_value_dim(), d});
    visitor(prefix + "self_attn.o_proj.weight", layer.attention.o, {d, c.query_dim()});
    visitor(prefix + "mlp.gate_proj.weight", layer.mlp.wi, {c.intermediate_size, d});
    visitor(prefix + "mlp.up_proj.weight", layer.mlp.wi_1, {c.intermediate_size, d});
    visitor(prefix + "mlp.down_proj.weight", layer.mlp.wo, {d, c.intermediate_size});
    visitor(prefix + "input_layernorm.weight", layer.input_norm, {d});
    visitor(prefix + "post_attention_layernorm.weight", layer.post_attention_norm, {d});
  }
  visitor("model.norm.weight", final_norm, {d});
  if (!c.tie_word_embeddings) visitor("lm_head.weight", lm_head, {c.vocab_size, d});
}

void LlamaWeights::tie(const LlamaConfig& config) {
  if (config.tie_word_embeddings) lm_head = embed_tokens;
}

int64_t count_llama_parameters(const LlamaConfig& config) {
  int64_t count = 0;
  LlamaWeights().visit(config, [&](const std::string&, at::Tensor&, const std::vector<int64_t>& shape) {
    int64_t n = 1;
    for (int64_t size : shape) n *= size;
    count += n;
  });
  return count;
}

LlamaWeights load_llama_weights(const io::Checkpoint& checkpoint, const LlamaConfig& config) {
  LlamaWeights weights;
  load_parameters(checkpoint, [&](const ParameterVisitor& visitor) { weights.visit(config, visitor); });
  weights.tie(config);
  return weights;
}

void save_llama_checkpoint(const std::string& dir, const LlamaConfig& config, const LlamaWeights& weights,
                           io::StorageDType storage) {
  std::filesystem::create_directories(dir);
  LlamaWeights view = weights;  // shallow: tensors are shared, not copied
  save_parameters(dir + "/model.safetensors", [&](const ParameterVisitor& visitor) { view.visit(config, visitor); },
                  storage);
  io::write_text_atomically(dir + "/config.json", config.to_json_text());
}

LlamaWeights init_llama_weights(const LlamaConfig& config, uint64_t seed) {
  at::Generator generator = at::detail::createCPUGenerator(seed);
  LlamaWeights weights;
  weights.visit(config, [&](const std::string& name, at::Tensor& tensor, const std::vector<int64_t>& shape) {
    if (shape.size() == 1) {  // RMS norm weights
      tensor = at::ones(shape);
      return;
    }
    tensor = at::normal(0.0, config.initializer_range, shape, generator);
    // nn.Embedding(padding_idx=pad_token_id) starts with that row at zero.
    if (name == "model.embed_tokens.weight" && config.pad_token_id) tensor[*config.pad_token_id].zero_();
  });
  weights.tie(config);
  return weights;
}

}  // namespace l2s

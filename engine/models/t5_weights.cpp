#include "engine/models/t5_weights.h"

#include <ATen/ATen.h>

#include <cmath>
#include <filesystem>

#include "l2s/atomic_file.h"
#include "engine/io/checkpoint.h"
#include "engine/models/parameter_io.h"

namespace l2s {
namespace {

void visit_attention(const std::string& prefix, layers::AttentionWeights& w, const T5Config& c,
                     const T5Weights::Visitor& visitor) {
  visitor(prefix + ".q.weight", w.q, {c.inner_dim(), c.d_model});
  visitor(prefix + ".k.weight", w.k, {c.inner_dim(), c.d_model});
  visitor(prefix + ".v.weight", w.v, {c.inner_dim(), c.d_model});
  visitor(prefix + ".o.weight", w.o, {c.d_model, c.inner_dim()});
}

void visit_feed_forward(const std::string& prefix, layers::FeedForwardWeights& w, const T5Config& c,
                        const T5Weights::Visitor& visitor) {
  if (c.gated_ffn) {
    visitor(prefix + ".wi_0.weight", w.wi, {c.d_ff, c.d_model});
    visitor(prefix + ".wi_1.weight", w.wi_1, {c.d_ff, c.d_model});
  } else {
    visitor(prefix + ".wi.weight", w.wi, {c.d_ff, c.d_model});
  }
  visitor(prefix + ".wo.weight", w.wo, {c.d_model, c.d_ff});
}

void visit_stack(const std::string& stack, T5StackWeights& weights, int64_t num_blocks, bool decoder,
                 const T5Config& c, const T5Weights::Visitor& visitor) {
  weights.blocks.resize(num_blocks);
  for (int64_t i = 0; i < num_blocks; ++i) {
    const std::string block = stack + ".block." + std::to_string(i) + ".layer.";
    T5BlockWeights& b = weights.blocks[i];
    visit_attention(block + "0.SelfAttention", b.self_attention, c, visitor);
    if (i == 0)
      visitor(block + "0.SelfAttention.relative_attention_bias.weight", weights.relative_attention_bias,
              {c.relative_attention_num_buckets, c.num_heads});
    visitor(block + "0.layer_norm.weight", b.self_attention_norm, {c.d_model});
    int layer = 1;
    if (decoder) {
      visit_attention(block + "1.EncDecAttention", b.cross_attention, c, visitor);
      visitor(block + "1.layer_norm.weight", b.cross_attention_norm, {c.d_model});
      layer = 2;
    }
    visit_feed_forward(block + std::to_string(layer) + ".DenseReluDense", b.feed_forward, c, visitor);
    visitor(block + std::to_string(layer) + ".layer_norm.weight", b.feed_forward_norm, {c.d_model});
  }
  visitor(stack + ".final_layer_norm.weight", weights.final_norm, {c.d_model});
}

}  // namespace

void T5Weights::visit(const T5Config& config, const Visitor& visitor) {
  visitor("shared.weight", shared, {config.vocab_size, config.d_model});
  visit_stack("encoder", encoder, config.num_layers, /*decoder=*/false, config, visitor);
  visit_stack("decoder", decoder, config.num_decoder_layers, /*decoder=*/true, config, visitor);
  if (!config.tie_word_embeddings) visitor("lm_head.weight", lm_head, {config.vocab_size, config.d_model});
}

void T5Weights::tie(const T5Config& config) {
  if (config.tie_word_embeddings) lm_head = shared;
}

T5Weights load_t5_weights(const io::Checkpoint& checkpoint, const T5Config& config) {
  T5Weights weights;
  load_parameters(checkpoint, [&](const ParameterVisitor& visitor) { weights.visit(config, visitor); });
  weights.tie(config);
  return weights;
}

void save_t5_checkpoint(const std::string& dir, const T5Config& config, const T5Weights& weights,
                        io::StorageDType storage) {
  std::filesystem::create_directories(dir);
  T5Weights view = weights;  // shallow: tensors are shared, not copied
  save_parameters(dir + "/model.safetensors", [&](const ParameterVisitor& visitor) { view.visit(config, visitor); },
                  storage);
  io::write_text_atomically(dir + "/config.json", config.to_json_text());
}

T5Weights init_t5_weights(const T5Config& config, uint64_t seed) {
  at::Generator generator = at::detail::createCPUGenerator(seed);
  const double factor = 1.0;  // transformers' initializer_factor
  const double d_model = static_cast<double>(config.d_model);
  const double d_kv = static_cast<double>(config.d_kv), d_ff = static_cast<double>(config.d_ff);
  const double inner = static_cast<double>(config.inner_dim());
  T5Weights weights;
  weights.visit(config, [&](const std::string& name, at::Tensor& tensor, const std::vector<int64_t>& shape) {
    auto ends_with = [&](const char* suffix) {
      const std::string s(suffix);
      return name.size() >= s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0;
    };
    double std_dev = 1.0;
    if (ends_with("layer_norm.weight")) {
      tensor = at::ones(shape);
      return;
    }
    if (name == "shared.weight" || name == "lm_head.weight") std_dev = factor;
    else if (ends_with(".q.weight")) std_dev = factor / std::sqrt(d_model * d_kv);
    else if (ends_with(".k.weight") || ends_with(".v.weight")) std_dev = factor / std::sqrt(d_model);
    else if (ends_with(".o.weight")) std_dev = factor / std::sqrt(inner);
    else if (ends_with("relative_attention_bias.weight")) std_dev = factor / std::sqrt(d_model);
    else if (ends_with(".wo.weight")) std_dev = factor / std::sqrt(d_ff);
    else std_dev = factor / std::sqrt(d_model);  // wi, wi_0, wi_1
    tensor = at::normal(0.0, std_dev, shape, generator);
  });
  weights.tie(config);
  return weights;
}

}  // namespace l2s

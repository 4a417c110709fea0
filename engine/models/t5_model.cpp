#include "engine/models/t5_model.h"

#include <ATen/ATen.h>

#include <cmath>
#include <limits>

#include "l2s/error.h"
#include "engine/io/checkpoint.h"
#include "engine/layers/feed_forward.h"
#include "engine/layers/dense.h"
#include "engine/layers/embedding.h"
#include "engine/layers/relative_position.h"
#include "engine/layers/rms_norm.h"

namespace l2s {
namespace {

constexpr float kLowest = std::numeric_limits<float>::lowest();

layers::RelativePositionSpec position_spec(const T5Config& c, bool bidirectional) {
  return {bidirectional, c.relative_attention_num_buckets, c.relative_attention_max_distance};
}

// Causal mask bias [1, 1, T, K] for queries at position..position+T-1.
at::Tensor causal_bias(int64_t query_len, int64_t key_len, int64_t position) {
  auto options = at::TensorOptions().dtype(at::kLong);
  at::Tensor query = at::arange(position, position + query_len, options).unsqueeze(1);
  at::Tensor key = at::arange(key_len, options).unsqueeze(0);
  return at::where(key > query, at::scalar_tensor(kLowest), at::scalar_tensor(0.0f)).view({1, 1, query_len, key_len});
}

}  // namespace

at::Tensor mask_to_bias(const at::Tensor& mask) {
  if (!mask.defined()) return {};
  return ((1.0f - mask.to(at::kFloat)) * kLowest).unsqueeze(1).unsqueeze(1);
}

int64_t T5DecoderState::batch_size() const { return self.empty() ? 0 : self.front().k.size(0); }
int64_t T5DecoderState::capacity() const { return self.empty() ? 0 : self.front().k.size(2); }

void T5DecoderState::select_rows(const at::Tensor& index) {
  for (auto& kv : cross) {
    kv.k = kv.k.index_select(0, index);
    kv.v = kv.v.index_select(0, index);
  }
  for (auto& cache : self) cache.select_rows(index);
  if (cross_mask_bias.defined()) cross_mask_bias = cross_mask_bias.index_select(0, index);
}

void T5DecoderState::truncate(int64_t length) {
  if (length < 0 || length > position)
    throw Error("cannot truncate a T5 decoder cache of " + std::to_string(position) + " positions to " +
                std::to_string(length));
  for (auto& cache : self) cache.length = length;
  position = length;
}

T5Model::T5Model(T5Config config, T5Weights weights) : config_(std::move(config)), weights_(std::move(weights)) {}

T5Model T5Model::load(const std::string& dir) {
  T5Config config = T5Config::from_file(dir + "/config.json");
  io::Checkpoint checkpoint = io::Checkpoint::open(dir);
  T5Weights weights = load_t5_weights(checkpoint, config);
  return T5Model(std::move(config), std::move(weights));
}

at::Tensor T5Model::embed(const at::Tensor& ids) const { return layers::embed_tokens(weights_.shared, ids); }

at::Tensor T5Model::encode(const at::Tensor& ids, const at::Tensor& mask, double dropout) const {
  return encode_embeddings(embed(ids), mask, dropout);
}

at::Tensor T5Model::encode_embeddings(const at::Tensor& embeddings, const at::Tensor& mask, double dropout) const {
  const T5StackWeights& stack = weights_.encoder;
  const int64_t length = embeddings.size(1);
  at::Tensor bias = layers::position_bias(stack.relative_attention_bias, length, length, 0, position_spec(config_, true));
  if (mask.defined()) bias = bias + mask_to_bias(mask);

  at::Tensor x = layers::dropout(embeddings, dropout);
  const double eps = config_.layer_norm_epsilon;
  for (const T5BlockWeights& block : stack.blocks) {
    at::Tensor h = layers::rms_norm(x, block.self_attention_norm, eps);
    x = x + layers::dropout(layers::self_attention(h, block.self_attention, config_.num_heads, bias, nullptr, dropout),
                            dropout);
    h = layers::rms_norm(x, block.feed_forward_norm, eps);
    x = x + layers::dropout(layers::feed_forward(h, block.feed_forward, config_.activation, dropout), dropout);
  }
  return layers::dropout(layers::rms_norm(x, stack.final_norm, eps), dropout);
}

at::Tensor T5Model::run_decoder(const at::Tensor& decoder_ids, const std::vector<layers::CrossKeysValues>& cross,
                                const at::Tensor& cross_mask_bias, std::vector<layers::KVCache>* caches,
                                int64_t position, double dropout, const at::Tensor& self_bias) const {
  const T5StackWeights& stack = weights_.decoder;
  const int64_t steps = decoder_ids.size(1), keys = position + steps;
  at::Tensor bias = self_bias;
  if (!bias.defined()) {
    bias = layers::position_bias(stack.relative_attention_bias, steps, keys, position, position_spec(config_, false));
    if (steps > 1) bias = bias + causal_bias(steps, keys, position);
  }

  at::Tensor x = layers::dropout(embed(decoder_ids), dropout);
  const double eps = config_.layer_norm_epsilon;
  for (std::size_t i = 0; i < stack.blocks.size(); ++i) {
    const T5BlockWeights& block = stack.blocks[i];
    layers::KVCache* cache = caches ? &(*caches)[i] : nullptr;
    at::Tensor h = layers::rms_norm(x, block.self_attention_norm, eps);
    x = x + layers::dropout(layers::self_attention(h, block.self_attention, config_.num_heads, bias, cache, dropout),
                            dropout);
    h = layers::rms_norm(x, block.cross_attention_norm, eps);
    x = x + layers::dropout(
                layers::cross_attention(h, block.cross_attention, config_.num_heads, cross[i], cross_mask_bias, dropout),
                dropout);
    h = layers::rms_norm(x, block.feed_forward_norm, eps);
    x = x + layers::dropout(layers::feed_forward(h, block.feed_forward, config_.activation, dropout), dropout);
  }
  return layers::dropout(layers::rms_norm(x, stack.final_norm, eps), dropout);
}

at::Tensor T5Model::decode(const at::Tensor& decoder_ids, const at::Tensor& encoder_states,
                           const at::Tensor& encoder_mask, double dropout) const {
  std::vector<layers::CrossKeysValues> cross;
  for (const T5BlockWeights& block : weights_.decoder.blocks)
    cross.push_back(layers::project_keys_values(encoder_states, block.cross_attention, config_.num_heads));
  return run_decoder(decoder_ids, cross, mask_to_bias(encoder_mask), nullptr, 0, dropout);
}

at::Tensor T5Model::logits(const at::Tensor& decoder_hidden) const {
  at::Tensor h = config_.tie_word_embeddings ? decoder_hidden * std::pow(static_cast<double>(config_.d_model), -0.5)
                                             : decoder_hidden;
  return layers::dense(h, weights_.lm_head);
}

T5DecoderState T5Model::start(const at::Tensor& encoder_states, const at::Tensor& encoder_mask,
                              int64_t capacity) const {
  T5DecoderState state;
  const int64_t batch = encoder_states.size(0);
  for (const T5BlockWeights& block : weights_.decoder.blocks) {
    state.cross.push_back(layers::project_keys_values(encoder_states, block.cross_attention, config_.num_heads));
    state.self.emplace_back().reserve(batch, config_.num_heads, capacity, config_.d_kv);
  }
  state.cross_mask_bias = mask_to_bias(encoder_mask);
  state.self_position_bias = layers::position_bias(weights_.decoder.relative_attention_bias, 1, capacity, capacity - 1,
                                                   position_spec(config_, false));
  return state;
}

at::Tensor T5Model::step(T5DecoderState& state, const at::Tensor& ids) const {
  if (state.position >= state.capacity()) throw Error("decoder cache is full: raise its capacity");
  const int64_t keys = state.position + 1;
  at::Tensor bias = state.self_position_bias.narrow(3, state.capacity() - keys, keys);
  at::Tensor hidden =
      run_decoder(ids.view({-1, 1}), state.cross, state.cross_mask_bias, &state.self, state.position, 0.0, bias);
  state.position += 1;
  return logits(hidden).squeeze(1);
}

at::Tensor T5Model::steps(T5DecoderState& state, const at::Tensor& ids) const {
  const int64_t count = ids.size(1);
  if (state.position + count > state.capacity()) throw Error("decoder cache is full: raise its capacity");
  // The relative position bias of these queries is bucketed afresh (with a
  // causal mask among them): the cached row serves one query at a time.
  at::Tensor hidden = run_decoder(ids, state.cross, state.cross_mask_bias, &state.self, state.position, 0.0);
  state.position += count;
  return logits(hidden);
}

}  // namespace l2s

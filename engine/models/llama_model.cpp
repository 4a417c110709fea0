#include "engine/models/llama_model.h"

#include <ATen/ATen.h>

#include <limits>

#include "l2s/error.h"
#include "engine/io/checkpoint.h"
#include "engine/layers/dense.h"
#include "engine/layers/embedding.h"
#include "engine/layers/feed_forward.h"
#include "engine/layers/grouped_attention.h"
#include "engine/layers/rms_norm.h"
#include "engine/layers/rotary.h"

namespace l2s {
namespace {

// transformers masks with the lowest finite float, not -inf: a left-pad query
// row, which sees no key at all, then gets a finite (meaningless) uniform
// softmax instead of NaN that the next layer would spread through its keys.
constexpr float kLowest = std::numeric_limits<float>::lowest();

// Additive bias [B or 1, 1, L, T] for L queries in slots past .. past+L-1 over
// T = past + L keys: causal, and keys whose `key_valid` [B, T] is false are
// hidden. Undefined when nothing is hidden (one query, no padding).
at::Tensor attention_bias(const at::Tensor& key_valid, int64_t queries, int64_t keys) {
  const int64_t past = keys - queries;
  at::Tensor hidden;
  if (queries > 1) {
    auto options = at::TensorOptions().dtype(at::kLong);
    at::Tensor query = at::arange(past, keys, options).unsqueeze(1);
    at::Tensor key = at::arange(keys, options).unsqueeze(0);
    hidden = (key > query).view({1, 1, queries, keys});
  }
  if (key_valid.defined()) {
    at::Tensor padding = key_valid.logical_not().view({key_valid.size(0), 1, 1, keys});
    hidden = hidden.defined() ? hidden.logical_or(padding) : padding;
  }
  if (!hidden.defined()) return {};
  return at::zeros(hidden.sizes(), at::kFloat).masked_fill_(hidden, kLowest);
}

// transformers' generation positions [B, L] for L new tokens after `offset`
// [B, 1] real ones: cumsum(mask) - 1 onwards, and 1 at padding (mask 0).
at::Tensor generation_positions(const at::Tensor& offset, const at::Tensor& mask, int64_t length) {
  if (mask.defined()) return (offset + mask.cumsum(1) - 1).masked_fill_(mask.logical_not(), 1);
  return length == 1 ? offset : offset + at::arange(length, at::kLong);
}

}  // namespace

void LlamaState::select_rows(const at::Tensor& index) {
  for (auto& cache : layers) cache.select_rows(index);
  key_mask = key_mask.index_select(0, index);
  next_position = next_position.index_select(0, index);
  padded = length() > 0 && !key_mask.narrow(1, 0, length()).all().item<bool>();
}

void LlamaState::truncate(int64_t new_length) {
  if (new_length < 0 || new_length > length())
    throw Error("cannot truncate a Llama cache of " + std::to_string(length()) + " positions to " +
                std::to_string(new_length));
  for (auto& cache : layers) cache.length = new_length;
  at::Tensor kept = key_mask.narrow(1, 0, new_length);
  next_position = kept.sum(1, /*keepdim=*/false, at::kLong);
  padded = new_length > 0 && !kept.all().item<bool>();
}

LlamaModel::LlamaModel(LlamaConfig config, LlamaWeights weights)
    : config_(std::move(config)),
      weights_(std::move(weights)),
      inv_freq_(layers::rotary_inverse_frequencies(config_.head_dim, config_.rope_theta)) {}

LlamaModel LlamaModel::load(const std::string& dir) {
  LlamaConfig config = LlamaConfig::from_file(dir + "/config.json");
  io::Checkpoint checkpoint = io::Checkpoint::open(dir);
  LlamaWeights weights = load_llama_weights(checkpoint, config);
  return LlamaModel(std::move(config), std::move(weights));
}

at::Tensor LlamaModel::embed(const at::Tensor& ids) const {
  // As nn.Embedding(padding_idx=pad_token_id): the pad row gets no gradient.
  return layers::embed_tokens(weights_.embed_tokens, ids, config_.pad_token_id.value_or(-1));
}

at::Tensor LlamaModel::forward(const at::Tensor& embeddings, const at::Tensor& attention_mask,
                               const at::Tensor& position_ids, LlamaState* state, double dropout,
                               std::vector<at::Tensor>* layer_states) const {
  const int64_t batch = embeddings.size(0), length = embeddings.size(1);
  const int64_t past = state ? state->length() : 0, keys = past + length;
  if (state && (state->batch_size() != batch || keys > state->capacity()))
    throw Error("the Llama cache holds " + std::to_string(state->batch_size()) + " rows and " +
                std::to_string(state->capacity()) + " positions; got " + std::to_string(batch) + " rows reaching " +
                std::to_string(keys));
  auto check_shape = [&](const at::Tensor& t, const char* what) {
    if (t.defined() && (t.dim() != 2 || t.size(0) != batch || t.size(1) != length))
      throw Error(std::string("Llama forward: ") + what + " has shape " + io::shape_text(t.sizes().vec()) +
                  ", expected " + io::shape_text({batch, length}));
  };
  check_shape(attention_mask, "attention_mask");
  check_shape(position_ids, "position_ids");
  at::Tensor mask = attention_mask.defined() ? attention_mask.to(at::kBool) : at::Tensor();
  const bool padding = mask.defined() && !mask.all().item<bool>();

  const at::Tensor positions =
      position_ids.defined()
          ? position_ids
          : generation_positions(state ? state->next_position.unsqueeze(1) : at::zeros({batch, 1}, at::kLong),
                                 padding ? mask : at::Tensor(), length);
  const layers::RotaryTables rotary = layers::rotary_tables(inv_freq_, positions, config_.rope_linear_factor);

  at::Tensor key_valid = padding ? mask : at::Tensor();
  if (state) {
    at::Tensor slots = state->key_mask.narrow(1, past, length);
    if (padding) slots.copy_(mask);
    else slots.fill_(true);
    state->next_position = padding ? state->next_position + mask.sum(1, false, at::kLong)
                                   : state->next_position + length;
    state->padded = state->padded || padding;
    key_valid = state->padded ? state->key_mask.narrow(1, 0, keys) : at::Tensor();
  }
  const at::Tensor bias = attention_bias(key_valid, length, keys);

  const layers::GroupedAttentionShape shape{config_.num_attention_heads, config_.num_key_value_heads,
                                            config_.head_dim};
  const double eps = config_.rms_norm_eps;
  at::Tensor x = embeddings;
  for (std::size_t i = 0; i < weights_.layers.size(); ++i) {
    const LlamaLayerWeights& layer = weights_.layers[i];
    layers::KVCache* cache = state ? &state->layers[i] : nullptr;
    if (layer_states) layer_states->push_back(x);
    at::Tensor h = layers::rms_norm(x, layer.input_norm, eps);
    x = x + layers::grouped_self_attention(h, layer.attention, shape, rotary, bias, cache, dropout);
    h = layers::rms_norm(x, layer.post_attention_norm, eps);
    x = x + layers::feed_forward(h, layer.mlp, Activation::Silu, /*dropout_p=*/0.0);
  }
  at::Tensor out = layers::rms_norm(x, weights_.final_norm, eps);
  if (layer_states) layer_states->push_back(out);
  return out;
}

at::Tensor LlamaModel::logits(const at::Tensor& hidden) const { return layers::dense(hidden, weights_.lm_head); }

LlamaState LlamaModel::start(int64_t batch, int64_t capacity) const {
  if (batch < 1 || capacity < 1)
    throw Error("a Llama cache needs at least one row and one position, not " + std::to_string(batch) + " x " +
                std::to_string(capacity));
  LlamaState state;
  state.layers.resize(weights_.layers.size());
  for (auto& cache : state.layers)
    cache.reserve(batch, config_.num_key_value_heads, capacity, config_.head_dim);
  state.key_mask = at::zeros({batch, capacity}, at::kBool);
  state.next_position = at::zeros({batch}, at::kLong);
  return state;
}

at::Tensor LlamaModel::prefill(LlamaState& state, const at::Tensor& embeddings, const at::Tensor& attention_mask) const {
  at::Tensor hidden = forward(embeddings, attention_mask, {}, &state);
  return logits(hidden.select(1, hidden.size(1) - 1));  // left padding: the last position is real in every row
}

at::Tensor LlamaModel::step(LlamaState& state, const at::Tensor& ids) const {
  at::Tensor hidden = forward(embed(ids.reshape({-1, 1})), {}, {}, &state);
  return logits(hidden.select(1, 0));
}

}  // namespace l2s

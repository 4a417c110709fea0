#pragma once
// T5 multi-head attention: no biases, and scores NOT scaled by 1/sqrt(d_kv)
// (T5 folds that scale into its initialisation).
#include <ATen/core/Tensor.h>

#include <utility>

namespace l2s::layers {

struct AttentionWeights {
  at::Tensor q, k, v;  // [inner, d_model]
  at::Tensor o;        // [d_model, inner]
};

// Keys and values of the positions seen so far, in buffers preallocated for
// `capacity` positions so a decoding step appends without reallocating.
struct KVCache {
  at::Tensor k, v;  // [batch, heads, capacity, d_kv]
  int64_t length = 0;
  void reserve(int64_t batch, int64_t heads, int64_t capacity, int64_t d_kv);
  // Writes k, v [batch, heads, steps, d_kv] after the cached positions and
  // returns every cached key and value so far (views into the buffers).
  std::pair<at::Tensor, at::Tensor> append(const at::Tensor& new_k, const at::Tensor& new_v);
  // Keeps the rows named by `index` (beam search reordering).
  void select_rows(const at::Tensor& index);
};

// [B, T, heads * d_kv] -> [B, heads, T, d_kv] and back.
at::Tensor split_heads(const at::Tensor& x, int64_t heads);
at::Tensor merge_heads(const at::Tensor& x);

// softmax(q k^T + bias) v with `bias` broadcast to [B, heads, Tq, Tk]
// (relative positions plus masks, -inf-like where attention is forbidden).
at::Tensor attend(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, const at::Tensor& bias,
                  double dropout_p);

// Self-attention of x [B, T, d]. With a cache, the new keys/values are
// appended to it and the queries attend to everything cached.
at::Tensor self_attention(const at::Tensor& x, const AttentionWeights& w, int64_t heads, const at::Tensor& bias,
                          KVCache* cache, double dropout_p);

// Keys and values of the encoder states for cross-attention, [B, heads, S, d_kv];
// computed once per prompt.
struct CrossKeysValues {
  at::Tensor k, v;
};
CrossKeysValues project_keys_values(const at::Tensor& states, const AttentionWeights& w, int64_t heads);

at::Tensor cross_attention(const at::Tensor& x, const AttentionWeights& w, int64_t heads,
                           const CrossKeysValues& memory, const at::Tensor& mask_bias, double dropout_p);

}  // namespace l2s::layers

#include "engine/layers/attention.h"

#include <ATen/ATen.h>

#include <tuple>

#include "engine/layers/dense.h"

namespace l2s::layers {

void KVCache::reserve(int64_t batch, int64_t heads, int64_t capacity, int64_t d_kv) {
  k = at::empty({batch, heads, capacity, d_kv});
  v = at::empty({batch, heads, capacity, d_kv});
  length = 0;
}

std::pair<at::Tensor, at::Tensor> KVCache::append(const at::Tensor& new_k, const at::Tensor& new_v) {
  const int64_t steps = new_k.size(2);
  TORCH_CHECK(length + steps <= k.size(2), "KV cache capacity exceeded");
  k.narrow(2, length, steps).copy_(new_k);
  v.narrow(2, length, steps).copy_(new_v);
  length += steps;
  return {k.narrow(2, 0, length), v.narrow(2, 0, length)};
}

void KVCache::select_rows(const at::Tensor& index) {
  k = k.index_select(0, index);
  v = v.index_select(0, index);
}

at::Tensor split_heads(const at::Tensor& x, int64_t heads) {
  return x.view({x.size(0), x.size(1), heads, -1}).transpose(1, 2);
}

at::Tensor merge_heads(const at::Tensor& x) {
  return x.transpose(1, 2).reshape({x.size(0), x.size(2), -1});
}

at::Tensor attend(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, const at::Tensor& bias,
                  double dropout_p) {
  at::Tensor scores = at::matmul(q, k.transpose(-1, -2));
  if (bias.defined()) scores = scores + bias;
  at::Tensor probs = dropout(at::softmax(scores, -1), dropout_p);
  return at::matmul(probs, v);
}

at::Tensor self_attention(const at::Tensor& x, const AttentionWeights& w, int64_t heads, const at::Tensor& bias,
                          KVCache* cache, double dropout_p) {
  at::Tensor q = split_heads(dense(x, w.q), heads);
  at::Tensor k = split_heads(dense(x, w.k), heads);
  at::Tensor v = split_heads(dense(x, w.v), heads);
  if (cache) std::tie(k, v) = cache->append(k, v);
  return dense(merge_heads(attend(q, k, v, bias, dropout_p)), w.o);
}

CrossKeysValues project_keys_values(const at::Tensor& states, const AttentionWeights& w, int64_t heads) {
  return {split_heads(dense(states, w.k), heads), split_heads(dense(states, w.v), heads)};
}

at::Tensor cross_attention(const at::Tensor& x, const AttentionWeights& w, int64_t heads,
                           const CrossKeysValues& memory, const at::Tensor& mask_bias, double dropout_p) {
  at::Tensor q = split_heads(dense(x, w.q), heads);
  return dense(merge_heads(attend(q, memory.k, memory.v, mask_bias, dropout_p)), w.o);
}

}  // namespace l2s::layers

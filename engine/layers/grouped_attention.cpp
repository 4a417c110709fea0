#include "engine/layers/grouped_attention.h"

#include <ATen/ATen.h>

#include <cmath>
#include <tuple>

#include "engine/layers/dense.h"

namespace l2s::layers {

at::Tensor grouped_self_attention(const at::Tensor& x, const AttentionWeights& w, const GroupedAttentionShape& shape,
                                  const RotaryTables& rotary, const at::Tensor& bias, KVCache* cache,
                                  double dropout_p) {
  const int64_t batch = x.size(0), length = x.size(1), dim = shape.head_dim;
  const int64_t kv_heads = shape.kv_heads, groups = shape.heads / shape.kv_heads;
  at::Tensor q = apply_rotary(split_heads(dense(x, w.q), shape.heads), rotary);  // [B, H, L, D]
  at::Tensor k = apply_rotary(split_heads(dense(x, w.k), kv_heads), rotary);     // [B, KV, L, D]
  at::Tensor v = split_heads(dense(x, w.v), kv_heads);
  if (cache) std::tie(k, v) = cache->append(k, v);  // the cache holds rotated keys
  const int64_t keys = k.size(2);
  // The `groups` query heads that share a key/value head are stacked along the
  // query axis, [B, KV, groups * L, D], so keys and values are never copied.
  at::Tensor scores =
      at::matmul(q.reshape({batch, kv_heads, groups * length, dim}), k.transpose(-1, -2)) / std::sqrt(double(dim));
  if (bias.defined())
    scores = (scores.view({batch, kv_heads, groups, length, keys}) + bias.unsqueeze(2))
                 .view({batch, kv_heads, groups * length, keys});
  at::Tensor probs = dropout(at::softmax(scores, -1), dropout_p);
  at::Tensor out = at::matmul(probs, v).view({batch, shape.heads, length, dim});
  return dense(merge_heads(out), w.o);
}

}  // namespace l2s::layers

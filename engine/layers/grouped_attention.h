#pragma once
// Llama's causal self-attention: rotary positions on queries and keys, scores
// scaled by 1/sqrt(head_dim), and grouped key/value heads: multi-head when
// kv_heads == heads, grouped-query (GQA) when fewer, multi-query (MQA) with
// one. Query head h reads key/value head h / (heads / kv_heads), as
// transformers' repeat_kv (repeat_interleave) arranges them.
#include <ATen/core/Tensor.h>

#include "engine/layers/attention.h"
#include "engine/layers/rotary.h"

namespace l2s::layers {

struct GroupedAttentionShape {
  int64_t heads = 1;
  int64_t kv_heads = 1;
  int64_t head_dim = 1;
};

// Self-attention of x [B, L, d] whose tokens have the rotary tables `rotary`
// ([B, L, head_dim]). `bias` [B or 1, 1, L, T] is added to the scores (0 where
// allowed, the lowest float where not: causal and padding masks), or undefined
// when every key is visible. With a cache (heads `kv_heads`), the rotated keys
// and the values are appended to it and the queries attend to all T cached
// positions; without one T = L. Autograd-friendly without a cache.
at::Tensor grouped_self_attention(const at::Tensor& x, const AttentionWeights& w, const GroupedAttentionShape& shape,
                                  const RotaryTables& rotary, const at::Tensor& bias, KVCache* cache,
                                  double dropout_p);

}  // namespace l2s::layers

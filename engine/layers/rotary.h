#pragma once
// Rotary position embeddings (RoPE) as Hugging Face transformers' Llama applies
// them: the "rotate_half" convention, where element i of a head is rotated with
// element i + head_dim/2 (not the interleaved pairs 2i, 2i+1 of Meta's
// original code: HF checkpoints have their q/k rows permuted for rotate_half).
#include <ATen/core/Tensor.h>

namespace l2s::layers {

// inv_freq[i] = 1 / theta^(2i / head_dim), float32 [head_dim / 2], with
// transformers' float32 operations.
at::Tensor rotary_inverse_frequencies(int64_t head_dim, double theta);

// cos and sin [..., head_dim] for integer positions of any shape (e.g. [B, L]):
// f = (position / linear_factor) * inv_freq in float32, then cos/sin of
// cat(f, f): element for element HF's tables, gathered at the positions.
struct RotaryTables {
  at::Tensor cos, sin;
};
RotaryTables rotary_tables(const at::Tensor& inv_freq, const at::Tensor& positions, double linear_factor = 1.0);

// x * cos + rotate_half(x) * sin for x [B, heads, L, head_dim] and tables of
// positions [B, L]; rotate_half(x) = cat(-x[half:], x[:half]).
at::Tensor apply_rotary(const at::Tensor& x, const RotaryTables& tables);

}  // namespace l2s::layers

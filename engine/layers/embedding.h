#pragma once
#include <ATen/core/Tensor.h>

namespace l2s::layers {

// Rows of an embedding table [V, d] for token ids of any shape. Throws
// l2s::Error for an id outside [0, V). The row `padding_idx` (-1: none) gets
// no gradient, as in nn.Embedding(padding_idx=...).
at::Tensor embed_tokens(const at::Tensor& table, const at::Tensor& ids, int64_t padding_idx = -1);

}  // namespace l2s::layers

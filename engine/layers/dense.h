#pragma once
#include <ATen/core/Tensor.h>

#include <initializer_list>

namespace l2s::layers {

// y = x W^T for a weight W [out, in] (no bias, as in T5). Up to
// kSmallRowsMax rows (verification passes, small batches; single decode
// steps on one thread) go through small_rows_dense, which reads W once; a GEMM
// with a few-row operand packs W on every call and is several times slower.
// A single row on several threads takes OpenBLAS's sgemv. Training
// (gradients) and other dtypes take at::matmul.
at::Tensor dense(const at::Tensor& x, const at::Tensor& weight);

// Replaces each defined matrix by a copy stored as `dtype` (dense() widens
// it again as it reads).
void store_as(at::ScalarType dtype, std::initializer_list<at::Tensor*> matrices);

// Bytes of the defined tensors among `weights` (undefined ones: 0).
int64_t weight_bytes(std::initializer_list<at::Tensor> weights);

// Dropout that is the identity when p == 0 (inference).
at::Tensor dropout(const at::Tensor& x, double p);

}  // namespace l2s::layers

#pragma once
// y = x W^T for a few rows of x, reading the weight matrix once.
//
// Decoding multiplies a handful of rows by each weight matrix: one row per
// step, k + 1 rows when the LLM checks k drafted tokens (mode verified), a few
// rows in small batches. The time is the weight read. OpenBLAS's sgemm packs
// the whole weight into a buffer on every call, and a matrix-vector product
// per row reads the weights once per row; this kernel streams each weight row
// once and takes all the dot products while it is in L1
// (benchmarks/bench_decoding.cpp: BM_Dense_Rows_*).
#include <ATen/core/Tensor.h>

#include <cstdint>

namespace l2s::layers {

// Most rows the kernel takes; more go to the BLAS GEMM, which wins from 8
// rows on (BM_Dense_Rows_*).
constexpr int64_t kSmallRowsMax = 6;

// True when `x` [rows, in] (float32) with 1 <= rows <= kSmallRowsMax and
// `weight` [out, in] (float32 or bfloat16, contiguous) can go to
// small_rows_dense: on the CPU, no gradient wanted.
bool small_rows_dense_applies(const at::Tensor& x2d, const at::Tensor& weight);

// x2d [rows, in] float32, weight [out, in] float32 or bfloat16 -> [rows, out]
// float32. bfloat16 weights are widened in registers: half the bytes read,
// the same float32 arithmetic.
// Each output element is summed in the same order whatever the number of
// rows, so a row's result does not depend on which rows it is computed with.
// Output rows are split across the compute threads.
at::Tensor small_rows_dense(const at::Tensor& x2d, const at::Tensor& weight);

// The instruction set the kernel dispatched to on this CPU: "avx512f", "avx2" or "generic".
const char* small_rows_dense_isa();

}  // namespace l2s::layers

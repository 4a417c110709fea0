#include "engine/layers/small_rows_dense.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <c10/core/GradMode.h>

namespace l2s::layers {
namespace {

constexpr int64_t kLanes = 16;  // independent partial sums per dot product: one zmm, two ymm

// Dot products of weight rows [o0, o1) with the `rows` rows of x. Each row's
// sum runs over 16 lanes (lane l takes elements l, l + 16, ...), then the
// lanes add up in a fixed order: the same order for any number of rows.
// Always inlined into the per-ISA entry points below, so the compiler
// vectorises the lane loops for each instruction set.
template <int Rows>
__attribute__((always_inline)) inline void dot_rows(const float* x, const float* w, int64_t in, int64_t out,
                                                    int64_t o0, int64_t o1, float* y) {
  const int64_t body = in - in % kLanes;
  for (int64_t o = o0; o < o1; ++o) {
    const float* wr = w + o * in;
    float acc[Rows][kLanes] = {};
    for (int64_t i = 0; i < body; i += kLanes)
      for (int r = 0; r < Rows; ++r)
        for (int64_t l = 0; l < kLanes; ++l) acc[r][l] += wr[i + l] * x[r * in + i + l];
    for (int r = 0; r < Rows; ++r) {
      for (int64_t i = body; i < in; ++i) acc[r][i - body] += wr[i] * x[r * in + i];
      float sum = 0;
      for (int64_t l = 0; l < kLanes; ++l) sum += acc[r][l];
      y[r * out + o] = sum;
    }
  }
}

using Kernel = void (*)(const float*, const float*, int64_t, int64_t, int64_t, int64_t, float*, int64_t);

template <int Rows = 1>
__attribute__((always_inline)) inline void dot_any_rows(const float* x, const float* w, int64_t in, int64_t out,
                                                        int64_t o0, int64_t o1, float* y, int64_t rows) {
  if constexpr (Rows < kSmallRowsMax) {
    if (rows != Rows) return dot_any_rows<Rows + 1>(x, w, in, out, o0, o1, y, rows);
  }
  dot_rows<Rows>(x, w, in, out, o0, o1, y);
}

__attribute__((target("avx512f"))) void kernel_avx512(const float* x, const float* w, int64_t in, int64_t out,
                                                      int64_t o0, int64_t o1, float* y, int64_t rows) {
  dot_any_rows(x, w, in, out, o0, o1, y, rows);
}
__attribute__((target("avx2,fma"))) void kernel_avx2(const float* x, const float* w, int64_t in, int64_t out,
                                                     int64_t o0, int64_t o1, float* y, int64_t rows) {
  dot_any_rows(x, w, in, out, o0, o1, y, rows);
}
void kernel_generic(const float* x, const float* w, int64_t in, int64_t out, int64_t o0, int64_t o1, float* y,
                    int64_t rows) {
  dot_any_rows(x, w, in, out, o0, o1, y, rows);
}

struct Dispatch {
  Kernel kernel;
  const char* isa;
};

const Dispatch& dispatch() {
  static const Dispatch chosen = [] {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) return Dispatch{kernel_avx512, "avx512f"};
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return Dispatch{kernel_avx2, "avx2"};
    return Dispatch{kernel_generic, "generic"};
  }();
  return chosen;
}

}  // namespace

bool small_rows_dense_applies(const at::Tensor& x2d, const at::Tensor& weight) {
  const bool wants_grad = at::GradMode::is_enabled() && (x2d.requires_grad() || weight.requires_grad());
  return !wants_grad && x2d.dim() == 2 && x2d.size(0) >= 1 && x2d.size(0) <= kSmallRowsMax &&
         x2d.scalar_type() == at::kFloat && weight.scalar_type() == at::kFloat && x2d.device().is_cpu() &&
         weight.device().is_cpu() && weight.dim() == 2 && weight.is_contiguous() && x2d.size(1) == weight.size(1);
}

at::Tensor small_rows_dense(const at::Tensor& x2d, const at::Tensor& weight) {
  const at::Tensor x = x2d.contiguous();
  const int64_t rows = x.size(0), in = x.size(1), out = weight.size(0);
  at::Tensor y = at::empty({rows, out}, x.options());
  const float* xp = x.data_ptr<float>();
  const float* wp = weight.data_ptr<float>();
  float* yp = y.data_ptr<float>();
  const Kernel kernel = dispatch().kernel;
  // A chunk of at least 256 weight rows: smaller ones cost more to hand out than to compute.
  at::parallel_for(0, out, 256, [&](int64_t o0, int64_t o1) { kernel(xp, wp, in, out, o0, o1, yp, rows); });
  return y;
}

const char* small_rows_dense_isa() { return dispatch().isa; }

}  // namespace l2s::layers

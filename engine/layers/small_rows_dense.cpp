#include "engine/layers/small_rows_dense.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <c10/core/GradMode.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include <array>
#include <utility>

namespace l2s::layers {
namespace {

constexpr int64_t kLanes = 16;  // partial sums per dot product: one zmm, two ymm

// Every kernel computes y[r][o] = sum_i x[r][i] * w[o][i] the same way: lane
// l (0..15) sums the products of elements l, l + 16, ... in order, the tail
// beyond the last multiple of 16 goes to lanes 0.., and the 16 lanes add up
// left to right. So a row's result does not depend on the other rows.
template <int Rows>
inline void finish_rows(float (&lanes)[Rows][kLanes], const float* x, const float* wr, int64_t in, int64_t body,
                        int64_t out, int64_t o, float* y) {
  for (int r = 0; r < Rows; ++r) {
    for (int64_t i = body; i < in; ++i) lanes[r][i - body] += wr[i] * x[r * in + i];
    float sum = 0;
    for (int64_t l = 0; l < kLanes; ++l) sum += lanes[r][l];
    y[r * out + o] = sum;
  }
}

#if defined(__x86_64__)
// AVX-512: one weight vector loaded once per 16 columns, a register of
// partial sums per row.
template <int Rows>
__attribute__((target("avx512f"))) void rows_avx512(const float* x, const float* w, int64_t in, int64_t out,
                                                    int64_t o0, int64_t o1, float* y) {
  const int64_t body = in - in % kLanes;
  for (int64_t o = o0; o < o1; ++o) {
    const float* wr = w + o * in;
    __m512 acc[Rows];
    for (int r = 0; r < Rows; ++r) acc[r] = _mm512_setzero_ps();
    for (int64_t i = 0; i < body; i += kLanes) {
      const __m512 wv = _mm512_loadu_ps(wr + i);
      for (int r = 0; r < Rows; ++r) acc[r] = _mm512_fmadd_ps(wv, _mm512_loadu_ps(x + r * in + i), acc[r]);
    }
    float lanes[Rows][kLanes];
    for (int r = 0; r < Rows; ++r) _mm512_storeu_ps(lanes[r], acc[r]);
    finish_rows<Rows>(lanes, x, wr, in, body, out, o, y);
  }
}

// AVX2: the same 16 lanes as two ymm registers.
template <int Rows>
__attribute__((target("avx2,fma"))) void rows_avx2(const float* x, const float* w, int64_t in, int64_t out,
                                                   int64_t o0, int64_t o1, float* y) {
  const int64_t body = in - in % kLanes;
  for (int64_t o = o0; o < o1; ++o) {
    const float* wr = w + o * in;
    __m256 lo[Rows], hi[Rows];
    for (int r = 0; r < Rows; ++r) lo[r] = hi[r] = _mm256_setzero_ps();
    for (int64_t i = 0; i < body; i += kLanes) {
      const __m256 wl = _mm256_loadu_ps(wr + i), wh = _mm256_loadu_ps(wr + i + 8);
      for (int r = 0; r < Rows; ++r) {
        lo[r] = _mm256_fmadd_ps(wl, _mm256_loadu_ps(x + r * in + i), lo[r]);
        hi[r] = _mm256_fmadd_ps(wh, _mm256_loadu_ps(x + r * in + i + 8), hi[r]);
      }
    }
    float lanes[Rows][kLanes];
    for (int r = 0; r < Rows; ++r) {
      _mm256_storeu_ps(lanes[r], lo[r]);
      _mm256_storeu_ps(lanes[r] + 8, hi[r]);
    }
    finish_rows<Rows>(lanes, x, wr, in, body, out, o, y);
  }
}

#endif

// Any CPU: plain loops in the same lane order.
template <int Rows>
void rows_generic(const float* x, const float* w, int64_t in, int64_t out, int64_t o0, int64_t o1, float* y) {
  const int64_t body = in - in % kLanes;
  for (int64_t o = o0; o < o1; ++o) {
    const float* wr = w + o * in;
    float lanes[Rows][kLanes] = {};
    for (int64_t i = 0; i < body; i += kLanes)
      for (int r = 0; r < Rows; ++r)
        for (int64_t l = 0; l < kLanes; ++l) lanes[r][l] += wr[i + l] * x[r * in + i + l];
    finish_rows<Rows>(lanes, x, wr, in, body, out, o, y);
  }
}

using Kernel = void (*)(const float*, const float*, int64_t, int64_t, int64_t, int64_t, float*);
using KernelTable = std::array<Kernel, kSmallRowsMax>;  // entry r - 1 takes r rows

template <template <int> class Family, std::size_t... R>
constexpr KernelTable table(std::index_sequence<R...>) {
  return {Family<int(R) + 1>::run...};
}
#if defined(__x86_64__)
template <int Rows>
struct Avx512 {
  static constexpr Kernel run = rows_avx512<Rows>;
};
template <int Rows>
struct Avx2 {
  static constexpr Kernel run = rows_avx2<Rows>;
};
#endif
template <int Rows>
struct Generic {
  static constexpr Kernel run = rows_generic<Rows>;
};

struct Dispatch {
  KernelTable kernels;
  const char* isa;
};

const Dispatch& dispatch() {
  static const Dispatch chosen = [] {
    __builtin_cpu_init();
    constexpr auto rows = std::make_index_sequence<kSmallRowsMax>();
    if (__builtin_cpu_supports("avx512f")) return Dispatch{table<Avx512>(rows), "avx512f"};
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return Dispatch{table<Avx2>(rows), "avx2"};
    return Dispatch{table<Generic>(rows), "generic"};
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
  const Kernel kernel = dispatch().kernels[rows - 1];
  // A chunk of at least 256 weight rows: smaller ones cost more to hand out than to compute.
  at::parallel_for(0, out, 256, [&](int64_t o0, int64_t o1) { kernel(xp, wp, in, out, o0, o1, yp); });
  return y;
}

const char* small_rows_dense_isa() { return dispatch().isa; }

}  // namespace l2s::layers

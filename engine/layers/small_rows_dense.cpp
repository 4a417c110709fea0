#include "engine/layers/small_rows_dense.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <c10/core/GradMode.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include <array>
#include <cstring>
#include <utility>

namespace l2s::layers {
namespace {

constexpr int64_t kLanes = 16;  // partial sums per dot product: one zmm, two ymm

// bfloat16 is the top half of a float32: widening is a 16-bit shift.
using Bf16 = uint16_t;
inline float widen(float w) { return w; }
inline float widen(Bf16 w) {
  const uint32_t bits = uint32_t(w) << 16;
  float value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

// A kernel computes y[r][o] = sum_i x[r][i] * w[o][i] in vector lanes, adds
// the lanes up in a fixed pattern, then adds the tail beyond the last
// multiple of 16 in order. Each row goes through the same steps, so its
// result does not depend on the other rows computed with it.
template <typename W>
inline float add_tail(float sum, const float* x, const W* wr, int64_t body, int64_t in) {
  for (int64_t i = body; i < in; ++i) sum += widen(wr[i]) * x[i];
  return sum;
}

#if defined(__x86_64__)
__attribute__((target("avx512f"))) inline __m512 load16(const float* p) { return _mm512_loadu_ps(p); }
__attribute__((target("avx512f"))) inline __m512 load16(const Bf16* p) {
  const __m256i half = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
  return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(half), 16));
}

// AVX-512: one weight vector loaded once per 16 columns, two registers of
// partial sums per row (even and odd 16-column blocks), so each chain of
// dependent multiply-adds is half as long and the next weight row's reads
// start sooner.
template <typename W, int Rows>
__attribute__((target("avx512f"))) void rows_avx512(const float* x, const W* w, int64_t in, int64_t out, int64_t o0,
                                                    int64_t o1, float* y) {
  const int64_t body = in - in % kLanes, pairs = in - in % (2 * kLanes);
  for (int64_t o = o0; o < o1; ++o) {
    const W* wr = w + o * in;
    __m512 even[Rows], odd[Rows];
    for (int r = 0; r < Rows; ++r) even[r] = odd[r] = _mm512_setzero_ps();
    for (int64_t i = 0; i < pairs; i += 2 * kLanes) {
      const __m512 we = load16(wr + i), wo = load16(wr + i + kLanes);
      for (int r = 0; r < Rows; ++r) {
        even[r] = _mm512_fmadd_ps(we, _mm512_loadu_ps(x + r * in + i), even[r]);
        odd[r] = _mm512_fmadd_ps(wo, _mm512_loadu_ps(x + r * in + i + kLanes), odd[r]);
      }
    }
    if (pairs < body) {
      const __m512 we = load16(wr + pairs);
      for (int r = 0; r < Rows; ++r) even[r] = _mm512_fmadd_ps(we, _mm512_loadu_ps(x + r * in + pairs), even[r]);
    }
    // A shuffle tree per row, not a chain of dependent additions.
    for (int r = 0; r < Rows; ++r)
      y[r * out + o] = add_tail(_mm512_reduce_add_ps(_mm512_add_ps(even[r], odd[r])), x + r * in, wr, body, in);
  }
}

__attribute__((target("avx2,fma"))) inline __m256 load8(const float* p) { return _mm256_loadu_ps(p); }
__attribute__((target("avx2,fma"))) inline __m256 load8(const Bf16* p) {
  const __m128i half = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(half), 16));
}

__attribute__((target("avx2,fma"))) inline float sum8(__m256 v) {
  const __m128 half = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  const __m128 quarter = _mm_add_ps(half, _mm_movehl_ps(half, half));
  return _mm_cvtss_f32(_mm_add_ss(quarter, _mm_shuffle_ps(quarter, quarter, 1)));
}

// AVX2: the same 16 lanes as two ymm registers.
template <typename W, int Rows>
__attribute__((target("avx2,fma"))) void rows_avx2(const float* x, const W* w, int64_t in, int64_t out, int64_t o0,
                                                   int64_t o1, float* y) {
  const int64_t body = in - in % kLanes;
  for (int64_t o = o0; o < o1; ++o) {
    const W* wr = w + o * in;
    __m256 lo[Rows], hi[Rows];
    for (int r = 0; r < Rows; ++r) lo[r] = hi[r] = _mm256_setzero_ps();
    for (int64_t i = 0; i < body; i += kLanes) {
      const __m256 wl = load8(wr + i), wh = load8(wr + i + 8);
      for (int r = 0; r < Rows; ++r) {
        lo[r] = _mm256_fmadd_ps(wl, _mm256_loadu_ps(x + r * in + i), lo[r]);
        hi[r] = _mm256_fmadd_ps(wh, _mm256_loadu_ps(x + r * in + i + 8), hi[r]);
      }
    }
    for (int r = 0; r < Rows; ++r) y[r * out + o] = add_tail(sum8(_mm256_add_ps(lo[r], hi[r])), x + r * in, wr, body, in);
  }
}
#endif

// Any CPU: plain loops in the same lane order.
template <typename W, int Rows>
void rows_generic(const float* x, const W* w, int64_t in, int64_t out, int64_t o0, int64_t o1, float* y) {
  const int64_t body = in - in % kLanes;
  for (int64_t o = o0; o < o1; ++o) {
    const W* wr = w + o * in;
    float lanes[Rows][kLanes] = {};
    for (int64_t i = 0; i < body; i += kLanes)
      for (int r = 0; r < Rows; ++r)
        for (int64_t l = 0; l < kLanes; ++l) lanes[r][l] += widen(wr[i + l]) * x[r * in + i + l];
    for (int r = 0; r < Rows; ++r) {
      float sum = 0;
      for (int64_t l = 0; l < kLanes; ++l) sum += lanes[r][l];
      y[r * out + o] = add_tail(sum, x + r * in, wr, body, in);
    }
  }
}

template <typename W>
using Kernel = void (*)(const float*, const W*, int64_t, int64_t, int64_t, int64_t, float*);
template <typename W>
using KernelTable = std::array<Kernel<W>, kSmallRowsMax>;  // entry r - 1 takes r rows

#if defined(__x86_64__)
template <typename W, std::size_t... R>
constexpr KernelTable<W> avx512_table(std::index_sequence<R...>) { return {rows_avx512<W, int(R) + 1>...}; }
template <typename W, std::size_t... R>
constexpr KernelTable<W> avx2_table(std::index_sequence<R...>) { return {rows_avx2<W, int(R) + 1>...}; }
#endif
template <typename W, std::size_t... R>
constexpr KernelTable<W> generic_table(std::index_sequence<R...>) { return {rows_generic<W, int(R) + 1>...}; }

struct Dispatch {
  KernelTable<float> f32;
  KernelTable<Bf16> bf16;
  const char* isa;
};

const Dispatch& dispatch() {
  static const Dispatch chosen = [] {
    constexpr auto rows = std::make_index_sequence<kSmallRowsMax>();
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f"))
      return Dispatch{avx512_table<float>(rows), avx512_table<Bf16>(rows), "avx512f"};
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
      return Dispatch{avx2_table<float>(rows), avx2_table<Bf16>(rows), "avx2"};
#endif
    return Dispatch{generic_table<float>(rows), generic_table<Bf16>(rows), "generic"};
  }();
  return chosen;
}

template <typename W>
void run(const KernelTable<W>& kernels, const at::Tensor& x, const W* w, int64_t out, at::Tensor& y) {
  const int64_t rows = x.size(0), in = x.size(1);
  const float* xp = x.data_ptr<float>();
  float* yp = y.data_ptr<float>();
  const Kernel<W> kernel = kernels[rows - 1];
  // A chunk of at least 256 weight rows: smaller ones cost more to hand out than to compute.
  at::parallel_for(0, out, 256, [&](int64_t o0, int64_t o1) { kernel(xp, w, in, out, o0, o1, yp); });
}

}  // namespace

bool small_rows_dense_applies(const at::Tensor& x2d, const at::Tensor& weight) {
  const bool wants_grad = at::GradMode::is_enabled() && (x2d.requires_grad() || weight.requires_grad());
  const bool weight_type = weight.scalar_type() == at::kFloat || weight.scalar_type() == at::kBFloat16;
  return !wants_grad && x2d.dim() == 2 && x2d.size(0) >= 1 && x2d.size(0) <= kSmallRowsMax &&
         x2d.scalar_type() == at::kFloat && weight_type && x2d.device().is_cpu() && weight.device().is_cpu() &&
         weight.dim() == 2 && weight.is_contiguous() && x2d.size(1) == weight.size(1);
}

at::Tensor small_rows_dense(const at::Tensor& x2d, const at::Tensor& weight) {
  const at::Tensor x = x2d.contiguous();
  const int64_t out = weight.size(0);
  at::Tensor y = at::empty({x.size(0), out}, x.options());
  if (weight.scalar_type() == at::kBFloat16)
    run(dispatch().bf16, x, reinterpret_cast<const Bf16*>(weight.data_ptr<at::BFloat16>()), out, y);
  else
    run(dispatch().f32, x, weight.data_ptr<float>(), out, y);
  return y;
}

const char* small_rows_dense_isa() { return dispatch().isa; }

}  // namespace l2s::layers

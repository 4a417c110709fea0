#include "engine/layers/rotary.h"

#include <ATen/ATen.h>

namespace l2s::layers {

at::Tensor rotary_inverse_frequencies(int64_t head_dim, double theta) {
  // 1.0 / (theta ** (arange(0, dim, 2).float() / dim)), as transformers writes it.
  at::Tensor exponents = at::arange(0, head_dim, 2, at::kLong).to(at::kFloat) / static_cast<double>(head_dim);
  return at::reciprocal(at::pow(theta, exponents));
}

RotaryTables rotary_tables(const at::Tensor& inv_freq, const at::Tensor& positions, double linear_factor) {
  at::Tensor t = positions.to(at::kFloat);
  if (linear_factor != 1.0) t = t / linear_factor;
  at::Tensor freqs = t.unsqueeze(-1) * inv_freq;  // the outer product, one rounding per element
  at::Tensor angles = at::cat({freqs, freqs}, -1);
  return {angles.cos(), angles.sin()};
}

at::Tensor apply_rotary(const at::Tensor& x, const RotaryTables& tables) {
  const int64_t half = x.size(-1) / 2;
  at::Tensor rotated = at::cat({-x.narrow(-1, half, half), x.narrow(-1, 0, half)}, -1);
  // [B, L, D] -> [B, 1, L, D]: every head shares the table.
  return x * tables.cos.unsqueeze(1) + rotated * tables.sin.unsqueeze(1);
}

}  // namespace l2s::layers

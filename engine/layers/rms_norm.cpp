#include "engine/layers/rms_norm.h"

#include <ATen/ATen.h>

namespace l2s::layers {

at::Tensor rms_norm(const at::Tensor& x, const at::Tensor& weight, double eps) {
  auto variance = x.pow(2).mean(-1, /*keepdim=*/true);
  return weight * (x * at::rsqrt(variance + eps));
}

}  // namespace l2s::layers

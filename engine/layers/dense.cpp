#include "engine/layers/dense.h"

#include <ATen/ATen.h>

namespace l2s::layers {

at::Tensor dense(const at::Tensor& x, const at::Tensor& weight) {
  const int64_t in = weight.size(1);
  if (x.numel() == in) {
    auto out_shape = x.sizes().vec();
    out_shape.back() = weight.size(0);
    return at::mv(weight, x.reshape({in})).view(out_shape);
  }
  return at::matmul(x, weight.t());
}

at::Tensor dropout(const at::Tensor& x, double p) {
  return p > 0 ? at::dropout(x, p, /*train=*/true) : x;
}

}  // namespace l2s::layers

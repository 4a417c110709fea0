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

int64_t weight_bytes(std::initializer_list<at::Tensor> weights) {
  int64_t bytes = 0;
  for (const at::Tensor& w : weights)
    if (w.defined()) bytes += static_cast<int64_t>(w.nbytes());
  return bytes;
}

at::Tensor dropout(const at::Tensor& x, double p) {
  return p > 0 ? at::dropout(x, p, /*train=*/true) : x;
}

}  // namespace l2s::layers

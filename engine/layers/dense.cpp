#include "engine/layers/dense.h"

#include <ATen/ATen.h>

#include "engine/layers/small_rows_dense.h"

namespace l2s::layers {

at::Tensor dense(const at::Tensor& x, const at::Tensor& weight) {
  const int64_t in = weight.size(1);
  const int64_t rows = in > 0 ? x.numel() / in : 0;
  if (rows >= 1 && rows <= kSmallRowsMax) {
    const at::Tensor x2d = x.reshape({rows, in});
    if (small_rows_dense_applies(x2d, weight)) {
      auto out_shape = x.sizes().vec();
      out_shape.back() = weight.size(0);
      return small_rows_dense(x2d, weight).view(out_shape);
    }
  }
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

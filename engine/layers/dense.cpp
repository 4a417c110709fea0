#include "engine/layers/dense.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include "engine/layers/small_rows_dense.h"

namespace l2s::layers {

at::Tensor dense(const at::Tensor& x, const at::Tensor& weight) {
  const int64_t in = weight.size(1);
  const int64_t rows = in > 0 ? x.numel() / in : 0;
  // One float32 row on several threads stays with OpenBLAS's threaded sgemv:
  // there the kernel, split across threads, showed no gain in same-run
  // benches of the default pack; on one thread it is faster (3.3-3.9 against
  // 5.0 ms per LLM token).
  const bool threaded_single_row = rows == 1 && at::get_num_threads() > 1 && weight.scalar_type() == at::kFloat;
  if (rows >= 1 && rows <= kSmallRowsMax && !threaded_single_row) {
    const at::Tensor x2d = x.reshape({rows, in});
    if (small_rows_dense_applies(x2d, weight)) {
      auto out_shape = x.sizes().vec();
      out_shape.back() = weight.size(0);
      return small_rows_dense(x2d, weight).view(out_shape);
    }
  }
  // Reduced-precision weights (EngineOptions::dtype) beyond the kernel's rows:
  // widened for this product, so the arithmetic stays float32.
  if (weight.scalar_type() != x.scalar_type()) return at::matmul(x, weight.to(x.scalar_type()).t());
  if (x.numel() == in) {
    auto out_shape = x.sizes().vec();
    out_shape.back() = weight.size(0);
    return at::mv(weight, x.reshape({in})).view(out_shape);
  }
  return at::matmul(x, weight.t());
}

void store_as(at::ScalarType dtype, std::initializer_list<at::Tensor*> matrices) {
  for (at::Tensor* m : matrices)
    if (m->defined()) *m = m->to(dtype).contiguous();
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

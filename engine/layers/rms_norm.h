#pragma once
#include <ATen/core/Tensor.h>

namespace l2s::layers {

// T5LayerNorm: scale by the root mean square, no mean subtraction, no bias.
at::Tensor rms_norm(const at::Tensor& x, const at::Tensor& weight, double eps);

}  // namespace l2s::layers

#include "engine/layers/feed_forward.h"

#include <ATen/ATen.h>

#include "engine/layers/dense.h"

namespace l2s::layers {

at::Tensor activate(const at::Tensor& x, Activation activation) {
  switch (activation) {
    case Activation::Relu: return at::relu(x);
    case Activation::Gelu: return at::gelu(x);
    case Activation::GeluTanh: return at::gelu(x, "tanh");
    case Activation::Silu: return at::silu(x);
  }
  return x;
}

at::Tensor feed_forward(const at::Tensor& x, const FeedForwardWeights& w, Activation activation, double dropout_p) {
  at::Tensor hidden = activate(dense(x, w.wi), activation);
  if (w.wi_1.defined()) hidden = hidden * dense(x, w.wi_1);
  return dense(dropout(hidden, dropout_p), w.wo);
}

}  // namespace l2s::layers

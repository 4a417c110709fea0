#pragma once
#include <ATen/core/Tensor.h>

#include "engine/models/t5_config.h"

namespace l2s::layers {

// T5's feed-forward block: wo(act(wi x)) or, gated (v1.1), wo(act(wi_0 x) * wi_1 x).
struct FeedForwardWeights {
  at::Tensor wi;    // [d_ff, d_model] (wi_0 when gated)
  at::Tensor wi_1;  // [d_ff, d_model], gated only
  at::Tensor wo;    // [d_model, d_ff]
};

at::Tensor activate(const at::Tensor& x, Activation activation);

at::Tensor feed_forward(const at::Tensor& x, const FeedForwardWeights& w, Activation activation, double dropout_p);

}  // namespace l2s::layers

#pragma once
// Cross-entropy with label smoothing, as torch.nn.CrossEntropyLoss computes
// it: the target distribution puts 1 - eps on the label and eps / V on every
// token (the label included), so per position
//   loss = -(1 - eps) * log p(label) - (eps / V) * sum_v log p(v).
#include <ATen/core/Tensor.h>

namespace l2s::training {

// Decoder states [B, T, d] and labels [B, T] -> the states and labels of the
// positions that count (label != kIgnoreLabel), [N, d] and [N]: the
// vocabulary projection then runs on real tokens only.
struct TargetPositions {
  at::Tensor hidden;  // [N, d]
  at::Tensor labels;  // [N]
};
TargetPositions select_target_positions(const at::Tensor& hidden, const at::Tensor& labels);

// The loss summed over positions, for logits [N, V] and labels [N];
// positions labelled kIgnoreLabel add nothing. A 0-dim float tensor.
at::Tensor smoothed_cross_entropy_sum(const at::Tensor& logits, const at::Tensor& labels, double smoothing);

}  // namespace l2s::training

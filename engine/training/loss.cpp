#include "engine/training/loss.h"

#include <ATen/ATen.h>

#include "engine/training/training_batch.h"

namespace l2s::training {

TargetPositions select_target_positions(const at::Tensor& hidden, const at::Tensor& labels) {
  at::Tensor flat_labels = labels.reshape({-1});
  at::Tensor keep = (flat_labels != kIgnoreLabel).nonzero().squeeze(1);
  return {hidden.reshape({-1, hidden.size(-1)}).index_select(0, keep), flat_labels.index_select(0, keep)};
}

at::Tensor smoothed_cross_entropy_sum(const at::Tensor& logits, const at::Tensor& labels, double smoothing) {
  at::Tensor counted = labels != kIgnoreLabel;
  at::Tensor safe_labels = at::where(counted, labels, at::zeros_like(labels));
  at::Tensor log_probs = at::log_softmax(logits.to(at::kFloat), -1);
  at::Tensor nll = -log_probs.gather(1, safe_labels.unsqueeze(1)).squeeze(1);
  at::Tensor per_position = nll;
  if (smoothing > 0) per_position = (1.0 - smoothing) * nll - smoothing * log_probs.mean(-1);
  return (per_position * counted.to(at::kFloat)).sum();
}

}  // namespace l2s::training

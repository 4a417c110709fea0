#pragma once
// Reading conformance vectors (golden.safetensors, tensors named
// "<case>.<name>") and comparing the engine's outputs with them.
#include <ATen/ATen.h>

#include <cmath>
#include <string>

#include "engine/io/checkpoint.h"

namespace l2s::testing {

// Largest |a - b|, infinite for different shapes. With a mask [B, L] (a and b
// [B, L, ...]) only where it is 1: values at padding are not meaningful.
inline double max_abs_diff(const at::Tensor& a, const at::Tensor& b, const at::Tensor& mask = {}) {
  if (a.sizes() != b.sizes()) return INFINITY;
  at::Tensor diff = (a.to(at::kDouble) - b.to(at::kDouble)).abs();
  if (mask.defined()) {
    at::Tensor keep = mask.to(at::kBool);
    while (keep.dim() < diff.dim()) keep = keep.unsqueeze(-1);
    diff = diff.masked_fill(keep.logical_not(), 0.0);
  }
  return diff.max().item<double>();
}

struct Golden {
  io::Checkpoint file;
  at::Tensor get(const std::string& case_name, const std::string& name) const {
    return file.load(case_name + "." + name);
  }
  bool has(const std::string& case_name, const std::string& name) const {
    return file.contains(case_name + "." + name);
  }
  // The case's attention_mask, or all ones when it has none.
  at::Tensor mask(const std::string& case_name) const {
    return has(case_name, "attention_mask") ? get(case_name, "attention_mask")
                                            : at::ones_like(get(case_name, "input_ids"));
  }
};

}  // namespace l2s::testing

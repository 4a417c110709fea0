#pragma once
// AdamW (Loshchilov & Hutter): Adam with bias correction and weight decay
// decoupled from the gradient, step for step as torch.optim.AdamW
// (amsgrad off), optionally with Adafactor's relative step size. Its state
// saves to and loads from safetensors.
#include <ATen/core/Tensor.h>

#include <string>
#include <vector>

#include "engine/training/parameters.h"

namespace l2s::training {

struct AdamWOptions {
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  double weight_decay = 0.01;  // applied to parameters with weight_decay set only
  // Scale each tensor's step by max(1e-3, RMS(tensor)), as Adafactor does.
  // T5 has no 1/sqrt(d_kv) in attention: its query weights start ~100x
  // smaller than its embeddings, and a plain Adam step of the same absolute
  // size inflates them, which stalls deep T5 models trained from scratch.
  bool scale_by_parameter_rms = false;
};

class AdamW {
 public:
  AdamW(std::vector<NamedParameter> parameters, AdamWOptions options);

  // One update with learning rate `lr` from the parameters' gradients
  // (parameters without a gradient are left alone, as torch does).
  void step(double lr);
  void zero_grad();
  int64_t steps() const { return steps_; }
  const std::vector<NamedParameter>& parameters() const { return parameters_; }

  // "exp_avg.NAME" and "exp_avg_sq.NAME" per parameter; the step count in
  // the metadata.
  void save(const std::string& path) const;
  // Throws l2s::Error naming the file if a tensor is missing or misshapen.
  void load(const std::string& path);

  // The moments of parameter `name` (tests).
  const at::Tensor& exp_avg(std::size_t index) const { return exp_avg_[index]; }
  const at::Tensor& exp_avg_sq(std::size_t index) const { return exp_avg_sq_[index]; }

 private:
  std::vector<NamedParameter> parameters_;
  AdamWOptions options_;
  std::vector<at::Tensor> exp_avg_, exp_avg_sq_;
  int64_t steps_ = 0;
};

}  // namespace l2s::training

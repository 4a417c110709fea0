#include "engine/training/adamw.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>

#include "l2s/error.h"
#include "engine/io/checkpoint.h"

namespace l2s::training {

AdamW::AdamW(std::vector<NamedParameter> parameters, AdamWOptions options)
    : parameters_(std::move(parameters)), options_(options) {
  for (const auto& p : parameters_) {
    exp_avg_.push_back(at::zeros_like(p.tensor, at::MemoryFormat::Contiguous).detach());
    exp_avg_sq_.push_back(at::zeros_like(p.tensor, at::MemoryFormat::Contiguous).detach());
  }
}

void AdamW::step(double lr) {
  at::NoGradGuard no_grad;
  ++steps_;
  const double b1 = options_.beta1, b2 = options_.beta2;
  const double bias_correction1 = 1.0 - std::pow(b1, static_cast<double>(steps_));
  const double bias_correction2_sqrt = std::sqrt(1.0 - std::pow(b2, static_cast<double>(steps_)));
  const double step_size = lr / bias_correction1;
  for (std::size_t i = 0; i < parameters_.size(); ++i) {
    at::Tensor& param = parameters_[i].tensor;
    const at::Tensor& grad = param.grad();
    if (!grad.defined()) continue;
    double scale = 1.0;
    if (options_.scale_by_parameter_rms) {  // RMS = L2 norm / sqrt(n), with no temporary tensor
      const double rms = param.norm().item<double>() / std::sqrt(static_cast<double>(param.numel()));
      scale = std::max(1e-3, rms);
    }
    if (parameters_[i].weight_decay && options_.weight_decay != 0) param.mul_(1.0 - lr * options_.weight_decay);
    exp_avg_[i].mul_(b1).add_(grad, 1.0 - b1);
    exp_avg_sq_[i].mul_(b2).addcmul_(grad, grad, 1.0 - b2);
    at::Tensor denom = (exp_avg_sq_[i].sqrt() / bias_correction2_sqrt).add_(options_.eps);
    param.addcdiv_(exp_avg_[i], denom, -step_size * scale);
  }
}

void AdamW::zero_grad() {
  for (auto& p : parameters_) p.tensor.mutable_grad() = at::Tensor();
}

void AdamW::save(const std::string& path) const {
  std::vector<std::pair<std::string, at::Tensor>> tensors;
  for (std::size_t i = 0; i < parameters_.size(); ++i) {
    tensors.emplace_back("exp_avg." + parameters_[i].name, exp_avg_[i]);
    tensors.emplace_back("exp_avg_sq." + parameters_[i].name, exp_avg_sq_[i]);
  }
  io::save_tensors(path, tensors, io::StorageDType::F32,
                   {{"optimizer", "adamw"}, {"step", std::to_string(steps_)}});
}

void AdamW::load(const std::string& path) {
  io::Checkpoint file = io::Checkpoint::open_file(path);
  std::vector<at::Tensor> avg, avg_sq;
  auto load_moment = [&](const std::string& name, const at::Tensor& param) {
    if (!file.contains(name)) throw Error(path + ": optimizer tensor '" + name + "' is missing");
    at::Tensor tensor = file.load_float(name).clone();  // off the read-only mapping
    if (tensor.sizes() != param.sizes())
      throw Error(path + ": optimizer tensor '" + name + "' does not match the parameter's shape");
    return tensor;
  };
  for (const auto& p : parameters_) {
    avg.push_back(load_moment("exp_avg." + p.name, p.tensor));
    avg_sq.push_back(load_moment("exp_avg_sq." + p.name, p.tensor));
  }
  // The step count travels in the header metadata.
  io::SafetensorsFile header = io::SafetensorsFile::open(path);
  auto step = header.metadata().find("step");
  char* end = nullptr;
  const long long steps = step == header.metadata().end() ? -1 : std::strtoll(step->second.c_str(), &end, 10);
  if (steps < 0 || end == nullptr || *end != '\0') throw Error(path + ": no valid optimizer step count in the metadata");
  steps_ = steps;
  exp_avg_ = std::move(avg);
  exp_avg_sq_ = std::move(avg_sq);
}

}  // namespace l2s::training

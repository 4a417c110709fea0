#include "engine/training/parameters.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

#include <cmath>

namespace l2s::training {
namespace {

at::Tensor writable_leaf(const at::Tensor& tensor) {
  at::Tensor copy = tensor.detach().to(at::kFloat).clone().contiguous();
  copy.requires_grad_(true);
  return copy;
}

// `visit(visitor)` walks a model's named parameters.
template <class Visit>
std::vector<NamedParameter> collect(const Visit& visit, const std::string& prefix) {
  std::vector<NamedParameter> parameters;
  visit([&](const std::string& name, at::Tensor& tensor, const std::vector<int64_t>&) {
    tensor = writable_leaf(tensor);
    parameters.push_back({prefix + name, tensor, tensor.dim() >= 2});
  });
  return parameters;
}

}  // namespace

// The family re-ties shared tensors (a tied LM head) after its visit.
std::vector<NamedParameter> make_trainable(LanguageModel& model, const std::string& prefix) {
  return collect([&](const ParameterVisitor& visitor) { model.visit_parameters(visitor); }, prefix);
}

std::vector<NamedParameter> make_trainable(ProjectorWeights& weights, const ProjectorConfig& config,
                                           const std::string& prefix) {
  return collect([&](const ProjectorWeights::Visitor& visitor) { weights.visit(config, visitor); }, prefix);
}

int64_t count_elements(const std::vector<NamedParameter>& parameters) {
  int64_t total = 0;
  for (const auto& p : parameters) total += p.tensor.numel();
  return total;
}

double clip_gradient_norm(const std::vector<NamedParameter>& parameters, double max_norm) {
  at::NoGradGuard no_grad;
  std::vector<at::Tensor> squares;
  for (const auto& p : parameters)
    if (p.tensor.grad().defined()) squares.push_back(p.tensor.grad().pow(2).sum());
  if (squares.empty()) return 0.0;
  const double norm = std::sqrt(at::stack(squares).sum().item<double>());
  if (max_norm > 0 && norm > max_norm) {
    // torch.nn.utils.clip_grad_norm_'s coefficient, epsilon included.
    const double scale = max_norm / (norm + 1e-6);
    for (const auto& p : parameters)
      if (p.tensor.grad().defined()) p.tensor.mutable_grad().mul_(scale);
  }
  return norm;
}

}  // namespace l2s::training

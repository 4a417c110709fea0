#pragma once
// The trainable tensors of a model, by name. Checkpoint tensors may alias
// read-only file mappings, so training first gives every parameter its own
// writable copy.
#include <ATen/core/Tensor.h>

#include <string>
#include <vector>

#include "engine/models/language_model.h"
#include "engine/models/projector.h"

namespace l2s::training {

struct NamedParameter {
  std::string name;
  at::Tensor tensor;  // a leaf that requires grad, shared with the model's weights
  bool weight_decay = true;  // false for 1-D tensors: layer-norm scales and biases
};

// Replaces every parameter with a writable copy that requires grad (and
// re-ties a tied lm_head), and lists them with names prefixed by `prefix`.
std::vector<NamedParameter> make_trainable(LanguageModel& model, const std::string& prefix);
std::vector<NamedParameter> make_trainable(ProjectorWeights& weights, const ProjectorConfig& config,
                                           const std::string& prefix);

int64_t count_elements(const std::vector<NamedParameter>& parameters);

// Rescales all gradients so their global L2 norm is at most `max_norm`
// (when max_norm > 0); returns the norm before clipping.
double clip_gradient_norm(const std::vector<NamedParameter>& parameters, double max_norm);

}  // namespace l2s::training

#pragma once
// Adapts a T5 decoder with its incremental state to the search strategies.
#include "engine/decoding/search.h"
#include "engine/models/t5_model.h"

namespace l2s {

class T5Stepper : public StepModel {
 public:
  T5Stepper(const T5Model& model, T5DecoderState state) : model_(model), state_(std::move(state)) {}
  at::Tensor step(const at::Tensor& ids) override { return model_.step(state_, ids); }
  void select_rows(const at::Tensor& index) override { state_.select_rows(index); }

 private:
  const T5Model& model_;
  T5DecoderState state_;
};

}  // namespace l2s

#pragma once
// T5 (model_type "t5") as a registered model family.
#include <memory>
#include <string>

#include "engine/models/language_model.h"
#include "engine/models/t5_model.h"

namespace l2s {

class T5LanguageModel : public LanguageModel {
 public:
  explicit T5LanguageModel(T5Model model);

  int64_t parameter_count() const override;
  int64_t encoder_parameter_count() const override;
  int64_t decode_step_weight_bytes() const override;
  void store_decode_matrices(at::ScalarType dtype) override;
  at::Tensor embed(const at::Tensor& ids) const override { return model_.embed(ids); }
  at::Tensor encode(const at::Tensor& ids, const at::Tensor& mask) const override;
  DecodeStart start(const PromptInput& prompt, int64_t max_new_tokens) const override;
  at::Tensor answer_hidden(const PromptInput& prompt, const at::Tensor& answer_inputs, double dropout) const override;
  at::Tensor logits(const at::Tensor& hidden) const override { return model_.logits(hidden); }
  void visit_parameters(const ParameterVisitor& visitor) override;
  void save(const std::string& dir) const override;
  double config_dropout() const override { return model_.config().dropout_rate; }

  const T5Model& model() const { return model_; }
  T5Model& model() { return model_; }

  // An encoder-decoder decodes encoder states it already has (the LLM's own
  // states in mode llm).
  DecodeStart start_from_states(const at::Tensor& encoder_states, const at::Tensor& mask,
                                int64_t max_new_tokens) const;

 private:
  T5Model model_;
};

ModelSpec t5_model_spec(const T5Config& config);
std::unique_ptr<LanguageModel> load_t5_language_model(const std::string& dir);
std::unique_ptr<LanguageModel> create_t5_language_model(const std::string& config_json, const std::string& source,
                                                        uint64_t seed);

}  // namespace l2s

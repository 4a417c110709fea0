#pragma once
// Llama (model_type "llama", LlamaForCausalLM) as a registered model family:
// a decoder-only model reads a prompt into its KV cache, then generates.
#include <memory>
#include <string>

#include "engine/models/language_model.h"
#include "engine/models/llama_model.h"

namespace l2s {

class LlamaLanguageModel : public LanguageModel {
 public:
  explicit LlamaLanguageModel(LlamaModel model);

  int64_t parameter_count() const override;
  int64_t decode_step_weight_bytes() const override;
  void store_decode_matrices(at::ScalarType dtype) override;
  at::Tensor embed(const at::Tensor& ids) const override { return model_.embed(ids); }
  DecodeStart start(const PromptInput& prompt, int64_t max_new_tokens) const override;
  at::Tensor answer_hidden(const PromptInput& prompt, const at::Tensor& answer_inputs, double dropout) const override;
  at::Tensor logits(const at::Tensor& hidden) const override { return model_.logits(hidden); }
  void visit_parameters(const ParameterVisitor& visitor) override;
  void save(const std::string& dir) const override;
  double config_dropout() const override { return model_.config().attention_dropout; }

  const LlamaModel& model() const { return model_; }

 private:
  LlamaModel model_;
};

ModelSpec llama_model_spec(const LlamaConfig& config);
std::unique_ptr<LanguageModel> load_llama_language_model(const std::string& dir);
std::unique_ptr<LanguageModel> create_llama_language_model(const std::string& config_json, const std::string& source,
                                                           uint64_t seed);

}  // namespace l2s

#include "engine/models/llama_family.h"

#include <ATen/ATen.h>

#include "l2s/error.h"
#include "engine/decoding/speculative.h"
#include "engine/io/checkpoint.h"
#include "engine/layers/dense.h"

namespace l2s {
namespace {

// The Llama decoder after its prompt: the prefill's last logits come first.
class LlamaDecoder : public StepModel, public RewindableDecoder {
 public:
  LlamaDecoder(const LlamaModel& model, LlamaState state, at::Tensor first_logits)
      : model_(model), state_(std::move(state)), first_(std::move(first_logits)) {}
  at::Tensor first() override { return first_; }
  at::Tensor step(const at::Tensor& ids) override { return model_.step(state_, ids); }
  void select_rows(const at::Tensor& index) override {
    state_.select_rows(index);
    first_ = first_.index_select(0, index);
  }
  at::Tensor read(const std::vector<int64_t>& tokens) override {
    return model_.logits(model_.forward(model_.embed(as_batch(tokens)), {}, {}, &state_)).squeeze(0);
  }
  int64_t length() const override { return state_.length(); }
  void rewind(int64_t length) override { state_.truncate(length); }

 private:
  const LlamaModel& model_;
  LlamaState state_;
  at::Tensor first_;
};

// All ones [B, L] when the prompt has no padding.
at::Tensor mask_or_ones(const at::Tensor& mask, const at::Tensor& embeddings) {
  return mask.defined() ? mask.to(at::kLong) : at::ones({embeddings.size(0), embeddings.size(1)}, at::kLong);
}

}  // namespace

ModelSpec llama_model_spec(const LlamaConfig& config) {
  ModelSpec spec;
  spec.family = "llama";
  spec.architecture = Architecture::DecoderOnly;
  spec.vocab_size = config.vocab_size;
  spec.d_model = config.hidden_size;
  spec.max_positions = config.max_position_embeddings;
  spec.pad_token_id = config.pad_token_id.value_or(-1);
  spec.bos_token_id = config.bos_token_id.value_or(-1);
  spec.eos_token_ids = config.eos_token_ids;
  // A model with no BOS (one sharing a T5 tokenizer) starts answers as T5 does, from its pad id.
  spec.answer_start_token_id = spec.bos_token_id >= 0 ? spec.bos_token_id : spec.padding_id();
  spec.prompt_adds_bos = spec.bos_token_id >= 0;
  spec.tokenizer_file = "tokenizer.model";
  return spec;
}

LlamaLanguageModel::LlamaLanguageModel(LlamaModel model)
    : LanguageModel(llama_model_spec(model.config())), model_(std::move(model)) {}

int64_t LlamaLanguageModel::parameter_count() const { return count_llama_parameters(model_.config()); }

void LlamaLanguageModel::store_decode_matrices(at::ScalarType dtype) {
  LlamaWeights& w = model_.weights();
  for (LlamaLayerWeights& layer : w.layers) {
    layers::AttentionWeights& a = layer.attention;
    layers::FeedForwardWeights& mlp = layer.mlp;
    layers::store_as(dtype, {&a.q, &a.k, &a.v, &a.o, &mlp.wi, &mlp.wi_1, &mlp.wo});
  }
  layers::store_as(dtype, {&w.lm_head});  // a copy of its own when tied: the embedding stays float32
}

int64_t LlamaLanguageModel::decode_step_weight_bytes() const {
  const LlamaWeights& w = model_.weights();
  int64_t bytes = layers::weight_bytes({w.final_norm, w.lm_head});
  for (const LlamaLayerWeights& l : w.layers)
    bytes += layers::weight_bytes({l.input_norm, l.attention.q, l.attention.k, l.attention.v, l.attention.o,
                                   l.post_attention_norm, l.mlp.wi, l.mlp.wi_1, l.mlp.wo});
  return bytes;
}

DecodeStart LlamaLanguageModel::start(const PromptInput& prompt, int64_t max_new_tokens) const {
  const int64_t length = prompt.embeddings.size(1);
  const int64_t limit = spec().max_positions;
  if (limit > 0 && length > limit)
    throw Error("the prompt has " + std::to_string(length) + " positions; this model reads at most " +
                std::to_string(limit) + " (max_position_embeddings)");
  LlamaState state = model_.start(prompt.embeddings.size(0), length + std::max<int64_t>(max_new_tokens, 1));
  at::Tensor first = model_.prefill(state, prompt.embeddings, prompt.mask);
  return {std::make_unique<LlamaDecoder>(model_, std::move(state), std::move(first)), prompt.ids};
}

at::Tensor LlamaLanguageModel::answer_hidden(const PromptInput& prompt, const at::Tensor& answer_inputs,
                                             double dropout) const {
  // One causal sequence: the prompt (its padding masked, positions counting
  // real tokens only), then the answer after it.
  const int64_t prompt_length = prompt.embeddings.size(1);
  at::Tensor answer = model_.embed(answer_inputs);
  at::Tensor embeddings = at::cat({prompt.embeddings, answer.to(prompt.embeddings.dtype())}, 1);
  at::Tensor mask = at::cat({mask_or_ones(prompt.mask, prompt.embeddings), at::ones_like(answer_inputs)}, 1);
  at::Tensor hidden = model_.forward(embeddings, mask, {}, nullptr, dropout);
  return hidden.slice(1, prompt_length);
}

void LlamaLanguageModel::visit_parameters(const ParameterVisitor& visitor) {
  model_.weights().visit(model_.config(), visitor);
  model_.weights().tie(model_.config());
}

void LlamaLanguageModel::save(const std::string& dir) const {
  save_llama_checkpoint(dir, model_.config(), model_.weights(), io::StorageDType::F32);
}

std::unique_ptr<LanguageModel> load_llama_language_model(const std::string& dir) {
  return std::make_unique<LlamaLanguageModel>(LlamaModel::load(dir));
}

std::unique_ptr<LanguageModel> create_llama_language_model(const std::string& config_json, const std::string& source,
                                                           uint64_t seed) {
  LlamaConfig config = LlamaConfig::from_json_text(config_json, source);
  LlamaWeights weights = init_llama_weights(config, seed);
  return std::make_unique<LlamaLanguageModel>(LlamaModel(std::move(config), std::move(weights)));
}

}  // namespace l2s

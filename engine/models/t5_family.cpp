#include "engine/models/t5_family.h"

#include <ATen/ATen.h>

#include "engine/decoding/speculative.h"
#include "engine/io/checkpoint.h"
#include "engine/layers/dense.h"

namespace l2s {
namespace {

// The T5 decoder with its incremental state, fed from the start token.
class T5Decoder : public StepModel, public RewindableDecoder {
 public:
  T5Decoder(const T5Model& model, T5DecoderState state, int64_t start_token)
      : model_(model), state_(std::move(state)), start_token_(start_token) {}
  at::Tensor first() override { return step(at::full({state_.batch_size()}, start_token_, at::kLong)); }
  at::Tensor step(const at::Tensor& ids) override { return model_.step(state_, ids); }
  void select_rows(const at::Tensor& index) override { state_.select_rows(index); }
  at::Tensor read(const std::vector<int64_t>& tokens) override {
    // One token takes step()'s cached position bias (a drafter's usual read).
    if (tokens.size() == 1) return model_.step(state_, at::full({1}, tokens.front(), at::kLong));
    return model_.steps(state_, as_batch(tokens)).squeeze(0);
  }
  int64_t length() const override { return state_.position; }
  void rewind(int64_t length) override { state_.truncate(length); }

 private:
  const T5Model& model_;
  T5DecoderState state_;
  int64_t start_token_;
};

int64_t count(T5Weights weights, const T5Config& config, bool encoder_only) {
  int64_t total = 0;
  weights.visit(config, [&](const std::string& name, at::Tensor& tensor, const std::vector<int64_t>&) {
    if (!encoder_only || name.rfind("decoder.", 0) != 0) total += tensor.numel();
  });
  return total;
}

}  // namespace

ModelSpec t5_model_spec(const T5Config& config) {
  ModelSpec spec;
  spec.family = "t5";
  spec.architecture = Architecture::EncoderDecoder;
  spec.vocab_size = config.vocab_size;
  spec.d_model = config.d_model;
  spec.pad_token_id = config.pad_token_id;
  spec.eos_token_ids = {config.eos_token_id};
  spec.answer_start_token_id = config.decoder_start_token_id;
  spec.prompt_adds_eos = true;
  spec.tokenizer_file = "spiece.model";
  return spec;
}

T5LanguageModel::T5LanguageModel(T5Model model) : LanguageModel(t5_model_spec(model.config())), model_(std::move(model)) {}

int64_t T5LanguageModel::parameter_count() const { return count(model_.weights(), model_.config(), false); }
int64_t T5LanguageModel::encoder_parameter_count() const { return count(model_.weights(), model_.config(), true); }

void T5LanguageModel::store_decode_matrices(at::ScalarType dtype) {
  // The decoder and the LM head only: the encoder runs once per prompt, as a
  // GEMM over all its tokens, where widening the weights each time would cost
  // more than the bytes saved.
  T5Weights& w = model_.weights();
  for (T5BlockWeights& block : w.decoder.blocks) {
    layers::AttentionWeights& self = block.self_attention;
    layers::AttentionWeights& cross = block.cross_attention;
    layers::FeedForwardWeights& ff = block.feed_forward;
    layers::store_as(dtype, {&self.q, &self.k, &self.v, &self.o, &cross.q, &cross.k, &cross.v, &cross.o, &ff.wi,
                             &ff.wi_1, &ff.wo});
  }
  layers::store_as(dtype, {&w.lm_head});  // a copy of its own when tied: the embedding stays float32
}

int64_t T5LanguageModel::decode_step_weight_bytes() const {
  // Cross-attention keys and values are projected once per prompt (start()).
  const T5Weights& w = model_.weights();
  int64_t bytes = layers::weight_bytes({w.decoder.final_norm, w.lm_head});
  for (const T5BlockWeights& b : w.decoder.blocks)
    bytes += layers::weight_bytes({b.self_attention_norm, b.self_attention.q, b.self_attention.k, b.self_attention.v,
                                   b.self_attention.o, b.cross_attention_norm, b.cross_attention.q,
                                   b.cross_attention.o, b.feed_forward_norm, b.feed_forward.wi, b.feed_forward.wi_1,
                                   b.feed_forward.wo});
  return bytes;
}

at::Tensor T5LanguageModel::encode(const at::Tensor& ids, const at::Tensor& mask) const {
  return model_.encode(ids, mask);
}

DecodeStart T5LanguageModel::start_from_states(const at::Tensor& encoder_states, const at::Tensor& mask,
                                               int64_t max_new_tokens) const {
  const int64_t start = spec().answer_start_token_id;
  return {std::make_unique<T5Decoder>(model_, model_.start(encoder_states, mask, max_new_tokens), start), {start}};
}

DecodeStart T5LanguageModel::start(const PromptInput& prompt, int64_t max_new_tokens) const {
  return start_from_states(model_.encode_embeddings(prompt.embeddings, prompt.mask), prompt.mask, max_new_tokens);
}

at::Tensor T5LanguageModel::answer_hidden(const PromptInput& prompt, const at::Tensor& answer_inputs,
                                          double dropout) const {
  at::Tensor states = model_.encode_embeddings(prompt.embeddings, prompt.mask, dropout);
  return model_.decode(answer_inputs, states, prompt.mask, dropout);
}

void T5LanguageModel::visit_parameters(const ParameterVisitor& visitor) {
  model_.weights().visit(model_.config(), visitor);
  model_.weights().tie(model_.config());
}

void T5LanguageModel::save(const std::string& dir) const {
  save_t5_checkpoint(dir, model_.config(), model_.weights(), io::StorageDType::F32);
}

std::unique_ptr<LanguageModel> load_t5_language_model(const std::string& dir) {
  return std::make_unique<T5LanguageModel>(T5Model::load(dir));
}

std::unique_ptr<LanguageModel> create_t5_language_model(const std::string& config_json, const std::string& source,
                                                        uint64_t seed) {
  T5Config config = T5Config::from_json_text(config_json, source);
  T5Weights weights = init_t5_weights(config, seed);
  return std::make_unique<T5LanguageModel>(T5Model(std::move(config), std::move(weights)));
}

}  // namespace l2s

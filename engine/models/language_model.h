#pragma once
// The interface every model family implements for generation and training,
// so decoding, packs, the LLM-to-SLM composition and the trainer never ask
// which family they hold. A family is this interface plus an entry in the
// registry (model_registry.h).
#include <ATen/core/Tensor.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/decoding/search.h"
#include "engine/models/model_spec.h"

namespace l2s {

// A prompt as the model reads it: input embeddings, so the LLM-to-SLM path
// can add projected LLM states to them.
struct PromptInput {
  at::Tensor embeddings;     // [B, S, d_model]
  at::Tensor mask;           // [B, S]: 1 for tokens, 0 for padding; undefined: no padding
  std::vector<int64_t> ids;  // batch 1: the prompt's ids in this model's vocabulary, when it has them
};

// A decoder ready to generate, and the tokens the search's penalties see
// before the answer (Hugging Face's decoder input ids).
struct DecodeStart {
  std::unique_ptr<StepModel> decoder;
  std::vector<int64_t> history;
};

using ParameterVisitor =
    std::function<void(const std::string& name, at::Tensor& tensor, const std::vector<int64_t>& shape)>;

class LanguageModel {
 public:
  virtual ~LanguageModel() = default;

  const ModelSpec& spec() const { return spec_; }

  // Token embeddings [B, S, d_model] of ids [B, S]; throws l2s::Error for ids
  // outside the vocabulary.
  virtual at::Tensor embed(const at::Tensor& ids) const = 0;

  // Encoder states [B, S, d_model] of ids [B, S] (the LLM's role in the
  // method). Throws l2s::Error for a family without an encoder.
  virtual at::Tensor encode(const at::Tensor& ids, const at::Tensor& mask) const;

  // Reads a prompt (an encoder-decoder encodes it, a decoder-only model
  // prefills its cache) and returns a decoder for up to `max_new_tokens`.
  virtual DecodeStart start(const PromptInput& prompt, int64_t max_new_tokens) const = 0;

  // Teacher-forced final hidden states [B, T, d_model] of an answer after a
  // prompt (training): `answer_inputs` [B, T] starts with
  // answer_start_token_id and is right-padded. `dropout` 0 evaluates.
  virtual at::Tensor answer_hidden(const PromptInput& prompt, const at::Tensor& answer_inputs,
                                   double dropout) const = 0;
  // Vocabulary logits [..., V] of final hidden states [..., d_model].
  virtual at::Tensor logits(const at::Tensor& hidden) const = 0;

  // Every weight with its Hugging Face name (for training, saving, counting).
  virtual void visit_parameters(const ParameterVisitor& visitor) = 0;
  // config.json + model.safetensors in Hugging Face layout, each file atomically.
  virtual void save(const std::string& dir) const = 0;
  // The dropout rate of the model's config (training's default).
  virtual double config_dropout() const = 0;

  virtual int64_t parameter_count() const = 0;
  // Parameters of the encoder only (what the LLM contributes in mode l2s).
  virtual int64_t encoder_parameter_count() const { return 0; }
  // Bytes of the weights one decode step reads (every decoder layer's and the
  // LM head's, not what start() applies once): the floor on a step's time is
  // this over the memory bandwidth. 0 when a family does not say.
  virtual int64_t decode_step_weight_bytes() const { return 0; }
  // Stores the matrices a decode step multiplies by (attention, feed-forward,
  // LM head) as `dtype` (EngineOptions::dtype "bf16": half the bytes each
  // step reads); the arithmetic stays float32. Inference only: training needs
  // float32 parameters.
  virtual void store_decode_matrices(at::ScalarType dtype) = 0;

 protected:
  explicit LanguageModel(ModelSpec spec) : spec_(std::move(spec)) {}

 private:
  ModelSpec spec_;
  // Applies generation_config.json's special ids.
  friend std::unique_ptr<LanguageModel> load_language_model(const std::string& dir);
};

// [1, S] batch of one prompt.
at::Tensor as_batch(const std::vector<int64_t>& ids);

// The prompt as a model reads its own ids; a decoder-only model answering a
// prompt (`answer` true) reads its answer start token after them, a plain
// continuation (`answer` false) does not.
PromptInput prompt_from_ids(const LanguageModel& model, const std::vector<int64_t>& ids, bool answer);

// Appends the answer start token to a decoder-only model's prompt (nothing
// for an encoder-decoder, whose decoder starts from it): where training put
// it, between the prompt and the answer.
PromptInput with_answer_start(const LanguageModel& model, PromptInput prompt);

}  // namespace l2s

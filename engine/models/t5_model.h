#pragma once
// A T5 encoder-decoder on libtorch, numerically faithful to Hugging Face
// transformers' T5ForConditionalGeneration. The same forward serves inference
// (with a KV cache) and training (with dropout).
#include <ATen/core/Tensor.h>

#include <string>
#include <vector>

#include "engine/layers/attention.h"
#include "engine/models/t5_config.h"
#include "engine/models/t5_weights.h"

namespace l2s {

// What the decoder needs to continue a sequence one token at a time: the
// cross-attention keys/values (computed once per prompt) and the
// self-attention KV cache.
struct T5DecoderState {
  std::vector<layers::CrossKeysValues> cross;
  std::vector<layers::KVCache> self;
  at::Tensor cross_mask_bias;  // [B, 1, 1, S]
  // Self-attention position bias of the last cache slot over all slots
  // [1, H, 1, capacity]: position p's row is its last p + 1 entries, so a
  // step slices it instead of bucketing relative positions again.
  at::Tensor self_position_bias;
  int64_t position = 0;        // tokens decoded so far
  int64_t batch_size() const;
  int64_t capacity() const;
  // Keeps the rows named by `index` (beam search reordering, finished rows).
  void select_rows(const at::Tensor& index);
  // Forgets every position from `length` on (speculative decoding rolls
  // rejected tokens back); throws l2s::Error if `length` exceeds position.
  void truncate(int64_t length);
};

class T5Model {
 public:
  T5Model(T5Config config, T5Weights weights);
  // Loads config.json and model.safetensors (or shards) from a Hugging Face
  // model folder. Throws l2s::Error naming the problem.
  static T5Model load(const std::string& dir);

  const T5Config& config() const { return config_; }
  T5Weights& weights() { return weights_; }
  const T5Weights& weights() const { return weights_; }

  // Token embeddings [B, S, d_model] of ids [B, S].
  at::Tensor embed(const at::Tensor& ids) const;

  // Encoder over token ids [B, S], or over input embeddings [B, S, d]
  // (the LLM-to-SLM path adds projected LLM states to them). `mask` [B, S] is
  // 1 for tokens and 0 for padding; undefined means no padding.
  at::Tensor encode(const at::Tensor& ids, const at::Tensor& mask, double dropout = 0) const;
  at::Tensor encode_embeddings(const at::Tensor& embeddings, const at::Tensor& mask, double dropout = 0) const;

  // Teacher-forced decoder hidden states [B, T, d] for decoder_ids [B, T].
  at::Tensor decode(const at::Tensor& decoder_ids, const at::Tensor& encoder_states, const at::Tensor& encoder_mask,
                    double dropout = 0) const;
  // Vocabulary logits of decoder hidden states (scaled by d_model^-0.5 first
  // when the head is tied to the embeddings, as T5 v1.0 does).
  at::Tensor logits(const at::Tensor& decoder_hidden) const;

  // Incremental decoding: start() prepares cross-attention for a prompt and a
  // cache for `capacity` tokens; step() feeds ids [B] and returns logits [B, V].
  T5DecoderState start(const at::Tensor& encoder_states, const at::Tensor& encoder_mask, int64_t capacity) const;
  at::Tensor step(T5DecoderState& state, const at::Tensor& ids) const;
  // Feeds ids [B, T] in one pass (each attends to the cache and to those
  // before it) and returns the logits [B, T, V] after each.
  at::Tensor steps(T5DecoderState& state, const at::Tensor& ids) const;

 private:
  at::Tensor run_decoder(const at::Tensor& decoder_ids, const std::vector<layers::CrossKeysValues>& cross,
                         const at::Tensor& cross_mask_bias, std::vector<layers::KVCache>* caches,
                         int64_t position, double dropout, const at::Tensor& self_bias = {}) const;

  T5Config config_;
  T5Weights weights_;
};

// Additive attention bias [B, 1, 1, S] from a 0/1 mask [B, S]: 0 where
// attention is allowed, the lowest float where it is not. Undefined in, undefined out.
at::Tensor mask_to_bias(const at::Tensor& mask);

}  // namespace l2s

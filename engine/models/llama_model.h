#pragma once
// A Llama-architecture decoder (LlamaForCausalLM) on libtorch, numerically
// faithful to Hugging Face transformers: pre-norm blocks with RMS norms,
// rotary positions (rotate_half), grouped key/value heads, SwiGLU MLPs, an LM
// head that is either separate or the token embeddings (unscaled). The same
// forward serves training (no cache) and inference (with a KV cache).
#include <ATen/core/Tensor.h>

#include <string>
#include <vector>

#include "engine/layers/attention.h"
#include "engine/models/llama_config.h"
#include "engine/models/llama_weights.h"

namespace l2s {

// What decoding needs to continue a batch of sequences: per layer the rotated
// keys and the values of every position so far, in buffers preallocated for
// `capacity` positions, and which of those positions are real tokens (rows of
// a batch are left-padded). Made by LlamaModel::start().
struct LlamaState {
  std::vector<layers::KVCache> layers;  // [B, kv_heads, capacity, head_dim] each
  at::Tensor key_mask;                  // [B, capacity] bool: the slot holds a real token, not padding
  at::Tensor next_position;             // [B] int64: real tokens fed so far = the next one's position
  bool padded = false;                  // some filled slot is padding, so steps need a mask

  int64_t batch_size() const { return key_mask.defined() ? key_mask.size(0) : 0; }
  int64_t capacity() const { return key_mask.defined() ? key_mask.size(1) : 0; }
  int64_t length() const { return layers.empty() ? 0 : layers.front().length; }  // filled slots
  // Keeps (or repeats) the rows named by `index` [B'] int64: beam reordering,
  // dropping finished rows.
  void select_rows(const at::Tensor& index);
  // Forgets every slot from `length` on (speculative decoding rolls rejected
  // tokens back); throws l2s::Error if `length` exceeds length().
  void truncate(int64_t length);
};

class LlamaModel {
 public:
  LlamaModel(LlamaConfig config, LlamaWeights weights);
  // Loads config.json and model.safetensors (or shards) from a Hugging Face
  // model folder. Throws l2s::Error naming the problem.
  static LlamaModel load(const std::string& dir);

  const LlamaConfig& config() const { return config_; }
  LlamaWeights& weights() { return weights_; }
  const LlamaWeights& weights() const { return weights_; }
  const at::Tensor& rotary_inverse_frequencies() const { return inv_freq_; }

  // Token embeddings [B, L, d] of ids [B, L]; throws l2s::Error for an id
  // outside the vocabulary.
  at::Tensor embed(const at::Tensor& ids) const;

  // The final-norm hidden states [B, L, d] (the LM head's input) of
  // `embeddings` [B, L, d].
  //  - attention_mask [B, L], 1 for tokens and 0 for (left) padding, covers the
  //    L new positions; undefined means all tokens.
  //  - position_ids [B, L]; undefined means transformers' generation
  //    positions: per row cumsum(mask) - 1 continuing after the cached real
  //    tokens, and 1 at padding.
  //  - state: undefined (nullptr) for a whole sequence under a causal mask
  //    (training: autograd-friendly, nothing in place); otherwise the new
  //    positions are appended to the cache (a prefill of L tokens, or steps of
  //    one) and attend to everything cached.
  //  - dropout: on the attention probabilities, as transformers'
  //    attention_dropout (Llama has no other dropout); 0 for inference.
  //  - layer_states, if given, receives transformers' output_hidden_states:
  //    the embeddings, the output of every layer but the last, and the result.
  at::Tensor forward(const at::Tensor& embeddings, const at::Tensor& attention_mask, const at::Tensor& position_ids,
                     LlamaState* state, double dropout = 0, std::vector<at::Tensor>* layer_states = nullptr) const;
  // Vocabulary logits [..., V] of hidden states [..., d].
  at::Tensor logits(const at::Tensor& hidden) const;

  // Incremental decoding. start() allocates a state for `batch` rows and
  // `capacity` positions (prompt and generated tokens); prefill() feeds a
  // left-padded prompt's embeddings [B, L, d] with its mask [B, L] (or
  // undefined) and returns the last position's logits [B, V]; step() feeds
  // one id per row [B] and returns the next logits [B, V].
  LlamaState start(int64_t batch, int64_t capacity) const;
  at::Tensor prefill(LlamaState& state, const at::Tensor& embeddings, const at::Tensor& attention_mask) const;
  at::Tensor step(LlamaState& state, const at::Tensor& ids) const;

 private:
  LlamaConfig config_;
  LlamaWeights weights_;
  at::Tensor inv_freq_;  // rotary inverse frequencies [head_dim / 2]
};

}  // namespace l2s

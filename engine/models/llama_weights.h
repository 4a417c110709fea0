#pragma once
// The parameters of a Llama decoder (LlamaForCausalLM), named as in Hugging
// Face checkpoints. One visitor walks them, so loading, saving, counting,
// initialisation and training all agree on names and shapes.
#include <ATen/core/Tensor.h>

#include <string>
#include <vector>

#include "engine/layers/attention.h"
#include "engine/layers/feed_forward.h"
#include "engine/models/llama_config.h"
#include "engine/models/parameter_io.h"  // also declares io::Checkpoint, io::StorageDType

namespace l2s {

struct LlamaLayerWeights {
  at::Tensor input_norm;                // input_layernorm [d]
  layers::AttentionWeights attention;   // q [H*D, d], k and v [KV*D, d], o [d, H*D]
  at::Tensor post_attention_norm;       // post_attention_layernorm [d]
  layers::FeedForwardWeights mlp;       // wi = gate_proj, wi_1 = up_proj, wo = down_proj
};

struct LlamaWeights {
  at::Tensor embed_tokens;  // [vocab, d]
  std::vector<LlamaLayerWeights> layers;
  at::Tensor final_norm;  // model.norm [d]
  at::Tensor lm_head;     // [vocab, d]; the same tensor as embed_tokens when tied

  using Visitor = ParameterVisitor;
  // Visits every distinct parameter with its Hugging Face name and expected
  // shape. With tied embeddings lm_head is not visited (it aliases embed_tokens).
  void visit(const LlamaConfig& config, const Visitor& visitor);
  // Restores the lm_head alias after embed_tokens was (re)assigned.
  void tie(const LlamaConfig& config);
};

// Number of distinct parameters (tied embeddings counted once).
int64_t count_llama_parameters(const LlamaConfig& config);

// Reads and shape-checks every parameter (F32, F16, BF16 or F64 stored; held
// as float32). With tied embeddings a stored lm_head.weight is ignored, as
// transformers ties it to embed_tokens on loading. Throws l2s::Error naming
// the checkpoint and the missing or misshapen tensor.
LlamaWeights load_llama_weights(const io::Checkpoint& checkpoint, const LlamaConfig& config);

// Writes `dir`/config.json and `dir`/model.safetensors as transformers'
// save_pretrained does (no lm_head.weight when tied), each file atomically.
void save_llama_checkpoint(const std::string& dir, const LlamaConfig& config, const LlamaWeights& weights,
                           io::StorageDType storage);

// Fresh parameters initialised as transformers' LlamaPreTrainedModel does:
// every projection and the embeddings ~ N(0, initializer_range), the
// embedding row of pad_token_id zeroed, norms one.
LlamaWeights init_llama_weights(const LlamaConfig& config, uint64_t seed);

}  // namespace l2s

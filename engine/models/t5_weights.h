#pragma once
// The parameters of a T5 encoder-decoder, named as in Hugging Face
// checkpoints. One visitor walks them, so loading, saving, initialisation and
// training all agree on names and shapes.
#include <ATen/core/Tensor.h>

#include <functional>
#include <string>
#include <vector>

#include "engine/layers/attention.h"
#include "engine/layers/feed_forward.h"
#include "engine/models/t5_config.h"

namespace l2s {

namespace io {
class Checkpoint;
enum class StorageDType;
}

struct T5BlockWeights {
  at::Tensor self_attention_norm;
  layers::AttentionWeights self_attention;
  at::Tensor cross_attention_norm;  // decoder only
  layers::AttentionWeights cross_attention;
  at::Tensor feed_forward_norm;
  layers::FeedForwardWeights feed_forward;
};

struct T5StackWeights {
  std::vector<T5BlockWeights> blocks;
  at::Tensor relative_attention_bias;  // [num_buckets, heads], kept by block 0 only
  at::Tensor final_norm;
};

struct T5Weights {
  at::Tensor shared;  // token embeddings [vocab, d_model]
  T5StackWeights encoder, decoder;
  at::Tensor lm_head;  // [vocab, d_model]; the same tensor as `shared` when tied

  using Visitor = std::function<void(const std::string& name, at::Tensor& tensor, const std::vector<int64_t>& shape)>;
  // Visits every distinct parameter with its Hugging Face name and expected
  // shape. With tied embeddings lm_head is not visited (it aliases shared).
  void visit(const T5Config& config, const Visitor& visitor);
  // Restores the lm_head alias after `shared` was (re)assigned.
  void tie(const T5Config& config);
};

// Reads and shape-checks every parameter. Accepts both tied layouts (only
// `shared.weight`, or every tied copy present). Throws l2s::Error naming the
// checkpoint and the missing or misshapen tensor.
T5Weights load_t5_weights(const io::Checkpoint& checkpoint, const T5Config& config);

// Writes `dir`/config.json and `dir`/model.safetensors as transformers'
// save_pretrained does (tied copies omitted), each file atomically.
void save_t5_checkpoint(const std::string& dir, const T5Config& config, const T5Weights& weights,
                        io::StorageDType storage);

// Fresh parameters initialised as transformers' T5PreTrainedModel does.
T5Weights init_t5_weights(const T5Config& config, uint64_t seed);

}  // namespace l2s

#pragma once
// A batch of examples as padded tensors, T5-style: the decoder reads
// [decoder_start] + labels[:-1] and predicts labels (which end with EOS).
#include <ATen/core/Tensor.h>

#include <cstdint>

#include "engine/training/batching.h"
#include "engine/training/token_sequences.h"

namespace l2s::training {

// Label of padding positions: excluded from the loss.
constexpr int64_t kIgnoreLabel = -100;

struct TrainingBatch {
  at::Tensor source_ids;   // [B, S] int64, padded with pad_id
  at::Tensor source_mask;  // [B, S] int64, 1 for tokens
  at::Tensor decoder_ids;  // [B, T] int64, padded with pad_id
  at::Tensor labels;       // [B, T] int64, kIgnoreLabel at padding
  at::Tensor llm_states;   // l2s mode: the frozen LLM's encoder states [B, S, d_llm]
  BatchIndices rows;       // example indices
  int64_t source_tokens = 0, target_tokens = 0;  // without padding
};

// The sources of `rows`, padded with pad_id: ids and mask, both [B, S] int64.
struct SourceBatch {
  at::Tensor ids, mask;
  int64_t tokens = 0;  // without padding
};
SourceBatch pad_sources(const TokenSequences& sources, const BatchIndices& rows, int64_t pad_id);

TrainingBatch make_batch(const TokenSequences& sources, const TokenSequences& targets, const BatchIndices& rows,
                         int64_t pad_id, int64_t decoder_start_id);

}  // namespace l2s::training

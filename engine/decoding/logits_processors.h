#pragma once
// Adjustments of next-token scores, with the semantics of transformers'
// logits processors and warpers. `history` is the decoder input so far
// (start token included), one row per sequence.
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <vector>

#include "l2s/generation_options.h"

namespace l2s::decoding {

using History = std::vector<std::vector<int64_t>>;

// Divides positive scores of already generated tokens by `penalty` and
// multiplies negative ones, so repeats become less likely for penalty > 1.
void apply_repetition_penalty(at::Tensor& scores, const History& history, double penalty);

// Forbids tokens that would complete an n-gram already present in the row.
void ban_repeated_ngrams(at::Tensor& scores, const History& history, int64_t ngram_size);

// The repetition penalty, then the n-gram ban, as `options` sets them: what
// every search strategy applies to the model's scores.
void apply_penalties(at::Tensor& scores, const History& history, const GenerationOptions& options);

// Sampling warpers: temperature, then top-k, then nucleus (top-p).
// Filtered entries become -inf.
at::Tensor apply_temperature(const at::Tensor& scores, double temperature);
at::Tensor keep_top_k(const at::Tensor& scores, int64_t k);
at::Tensor keep_top_p(const at::Tensor& scores, double p);

// The distribution sampling draws from: the warpers `options` sets, then a
// softmax over the last dimension.
at::Tensor sampling_probabilities(const at::Tensor& scores, const GenerationOptions& options);

}  // namespace l2s::decoding

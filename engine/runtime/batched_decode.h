#pragma once
// The decode phase of a batch of prompts (PackRunner::generate_batch): the
// counterpart of streaming_decode.h for many rows at once, with each row's
// tokens, text and timings.
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <vector>

#include "l2s/generation_options.h"
#include "engine/models/language_model.h"
#include "l2s/generation.h"
#include "l2s/stopwatch.h"

namespace l2s {

class Tokenizer;

// Right-padded ids [B, S] (padding `pad_id`) and their mask [B, S] (1 for tokens).
struct PaddedBatch {
  at::Tensor ids;
  at::Tensor mask;
};
PaddedBatch pad_right(const std::vector<const std::vector<int64_t>*>& rows, int64_t pad_id);

// The tokens the search's penalties see before a row's answer, as a batch-1
// start gives them: an encoder-decoder's answer start token; a decoder-only
// model's prompt ids in its own vocabulary (`own_ids`, null when it reads
// another model's) and its answer start token.
std::vector<int64_t> answer_history(const ModelSpec& spec, const std::vector<int64_t>* own_ids);

// Decodes every row of `decoder` (started on a batch of `results.size()`
// prompts) with greedy search or sampling; `clock` started with the batch.
// Fills each result's tokens, text, reached_eos, generated_tokens,
// token_ms (each step's time shared among its rows), time_to_first_token_ms
// and total_ms, keeping the prompt times already there.
void decode_batch(StepModel& decoder, std::vector<std::vector<int64_t>> histories, const ModelSpec& spec,
                  const Tokenizer* tokenizer, const GenerationOptions& options, const CancelFlag* cancel,
                  const Stopwatch& clock, std::vector<GenerationResult*>& results);

}  // namespace l2s

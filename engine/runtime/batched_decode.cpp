#include "engine/runtime/batched_decode.h"

#include <ATen/ATen.h>

#include <algorithm>

#include "engine/decoding/batched_search.h"
#include "l2s/tokenizer.h"

namespace l2s {

PaddedBatch pad_right(const std::vector<const std::vector<int64_t>*>& rows, int64_t pad_id) {
  std::size_t longest = 0;
  for (const auto* row : rows) longest = std::max(longest, row->size());
  const auto batch = static_cast<int64_t>(rows.size()), length = static_cast<int64_t>(longest);
  PaddedBatch padded{at::full({batch, length}, pad_id, at::kLong), at::zeros({batch, length}, at::kLong)};
  for (int64_t b = 0; b < batch; ++b) {
    const std::vector<int64_t>& row = *rows[static_cast<std::size_t>(b)];
    const auto n = static_cast<int64_t>(row.size());
    padded.ids[b].narrow(0, 0, n).copy_(at::tensor(row, at::kLong));
    padded.mask[b].narrow(0, 0, n).fill_(1);
  }
  return padded;
}

std::vector<int64_t> answer_history(const ModelSpec& spec, const std::vector<int64_t>* own_ids) {
  std::vector<int64_t> history;
  if (spec.architecture == Architecture::DecoderOnly && own_ids) history = *own_ids;
  history.push_back(spec.answer_start_token_id);
  return history;
}

void decode_batch(StepModel& decoder, std::vector<std::vector<int64_t>> histories, const ModelSpec& spec,
                  const Tokenizer* tokenizer, const GenerationOptions& options, const CancelFlag* cancel,
                  const Stopwatch& clock, std::vector<GenerationResult*>& results) {
  BatchSearchRequest request;
  request.histories = std::move(histories);
  request.eos_tokens = spec.eos_token_ids;
  request.options = &options;
  request.cancel = cancel;
  double last_ms = clock.elapsed_ms();
  request.on_step = [&](const std::vector<int64_t>& rows, const std::vector<int64_t>&) {
    const double now = clock.elapsed_ms();
    const double share = (now - last_ms) / static_cast<double>(rows.size());
    for (int64_t row : rows) {
      GenerationMetrics& metrics = results[static_cast<std::size_t>(row)]->metrics;
      if (metrics.token_ms.empty()) metrics.time_to_first_token_ms = now;
      metrics.token_ms.push_back(share);
    }
    last_ms = now;
  };
  BatchSearchResult found = batched_search(decoder, request);
  const double end_ms = clock.elapsed_ms();
  for (std::size_t r = 0; r < results.size(); ++r) {
    GenerationResult& result = *results[r];
    std::vector<int64_t>& tokens = found.tokens[r];
    result.reached_eos = !tokens.empty() && spec.is_eos(tokens.back());
    if (result.reached_eos) tokens.pop_back();
    result.tokens = std::move(tokens);
    result.cancelled = found.cancelled;
    result.metrics.generated_tokens = static_cast<int64_t>(result.tokens.size());
    if (tokenizer) result.text = tokenizer->decode(result.tokens);
    result.metrics.total_ms = end_ms;
  }
}

}  // namespace l2s

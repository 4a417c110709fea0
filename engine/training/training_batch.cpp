#include "engine/training/training_batch.h"

#include <ATen/ATen.h>

#include <algorithm>

namespace l2s::training {

SourceBatch pad_sources(const TokenSequences& sources, const BatchIndices& rows, int64_t pad_id) {
  const auto count = static_cast<int64_t>(rows.size());
  int64_t longest = 1;
  for (int64_t row : rows) longest = std::max(longest, sources.length(row));
  const auto options = at::TensorOptions().dtype(at::kLong);
  SourceBatch batch;
  batch.ids = at::full({count, longest}, pad_id, options);
  batch.mask = at::zeros({count, longest}, options);
  int64_t* ids = batch.ids.data_ptr<int64_t>();
  int64_t* mask = batch.mask.data_ptr<int64_t>();
  for (int64_t b = 0; b < count; ++b) {
    const int32_t* source = sources.data(rows[b]);
    const int64_t length = sources.length(rows[b]);
    std::copy(source, source + length, ids + b * longest);
    std::fill(mask + b * longest, mask + b * longest + length, 1);
    batch.tokens += length;
  }
  return batch;
}

TrainingBatch make_batch(const TokenSequences& sources, const TokenSequences& targets, const BatchIndices& rows,
                         int64_t pad_id, int64_t decoder_start_id) {
  TrainingBatch batch;
  batch.rows = rows;
  SourceBatch padded = pad_sources(sources, rows, pad_id);
  batch.source_ids = padded.ids;
  batch.source_mask = padded.mask;
  batch.source_tokens = padded.tokens;
  const auto count = static_cast<int64_t>(rows.size());
  int64_t longest_target = 1;
  for (int64_t row : rows) longest_target = std::max(longest_target, targets.length(row));
  const auto options = at::TensorOptions().dtype(at::kLong);
  batch.decoder_ids = at::full({count, longest_target}, pad_id, options);
  batch.labels = at::full({count, longest_target}, kIgnoreLabel, options);
  int64_t* decoder = batch.decoder_ids.data_ptr<int64_t>();
  int64_t* labels = batch.labels.data_ptr<int64_t>();
  for (int64_t b = 0; b < count; ++b) {
    const int32_t* target = targets.data(rows[b]);
    const int64_t target_len = targets.length(rows[b]);
    std::copy(target, target + target_len, labels + b * longest_target);
    decoder[b * longest_target] = decoder_start_id;
    std::copy(target, target + target_len - 1, decoder + b * longest_target + 1);
    batch.target_tokens += target_len;
  }
  return batch;
}

}  // namespace l2s::training

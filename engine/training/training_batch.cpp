#include "engine/training/training_batch.h"

#include <ATen/ATen.h>

#include <algorithm>

namespace l2s::training {

TrainingBatch make_batch(const TokenSequences& sources, const TokenSequences& targets, const BatchIndices& rows,
                         int64_t pad_id, int64_t decoder_start_id) {
  TrainingBatch batch;
  batch.rows = rows;
  const auto count = static_cast<int64_t>(rows.size());
  int64_t longest_source = 1, longest_target = 1;
  for (int64_t row : rows) {
    longest_source = std::max(longest_source, sources.length(row));
    longest_target = std::max(longest_target, targets.length(row));
  }
  const auto options = at::TensorOptions().dtype(at::kLong);
  batch.source_ids = at::full({count, longest_source}, pad_id, options);
  batch.source_mask = at::zeros({count, longest_source}, options);
  batch.decoder_ids = at::full({count, longest_target}, pad_id, options);
  batch.labels = at::full({count, longest_target}, kIgnoreLabel, options);
  int64_t* ids = batch.source_ids.data_ptr<int64_t>();
  int64_t* mask = batch.source_mask.data_ptr<int64_t>();
  int64_t* decoder = batch.decoder_ids.data_ptr<int64_t>();
  int64_t* labels = batch.labels.data_ptr<int64_t>();
  for (int64_t b = 0; b < count; ++b) {
    const int64_t row = rows[b];
    const int32_t* source = sources.data(row);
    const int64_t source_len = sources.length(row);
    std::copy(source, source + source_len, ids + b * longest_source);
    std::fill(mask + b * longest_source, mask + b * longest_source + source_len, 1);
    const int32_t* target = targets.data(row);
    const int64_t target_len = targets.length(row);
    std::copy(target, target + target_len, labels + b * longest_target);
    decoder[b * longest_target] = decoder_start_id;
    std::copy(target, target + target_len - 1, decoder + b * longest_target + 1);
    batch.source_tokens += source_len;
    batch.target_tokens += target_len;
  }
  return batch;
}

}  // namespace l2s::training

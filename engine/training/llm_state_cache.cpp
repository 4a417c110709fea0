#include "engine/training/llm_state_cache.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

#include <algorithm>

#include "engine/models/language_model.h"

namespace l2s::training {

LlmStateCache LlmStateCache::build(const LanguageModel& llm, const TokenSequences& sources, int64_t max_tokens,
                                   at::ScalarType storage, const std::function<void(int64_t, int64_t)>& on_progress) {
  // Grad mode off rather than inference mode: the states later feed the
  // projector, whose backward pass must be allowed to save them.
  at::NoGradGuard no_grad;
  LlmStateCache cache;
  const int64_t count = sources.size();
  cache.offsets_.assign(count + 1, 0);
  for (int64_t i = 0; i < count; ++i) cache.offsets_[i + 1] = cache.offsets_[i] + sources.length(i);
  const int64_t total = cache.offsets_.back();
  cache.states_ = at::zeros({total + 1, llm.spec().d_model}, at::TensorOptions().dtype(storage));

  const std::vector<int32_t> lengths = sources.lengths();
  const std::vector<int32_t> no_targets(lengths.size(), 0);
  const BatchPlan plan = plan_in_length_order(lengths, no_targets, max_tokens);
  int64_t done = 0;
  for (const BatchIndices& rows : plan) {
    int64_t longest = 1;
    for (int64_t row : rows) longest = std::max(longest, sources.length(row));
    at::Tensor ids = at::full({static_cast<int64_t>(rows.size()), longest}, llm.spec().padding_id(), at::kLong);
    at::Tensor mask = at::zeros({static_cast<int64_t>(rows.size()), longest}, at::kLong);
    for (std::size_t b = 0; b < rows.size(); ++b) {
      const int64_t len = sources.length(rows[b]);
      const int64_t offset = static_cast<int64_t>(b) * longest;
      std::copy(sources.data(rows[b]), sources.data(rows[b]) + len, ids.data_ptr<int64_t>() + offset);
      std::fill(mask.data_ptr<int64_t>() + offset, mask.data_ptr<int64_t>() + offset + len, 1);
    }
    at::Tensor states = llm.encode(ids, mask);
    for (std::size_t b = 0; b < rows.size(); ++b) {
      const int64_t row = rows[b];
      cache.states_.narrow(0, cache.offsets_[row], sources.length(row))
          .copy_(states[static_cast<int64_t>(b)].narrow(0, 0, sources.length(row)));
    }
    done += static_cast<int64_t>(rows.size());
    if (on_progress) on_progress(done, count);
  }
  return cache;
}

at::Tensor LlmStateCache::gather(const BatchIndices& rows, int64_t padded_length) const {
  const int64_t padding_row = states_.size(0) - 1;
  at::Tensor index = at::full({static_cast<int64_t>(rows.size()), padded_length}, padding_row, at::kLong);
  int64_t* out = index.data_ptr<int64_t>();
  for (std::size_t b = 0; b < rows.size(); ++b) {
    const int64_t start = offsets_[rows[b]], len = offsets_[rows[b] + 1] - start;
    for (int64_t t = 0; t < len && t < padded_length; ++t) out[static_cast<int64_t>(b) * padded_length + t] = start + t;
  }
  return states_.index_select(0, index.view({-1}))
      .to(at::kFloat)
      .view({static_cast<int64_t>(rows.size()), padded_length, states_.size(1)});
}

int64_t LlmStateCache::bytes() const { return states_.numel() * static_cast<int64_t>(states_.element_size()); }

}  // namespace l2s::training

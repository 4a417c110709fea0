#include "engine/training/distillation.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

#include <algorithm>

#include "engine/common/error.h"
#include "engine/models/t5_model.h"
#include "engine/tokenizer/tokenizer.h"
#include "engine/training/batching.h"
#include "engine/training/greedy_decoding.h"
#include "engine/training/token_sequences.h"
#include "engine/training/training_batch.h"

namespace l2s::training {

DistilledText distill(const T5Model& teacher, const Tokenizer& tokenizer, const std::vector<std::string>& sources,
                      const DistillationOptions& options, const std::function<void(int64_t, int64_t)>& on_progress) {
  if (options.max_new_tokens < 1) throw Error("distillation: max_new_tokens must be at least 1");
  if (options.max_source_len < 2) throw Error("distillation: max_source_len must be at least 2");
  at::NoGradGuard no_grad;
  TokenSequences tokenized;
  for (std::size_t i = 0; i < sources.size(); ++i) {
    std::vector<int64_t> ids = tokenizer.encode(options.source_prefix + sources[i]);
    if (static_cast<int64_t>(ids.size()) > options.max_source_len)
      throw Error("source line " + std::to_string(i + 1) + " has " + std::to_string(ids.size()) +
                  " tokens, more than the limit of " + std::to_string(options.max_source_len));
    tokenized.append(ids);
  }
  // Outputs are about as long as their sources, so the sources' lengths
  // stand in for them when batches are cut.
  const std::vector<int32_t> lengths = tokenized.lengths();
  const BatchPlan plan = plan_in_length_order(lengths, lengths, options.max_tokens);

  DistilledText result;
  result.outputs.resize(sources.size());
  const auto total = static_cast<int64_t>(sources.size());
  int64_t done = 0;
  for (const BatchIndices& rows : plan) {
    SourceBatch batch = pad_sources(tokenized, rows, teacher.config().pad_token_id);
    at::Tensor states = teacher.encode(batch.ids, batch.mask);
    const auto outputs = greedy_decode(teacher, states, batch.mask, options.max_new_tokens);
    for (std::size_t b = 0; b < rows.size(); ++b) {
      result.outputs[rows[b]] = tokenizer.decode(outputs[b]);
      result.output_tokens += static_cast<int64_t>(outputs[b].size());
      if (static_cast<int64_t>(outputs[b].size()) >= options.max_new_tokens) result.cut_lines.push_back(rows[b]);
    }
    done += static_cast<int64_t>(rows.size());
    if (on_progress) on_progress(done, total);
  }
  std::sort(result.cut_lines.begin(), result.cut_lines.end());
  return result;
}

}  // namespace l2s::training

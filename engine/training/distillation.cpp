#include "engine/training/distill_model.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

#include <algorithm>

#include "l2s/error.h"
#include "engine/decoding/batched_greedy.h"
#include "engine/models/language_model.h"
#include "engine/models/model_registry.h"
#include "engine/runtime/threads.h"
#include "l2s/tokenizer.h"
#include "engine/training/batching.h"
#include "engine/training/token_sequences.h"
#include "engine/training/training_batch.h"

namespace l2s::training {

DistilledText distill(const LanguageModel& teacher, const Tokenizer& tokenizer, const std::vector<std::string>& sources,
                      const DistillationOptions& options, const std::function<void(int64_t, int64_t)>& on_progress) {
  if (options.max_new_tokens < 1) throw Error("distillation: max_new_tokens must be at least 1");
  if (options.max_source_len < 2) throw Error("distillation: max_source_len must be at least 2");
  at::NoGradGuard no_grad;
  TokenSequences tokenized;
  for (std::size_t i = 0; i < sources.size(); ++i) {
    const ModelSpec& spec = teacher.spec();
    std::vector<int64_t> ids =
        tokenizer.encode(options.source_prefix + sources[i], spec.prompt_adds_eos, spec.prompt_adds_bos);
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
    SourceBatch batch = pad_sources(tokenized, rows, teacher.spec().padding_id());
    const PromptInput prompt = with_answer_start(teacher, {teacher.embed(batch.ids), batch.mask, {}});
    DecodeStart start = teacher.start(prompt, options.max_new_tokens);
    const auto outputs = batched_greedy(*start.decoder, static_cast<int64_t>(rows.size()), teacher.spec().eos_token_ids,
                                        options.max_new_tokens);
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

DistilledText distill(const std::string& teacher_dir, const std::vector<std::string>& sources,
                      const DistillationOptions& options, const std::function<void(int64_t, int64_t)>& on_progress) {
  set_compute_threads(options.threads);
  const std::unique_ptr<LanguageModel> teacher = load_language_model(teacher_dir);
  const Tokenizer tokenizer = Tokenizer::load_dir(teacher_dir);
  return distill(*teacher, tokenizer, sources, options, on_progress);
}

}  // namespace l2s::training

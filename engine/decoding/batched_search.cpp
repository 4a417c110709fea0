#include "engine/decoding/batched_search.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

#include <algorithm>

#include "l2s/error.h"
#include "engine/decoding/logits_processors.h"

namespace l2s {
namespace {

// One row's sampled token, with the warpers search() applies, from its own generator.
int64_t sample_row(const at::Tensor& scores, const GenerationOptions& options, at::Generator& generator) {
  return at::multinomial(decoding::sampling_probabilities(scores, options), 1, false, generator).item<int64_t>();
}

}  // namespace

bool BatchSearchRequest::is_eos(int64_t token) const {
  return std::find(eos_tokens.begin(), eos_tokens.end(), token) != eos_tokens.end();
}

BatchSearchResult batched_search(StepModel& model, const BatchSearchRequest& request) {
  const GenerationOptions& options = *request.options;
  options.validate();
  if (options.num_beams > 1) throw Error("beam search is not batched: decode one prompt at a time");
  at::NoGradGuard no_grad;
  const int64_t batch = static_cast<int64_t>(request.histories.size());
  BatchSearchResult result;
  result.tokens.resize(static_cast<std::size_t>(batch));
  if (batch == 0) return result;

  std::vector<at::Generator> generators;
  if (options.do_sample)
    for (int64_t r = 0; r < batch; ++r) generators.push_back(at::detail::createCPUGenerator(options.seed));
  std::vector<int64_t> active(static_cast<std::size_t>(batch));  // model row -> output row
  for (int64_t r = 0; r < batch; ++r) active[static_cast<std::size_t>(r)] = r;
  decoding::History history = request.histories;  // of the active rows, in model row order
  const bool penalised = options.repetition_penalty != 1.0 || options.no_repeat_ngram_size > 0;

  for (int64_t step = 0; step < options.max_new_tokens && !active.empty(); ++step) {
    if (request.cancel && request.cancel->load(std::memory_order_relaxed)) {
      result.cancelled = true;
      break;
    }
    at::Tensor scores;
    if (step == 0) {
      scores = model.first();
    } else {
      std::vector<int64_t> last;
      for (const auto& row : history) last.push_back(row.back());
      scores = model.step(at::tensor(last, at::kLong));
    }
    scores = scores.to(at::kFloat).contiguous();
    if (penalised) {
      decoding::apply_repetition_penalty(scores, history, options.repetition_penalty);
      decoding::ban_repeated_ngrams(scores, history, options.no_repeat_ngram_size);
    }
    std::vector<int64_t> chosen(active.size());
    if (options.do_sample) {
      for (std::size_t r = 0; r < active.size(); ++r)
        chosen[r] = sample_row(scores.narrow(0, static_cast<int64_t>(r), 1), options,
                               generators[static_cast<std::size_t>(active[r])]);
    } else {
      const at::Tensor best = scores.argmax(-1).contiguous();
      std::copy(best.data_ptr<int64_t>(), best.data_ptr<int64_t>() + best.numel(), chosen.begin());
    }
    if (request.on_step) request.on_step(active, chosen);

    std::vector<int64_t> keep, still_active;
    decoding::History still_history;
    for (std::size_t r = 0; r < active.size(); ++r) {
      result.tokens[static_cast<std::size_t>(active[r])].push_back(chosen[r]);
      if (request.is_eos(chosen[r])) continue;
      keep.push_back(static_cast<int64_t>(r));
      still_active.push_back(active[r]);
      still_history.push_back(std::move(history[r]));
      still_history.back().push_back(chosen[r]);
    }
    if (keep.empty() || step + 1 >= options.max_new_tokens) break;
    if (keep.size() != active.size()) model.select_rows(at::tensor(keep, at::kLong));
    active = std::move(still_active);
    history = std::move(still_history);
  }
  return result;
}

}  // namespace l2s

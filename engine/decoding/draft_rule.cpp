#include "engine/decoding/draft_rule.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include "engine/decoding/logits_processors.h"

namespace l2s {
namespace {

// The scores of one row after the penalties, as search() computes them.
at::Tensor penalised(const at::Tensor& logits, const std::vector<int64_t>& history, const GenerationOptions& options) {
  at::Tensor scores = logits.reshape({1, -1}).to(at::kFloat);
  if (options.repetition_penalty != 1.0 || options.no_repeat_ngram_size > 0) {
    scores = scores.clone();  // the penalties write in place; `logits` may be a row of a pass's output
    decoding::apply_penalties(scores, {history}, options);
  }
  return scores;
}

int64_t draw(const at::Tensor& distribution, at::Generator& generator) {
  return at::multinomial(distribution, 1, false, generator).item<int64_t>();
}

}  // namespace

DraftRule::DraftRule(const GenerationOptions& options)
    : options_(options), generator_(at::detail::createCPUGenerator(options.seed)) {}

void DraftRule::start_round() {
  drafts_.clear();
  draft_distributions_.clear();
}

int64_t DraftRule::draft(const at::Tensor& logits, const std::vector<int64_t>& history) {
  const at::Tensor scores = penalised(logits, history, options_);
  int64_t token;
  if (options_.do_sample) {
    at::Tensor q = decoding::sampling_probabilities(scores, options_).reshape({-1});
    token = draw(q, generator_);
    draft_distributions_.push_back(std::move(q));
  } else {
    token = scores.argmax(-1).item<int64_t>();
  }
  drafts_.push_back(token);
  return token;
}

DraftRule::Choice DraftRule::verify(const at::Tensor& logits, const std::vector<int64_t>& history,
                                    std::size_t position) {
  const at::Tensor scores = penalised(logits, history, options_);
  const bool drafted = position < drafts_.size();
  if (!options_.do_sample) {
    const int64_t token = scores.argmax(-1).item<int64_t>();
    return {token, drafted && drafts_[position] == token};
  }
  const at::Tensor p = decoding::sampling_probabilities(scores, options_).reshape({-1});
  if (!drafted) return {draw(p, generator_), false};
  const int64_t x = drafts_[position];
  const at::Tensor& q = draft_distributions_[position];
  const double p_x = p[x].item<double>(), q_x = q[x].item<double>();
  const double u = at::rand({1}, generator_, at::kDouble).item<double>();
  if (u * q_x < p_x) return {x, true};  // kept with probability min(1, p(x)/q(x))
  // Rejected, so p(x) < q(x): the residual gives x no weight.
  const at::Tensor residual = (p - q).clamp_min(0);
  const double mass = residual.sum().item<double>();
  return {mass > 0 ? draw(residual / mass, generator_) : draw(p, generator_), false};
}

}  // namespace l2s

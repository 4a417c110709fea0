#include "engine/decoding/search.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>

#include "engine/decoding/logits_processors.h"

namespace l2s {
namespace {

bool cancelled(const SearchRequest& request) {
  return request.cancel && request.cancel->load(std::memory_order_relaxed);
}

// The logits of the next token: the model's first at step 0, then after `last` [B].
at::Tensor next_logits(StepModel& model, int64_t step, const at::Tensor& last) {
  return step == 0 ? model.first() : model.step(last);
}

// Greedy and sampling: one sequence, each token streamed when chosen.
SearchResult sample_or_greedy(StepModel& model, const SearchRequest& request) {
  const GenerationOptions& options = *request.options;
  at::Generator generator = at::detail::createCPUGenerator(options.seed);
  SearchResult result;
  decoding::History history = {request.history};
  for (int64_t i = 0; i < options.max_new_tokens; ++i) {
    if (cancelled(request)) {
      result.cancelled = true;
      break;
    }
    const int64_t last = history[0].empty() ? 0 : history[0].back();
    at::Tensor scores = next_logits(model, i, at::full({1}, last, at::kLong)).to(at::kFloat).contiguous();
    decoding::apply_penalties(scores, history, options);
    int64_t token;
    if (options.do_sample) {
      token = at::multinomial(decoding::sampling_probabilities(scores, options), 1, false, generator).item<int64_t>();
    } else {
      token = scores.argmax(-1).item<int64_t>();
    }
    history[0].push_back(token);
    result.tokens.push_back(token);
    if (request.on_token) request.on_token(token);
    if (request.is_eos(token)) break;
  }
  return result;
}

struct Hypothesis {
  std::vector<int64_t> tokens;  // generated ids, EOS included when finished
  double score = 0;             // sum of log-probabilities / length^length_penalty
};

double length_normalised(double sum_logprobs, std::size_t length, double length_penalty) {
  return sum_logprobs / std::pow(static_cast<double>(std::max<std::size_t>(length, 1)), length_penalty);
}

// Beam search as transformers runs it (no early stopping): keep num_beams
// running beams; a beam that emits EOS joins the finished hypotheses; stop
// when no running beam can beat the worst of num_beams finished ones.
SearchResult beam_search(StepModel& model, const SearchRequest& request) {
  const GenerationOptions& options = *request.options;
  const int64_t beams = options.num_beams;
  model.select_rows(at::zeros({beams}, at::kLong));
  decoding::History history(beams, request.history);
  const std::ptrdiff_t prefix = static_cast<std::ptrdiff_t>(request.history.size());  // not part of the answer
  std::vector<double> beam_scores(beams, -1e9);
  beam_scores[0] = 0;  // identical beams at the start: only one may expand
  std::vector<Hypothesis> finished;
  SearchResult result;

  auto worst_finished = [&] {
    double worst = INFINITY;
    for (const auto& h : finished) worst = std::min(worst, h.score);
    return worst;
  };
  auto add_finished = [&](Hypothesis h) {
    finished.push_back(std::move(h));
    std::sort(finished.begin(), finished.end(), [](const auto& a, const auto& b) { return a.score > b.score; });
    if (static_cast<int64_t>(finished.size()) > beams) finished.pop_back();
  };

  int64_t step = 0;
  for (; step < options.max_new_tokens; ++step) {
    if (cancelled(request)) {
      result.cancelled = true;
      break;
    }
    at::Tensor last = at::zeros({beams}, at::kLong);
    for (int64_t b = 0; b < beams && step > 0; ++b) last[b] = history[b].back();
    at::Tensor scores = next_logits(model, step, last).to(at::kFloat).log_softmax(-1).contiguous();
    decoding::apply_penalties(scores, history, options);
    const int64_t vocab = scores.size(1);
    scores = scores + at::tensor(std::vector<float>(beam_scores.begin(), beam_scores.end())).unsqueeze(1);
    auto [top_scores, top_ids] = scores.view({-1}).topk(2 * beams);

    std::vector<int64_t> next_rows;
    std::vector<int64_t> next_tokens;
    std::vector<double> next_scores;
    for (int64_t rank = 0; rank < 2 * beams && static_cast<int64_t>(next_rows.size()) < beams; ++rank) {
      const int64_t flat = top_ids[rank].item<int64_t>();
      const double score = top_scores[rank].item<double>();
      const int64_t row = flat / vocab, token = flat % vocab;
      if (!std::isfinite(score)) break;
      if (request.is_eos(token)) {
        if (rank >= beams) continue;  // only top-ranked EOS candidates finish
        Hypothesis h{std::vector<int64_t>(history[row].begin() + prefix, history[row].end()), 0};
        h.tokens.push_back(token);
        h.score = length_normalised(score, h.tokens.size(), options.length_penalty);
        add_finished(std::move(h));
        continue;
      }
      next_rows.push_back(row);
      next_tokens.push_back(token);
      next_scores.push_back(score);
    }
    if (next_rows.empty()) break;
    while (static_cast<int64_t>(next_rows.size()) < beams) {  // keep the batch shape
      next_rows.push_back(next_rows.back());
      next_tokens.push_back(next_tokens.back());
      next_scores.push_back(-INFINITY);
    }
    decoding::History next_history;
    for (int64_t b = 0; b < beams; ++b) {
      next_history.push_back(history[next_rows[b]]);
      next_history.back().push_back(next_tokens[b]);
    }
    history = std::move(next_history);
    beam_scores = next_scores;
    model.select_rows(at::tensor(next_rows, at::kLong));

    const double best_running = length_normalised(beam_scores[0], static_cast<std::size_t>(step + 1),
                                                  options.length_penalty);
    if (static_cast<int64_t>(finished.size()) >= beams && worst_finished() >= best_running) break;
  }
  // Unfinished beams compete with finished hypotheses at the length limit.
  if (!result.cancelled)
    for (int64_t b = 0; b < beams; ++b)
      if (std::isfinite(beam_scores[b]))
        add_finished({std::vector<int64_t>(history[b].begin() + prefix, history[b].end()),
                      length_normalised(beam_scores[b], history[b].size() - prefix, options.length_penalty)});
  const std::vector<int64_t>& best = finished.empty() ? std::vector<int64_t>(history[0].begin() + prefix, history[0].end())
                                                      : finished.front().tokens;
  for (int64_t token : best) {
    result.tokens.push_back(token);
    if (request.on_token) request.on_token(token);
  }
  return result;
}

}  // namespace

bool SearchRequest::is_eos(int64_t token) const {
  return std::find(eos_tokens.begin(), eos_tokens.end(), token) != eos_tokens.end();
}

SearchResult search(StepModel& model, const SearchRequest& request) {
  request.options->validate();
  return request.options->num_beams > 1 ? beam_search(model, request) : sample_or_greedy(model, request);
}

}  // namespace l2s

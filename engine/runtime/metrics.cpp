#include <numeric>

#include "l2s/generation.h"

namespace l2s {

double GenerationMetrics::decode_ms() const { return std::accumulate(token_ms.begin(), token_ms.end(), 0.0); }

double GenerationMetrics::tokens_per_second() const {
  const double ms = decode_ms();
  return ms > 0 ? 1000.0 * static_cast<double>(token_ms.size()) / ms : 0.0;
}

double GenerationMetrics::acceptance_rate() const {
  return draft_tokens > 0 ? static_cast<double>(accepted_tokens) / static_cast<double>(draft_tokens) : 0.0;
}

double GenerationMetrics::tokens_per_llm_step() const {
  return llm_steps > 0 ? static_cast<double>(token_ms.size()) / static_cast<double>(llm_steps) : 0.0;
}

double decode_speedup(double tokens_per_second, double reference_tokens_per_second) {
  return tokens_per_second > 0 && reference_tokens_per_second > 0 ? tokens_per_second / reference_tokens_per_second
                                                                  : 0.0;
}

}  // namespace l2s

#pragma once
// The comparison the studio is about: how much faster LLM → SLM decodes than
// the LLM alone, per generated token.
#include <optional>

#include "ui/engine_types.h"

namespace l2s::studio {

struct Speedup {
  double llmMsPerToken = 0;
  double l2sMsPerToken = 0;
  double perToken = 0;    // llm ms per token / l2s ms per token (= the tokens/s ratio)
  double llmTotalMs = 0;  // whole answers, which may differ in length
  double l2sTotalMs = 0;
};

// Empty when either run was cancelled or decoded nothing.
std::optional<Speedup> computeSpeedup(const RunMetrics& llm, const RunMetrics& l2s);

}  // namespace l2s::studio

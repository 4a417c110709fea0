#include "ui/speedup.h"

namespace l2s::studio {

std::optional<Speedup> computeSpeedup(const RunMetrics& llm, const RunMetrics& l2s) {
  if (llm.cancelled || l2s.cancelled) return std::nullopt;
  if (llm.msPerToken() <= 0 || l2s.msPerToken() <= 0) return std::nullopt;
  Speedup speedup;
  speedup.llmMsPerToken = llm.msPerToken();
  speedup.l2sMsPerToken = l2s.msPerToken();
  speedup.perToken = speedup.llmMsPerToken / speedup.l2sMsPerToken;
  speedup.llmTotalMs = llm.totalMs;
  speedup.l2sTotalMs = l2s.totalMs;
  return speedup;
}

}  // namespace l2s::studio

#include "ui/speedup.h"

#include <algorithm>

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

Spread spreadOf(QVector<double> values) {
  Spread spread;
  spread.count = static_cast<int>(values.size());
  if (values.isEmpty()) return spread;
  std::sort(values.begin(), values.end());
  const qsizetype middle = values.size() / 2;
  spread.median = values.size() % 2 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
  spread.low = values.first();
  spread.high = values.last();
  return spread;
}

void TimingSamples::clear() { rounds_.clear(); }

void TimingSamples::add(int round, l2s::Mode mode, const RunMetrics& metrics) {
  if (metrics.cancelled) return;
  rounds_[round].insert(static_cast<int>(mode), metrics);
}

QVector<int> TimingSamples::roundsToUse() const {
  QVector<int> timed, all;
  for (auto it = rounds_.cbegin(); it != rounds_.cend(); ++it) {
    all << it.key();
    if (it.key() > 0) timed << it.key();
  }
  return timed.isEmpty() ? all : timed;
}

QVector<Speedup> TimingSamples::speedups() const {
  QVector<Speedup> result;
  for (int round : roundsToUse()) {
    const QHash<int, RunMetrics>& modes = rounds_[round];
    const int llm = static_cast<int>(l2s::Mode::Llm), l2s = static_cast<int>(l2s::Mode::L2s);
    if (!modes.contains(llm) || !modes.contains(l2s)) continue;
    if (const std::optional<Speedup> speedup = computeSpeedup(modes[llm], modes[l2s])) result << *speedup;
  }
  return result;
}

Spread TimingSamples::perToken() const {
  QVector<double> values;
  for (const Speedup& speedup : speedups()) values << speedup.perToken;
  return spreadOf(values);
}

Spread TimingSamples::wholeAnswer() const {
  QVector<double> values;
  for (const Speedup& speedup : speedups()) values << speedup.wholeAnswer();
  return spreadOf(values);
}

Spread TimingSamples::tokensPerSecond(l2s::Mode mode) const {
  QVector<double> values;
  for (int round : roundsToUse()) {
    const RunMetrics metrics = rounds_[round].value(static_cast<int>(mode));
    if (metrics.tokensPerSecond > 0) values << metrics.tokensPerSecond;
  }
  return spreadOf(values);
}

int TimingSamples::timedRounds() const {
  const QVector<int> rounds = roundsToUse();
  const bool timed = !rounds.isEmpty() && rounds.first() > 0;  // else the streamed round alone
  return timed ? static_cast<int>(speedups().size()) : 0;
}

}  // namespace l2s::studio

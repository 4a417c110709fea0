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

void TimingSamples::add(int round, const QString& mode, const RunMetrics& metrics) {
  if (metrics.cancelled) return;
  rounds_[round].insert(mode, metrics);
}

QVector<int> TimingSamples::roundsToUse() const {
  QVector<int> timed, all;
  for (auto it = rounds_.cbegin(); it != rounds_.cend(); ++it) {
    all << it.key();
    if (it.key() > 0) timed << it.key();
  }
  return timed.isEmpty() ? all : timed;
}

QVector<Speedup> TimingSamples::speedups(const QString& mode) const {
  QVector<Speedup> result;
  for (int round : roundsToUse()) {
    const QHash<QString, RunMetrics>& modes = rounds_[round];
    if (!modes.contains(baseline_) || !modes.contains(mode)) continue;
    if (const std::optional<Speedup> speedup = computeSpeedup(modes[baseline_], modes[mode])) result << *speedup;
  }
  return result;
}

Spread TimingSamples::perToken(const QString& mode) const {
  QVector<double> values;
  for (const Speedup& speedup : speedups(mode)) values << speedup.perToken;
  return spreadOf(values);
}

Spread TimingSamples::wholeAnswer(const QString& mode) const {
  QVector<double> values;
  for (const Speedup& speedup : speedups(mode)) values << speedup.wholeAnswer();
  return spreadOf(values);
}

Spread TimingSamples::tokensPerSecond(const QString& mode) const {
  QVector<double> values;
  for (int round : roundsToUse()) {
    const RunMetrics metrics = rounds_[round].value(mode);
    if (metrics.tokensPerSecond > 0) values << metrics.tokensPerSecond;
  }
  return spreadOf(values);
}

int TimingSamples::timedRounds(const QString& mode) const {
  const QVector<int> rounds = roundsToUse();
  const bool timed = !rounds.isEmpty() && rounds.first() > 0;  // else the streamed round alone
  return timed ? static_cast<int>(speedups(mode).size()) : 0;
}

int TimingSamples::timedRounds() const {
  int timed = 0;
  for (int round : roundsToUse()) timed += round > 0 ? 1 : 0;
  return timed;
}

}  // namespace l2s::studio

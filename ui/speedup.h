#pragma once
// The comparison the studio is about: how much faster each other mode
// (LLM → SLM, SLM only, LLM with verified drafts) decodes than the LLM alone,
// per generated token and for the whole answer, and how much that figure
// varies over repeated runs.
#include <QHash>
#include <QVector>
#include <optional>

#include "ui/engine_types.h"

namespace l2s::studio {

struct Speedup {
  double llmMsPerToken = 0;
  double l2sMsPerToken = 0;
  double perToken = 0;    // llm ms per token / l2s ms per token (= the tokens/s ratio)
  double llmTotalMs = 0;  // whole answers, which may differ in length
  double l2sTotalMs = 0;
  double wholeAnswer() const { return l2sTotalMs > 0 ? llmTotalMs / l2sTotalMs : 0; }
};

// Empty when either run was cancelled or decoded nothing.
std::optional<Speedup> computeSpeedup(const RunMetrics& llm, const RunMetrics& l2s);

// The middle and the range of a few measurements.
struct Spread {
  int count = 0;
  double median = 0;  // of an even count, the mean of the middle two
  double low = 0, high = 0;
};
Spread spreadOf(QVector<double> values);

// The runs of one request, by round (0: the streamed runs, 1...: the timing
// rounds), summarised like a benchmark: a mode's speedup over the baseline
// (the LLM alone) in every round that has both, and each mode's decoding speed.
class TimingSamples {
 public:
  explicit TimingSamples(const QString& baseline = QStringLiteral("llm")) : baseline_(baseline) {}
  void setBaseline(const QString& mode) { baseline_ = mode; }  // the mode the others are compared with
  const QString& baseline() const { return baseline_; }
  void clear();
  void add(int round, const QString& mode, const RunMetrics& metrics);
  // Only the timing rounds when there are any: the streamed round is slowed by
  // drawing its tokens.
  Spread perToken(const QString& mode) const;
  Spread wholeAnswer(const QString& mode) const;
  Spread tokensPerSecond(const QString& mode) const;
  int timedRounds(const QString& mode) const;  // rounds after the streamed one with a speedup of `mode`
  int timedRounds() const;                     // rounds after the streamed one with any run

 private:
  QVector<Speedup> speedups(const QString& mode) const;
  QVector<int> roundsToUse() const;
  QString baseline_;
  QHash<int, QHash<QString, RunMetrics>> rounds_;  // round -> mode -> metrics
};

}  // namespace l2s::studio

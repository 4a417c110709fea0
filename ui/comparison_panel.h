#pragma once
// Beside the chart: which run policy is active; the speedup of each other
// mode (small models, verified drafts) over the LLM alone, as the median and
// range of the timing runs, per token and for the whole answer: the first mode as the headline,
// the others in a line each; the pack's own benchmarked speedup for
// reference; and why the small model alone is not the answer.
#include <QFrame>

#include "ui/engine_types.h"
#include "ui/speedup.h"

class QLabel;

namespace l2s::studio {

class ComparisonPanel : public QFrame {
  Q_OBJECT

 public:
  explicit ComparisonPanel(QWidget* parent = nullptr);

  void setPolicy(RunPolicy policy);
  // From the pack's benchmark; empty strings hide the lines.
  void setReference(const QString& benchmarkLine, const QString& benchmarkSource, const QString& whyNotSlm);
  void showWaiting();  // a request is running
  // `modes`: those compared with the baseline (`baselineTitle`), the headline
  // first; `plannedRounds`: timing runs asked for; fewer in `samples` means measuring.
  void showSpeedup(const TimingSamples& samples, const QVector<ModeItem>& modes, const QString& baselineTitle,
                   int plannedRounds);
  void showUnavailable(const QString& why);  // e.g. a run failed or was stopped
  void clear();

  QString speedupText() const;  // the headline as shown
  QString spreadText() const;   // "per token · median of 5 runs, 4.2–7.1×"
  QString captionText() const;  // "LLM → SLM (T5) decodes, against LLM only (T5):"
  QString othersText() const;   // a line per other mode: "SLM only (T5): 6.2× per token"
  bool isMarkedUnfair() const;

 private:
  QLabel* policyLabel_;
  QLabel* speedupValue_;
  QLabel* speedupCaption_;
  QLabel* spread_;
  QLabel* details_;
  QLabel* others_;
  QLabel* unfair_;
  QLabel* benchmark_;
  QLabel* whyNotSlm_;
  RunPolicy policy_ = RunPolicy::Fair;
};

}  // namespace l2s::studio

#pragma once
// Beside the chart: which run policy is active, and the speedup of LLM → SLM
// over the LLM alone once both runs finish.
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
  void showWaiting();                       // a request is running
  void showSpeedup(const Speedup& speedup);
  void showUnavailable(const QString& why);  // e.g. a run failed or was stopped
  void clear();

  QString speedupText() const;  // the headline as shown

 private:
  QLabel* policyLabel_;
  QLabel* speedupValue_;
  QLabel* speedupCaption_;
  QLabel* details_;
};

}  // namespace l2s::studio

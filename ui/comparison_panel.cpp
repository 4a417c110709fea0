#include "ui/comparison_panel.h"

#include <QLabel>
#include <QVBoxLayout>

#include "ui/format.h"

namespace l2s::studio {

ComparisonPanel::ComparisonPanel(QWidget* parent) : QFrame(parent) {
  setObjectName(QStringLiteral("comparison"));
  setFrameShape(QFrame::StyledPanel);
  setMinimumWidth(240);
  setMaximumWidth(360);

  policyLabel_ = new QLabel(this);
  policyLabel_->setObjectName(QStringLiteral("policy"));
  policyLabel_->setWordWrap(true);
  policyLabel_->setTextFormat(Qt::RichText);

  speedupCaption_ = new QLabel(tr("Decoding speedup of LLM → SLM over LLM only, per token"), this);
  speedupCaption_->setWordWrap(true);
  speedupValue_ = new QLabel(this);
  speedupValue_->setObjectName(QStringLiteral("speedup"));
  QFont big = speedupValue_->font();
  big.setPointSizeF(big.pointSizeF() * 2.4);
  big.setBold(true);
  speedupValue_->setFont(big);
  details_ = new QLabel(this);
  details_->setObjectName(QStringLiteral("speedupDetails"));
  details_->setWordWrap(true);
  details_->setForegroundRole(QPalette::PlaceholderText);

  auto* layout = new QVBoxLayout(this);
  layout->addWidget(policyLabel_);
  layout->addSpacing(8);
  layout->addWidget(speedupCaption_);
  layout->addWidget(speedupValue_);
  layout->addWidget(details_);
  layout->addStretch(1);
  clear();
}

void ComparisonPanel::setPolicy(RunPolicy policy) {
  policyLabel_->setText(tr("<b>Run policy: %1</b><br>%2").arg(policyTitle(policy), policyExplanation(policy)));
}

void ComparisonPanel::clear() {
  speedupValue_->setText(QStringLiteral("–"));
  details_->setText(tr("Shown when both the LLM only and the LLM → SLM runs finish."));
}

void ComparisonPanel::showWaiting() {
  speedupValue_->setText(QStringLiteral("…"));
  details_->setText(tr("Shown when both the LLM only and the LLM → SLM runs finish."));
}

void ComparisonPanel::showSpeedup(const Speedup& speedup) {
  speedupValue_->setText(speedup.perToken >= 1 ? tr("%1 faster").arg(formatSpeedup(speedup.perToken))
                                               : tr("%1 (slower)").arg(formatSpeedup(speedup.perToken)));
  details_->setText(tr("Per token: %1 with LLM only, %2 with LLM → SLM.\n"
                       "Whole answer: %3 against %4 (the answers may differ in length).")
                        .arg(formatDuration(speedup.llmMsPerToken), formatDuration(speedup.l2sMsPerToken),
                             formatDuration(speedup.llmTotalMs), formatDuration(speedup.l2sTotalMs)));
}

void ComparisonPanel::showUnavailable(const QString& why) {
  speedupValue_->setText(QStringLiteral("–"));
  details_->setText(why);
}

QString ComparisonPanel::speedupText() const { return speedupValue_->text(); }

}  // namespace l2s::studio

#include "ui/comparison_panel.h"

#include <QLabel>
#include <QScrollArea>
#include <QVBoxLayout>

#include "ui/format.h"

namespace l2s::studio {
namespace {

QLabel* wrapped(QWidget* parent, const QString& objectName) {
  auto* label = new QLabel(parent);
  label->setObjectName(objectName);
  label->setWordWrap(true);
  label->setTextInteractionFlags(Qt::TextSelectableByMouse);
  return label;
}

QString range(const Spread& spread) {
  return QStringLiteral("%1–%2").arg(QString::number(spread.low, 'f', spread.low < 100 ? 1 : 0),
                                     formatSpeedup(spread.high));
}

}  // namespace

ComparisonPanel::ComparisonPanel(QWidget* parent) : QFrame(parent) {
  setObjectName(QStringLiteral("comparison"));
  setFrameShape(QFrame::StyledPanel);
  // A fixed width: the text changes with every run, the columns must not.
  setFixedWidth(QFontMetrics(font()).averageCharWidth() * 44);

  policyLabel_ = wrapped(this, QStringLiteral("policy"));
  policyLabel_->setTextFormat(Qt::RichText);
  speedupCaption_ = wrapped(this, QStringLiteral("speedupCaption"));
  speedupCaption_->setText(tr("LLM → SLM decodes, against LLM only:"));
  speedupValue_ = new QLabel(this);
  speedupValue_->setObjectName(QStringLiteral("speedup"));
  QFont big = speedupValue_->font();
  big.setPointSizeF(big.pointSizeF() * 2.2);
  big.setBold(true);
  speedupValue_->setFont(big);
  unfair_ = wrapped(this, QStringLiteral("unfair"));
  unfair_->setStyleSheet(QStringLiteral("color: #a15c00; font-weight: bold;"));
  unfair_->setText(tr("Race: the runs shared the cores, so this is not a fair comparison. Choose Fair to measure."));
  spread_ = wrapped(this, QStringLiteral("speedupSpread"));
  details_ = wrapped(this, QStringLiteral("speedupDetails"));
  details_->setForegroundRole(QPalette::PlaceholderText);
  benchmark_ = wrapped(this, QStringLiteral("benchmark"));
  whyNotSlm_ = wrapped(this, QStringLiteral("whyNotSlm"));
  whyNotSlm_->setForegroundRole(QPalette::PlaceholderText);

  // The text scrolls rather than forcing the window taller.
  auto* content = new QWidget;
  auto* layout = new QVBoxLayout(content);
  layout->setContentsMargins(8, 6, 8, 6);
  layout->setSpacing(3);
  layout->addWidget(policyLabel_);
  layout->addSpacing(4);
  layout->addWidget(speedupCaption_);
  layout->addWidget(speedupValue_);
  layout->addWidget(unfair_);
  layout->addWidget(spread_);
  layout->addWidget(details_);
  layout->addSpacing(4);
  layout->addWidget(benchmark_);
  layout->addWidget(whyNotSlm_);
  layout->addStretch(1);
  auto* scroll = new QScrollArea(this);
  scroll->setWidget(content);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  auto* outer = new QVBoxLayout(this);
  outer->setContentsMargins(0, 0, 0, 0);
  outer->addWidget(scroll);
  setReference(QString(), QString(), QString());
  clear();
}

void ComparisonPanel::setPolicy(RunPolicy policy) {
  policy_ = policy;
  policyLabel_->setText(policy == RunPolicy::Race
                            ? tr("<b>Race</b>: all runs at once, sharing the cores")
                            : tr("<b>Fair</b>: one run at a time, each alone on the CPU"));
  policyLabel_->setToolTip(policyExplanation(policy));
}

void ComparisonPanel::setReference(const QString& benchmarkLine, const QString& benchmarkSource,
                                   const QString& whyNotSlm) {
  benchmark_->setText(benchmarkLine);
  benchmark_->setToolTip(benchmarkSource);
  benchmark_->setVisible(!benchmarkLine.isEmpty());
  whyNotSlm_->setText(whyNotSlm);
  whyNotSlm_->setVisible(!whyNotSlm.isEmpty());
}

void ComparisonPanel::clear() {
  speedupValue_->setText(QStringLiteral("–"));
  speedupValue_->setStyleSheet(QString());
  unfair_->hide();
  spread_->clear();
  details_->setText(tr("Shown when both the LLM only and the LLM → SLM runs finish."));
}

void ComparisonPanel::showWaiting() {
  clear();
  speedupValue_->setText(QStringLiteral("…"));
}

void ComparisonPanel::showSpeedup(const TimingSamples& samples, int plannedRounds) {
  const Spread perToken = samples.perToken();
  if (perToken.count == 0) return;
  const bool race = policy_ == RunPolicy::Race;
  const QString value = formatSpeedup(perToken.median);
  speedupValue_->setText(race              ? tr("≈ %1").arg(value)
                         : perToken.median >= 1 ? tr("%1 faster").arg(value)
                                                : tr("%1 (slower)").arg(value));
  // A race's figure is shown, greyed and marked, but not as a result.
  speedupValue_->setStyleSheet(
      race ? QStringLiteral("color: %1;").arg(palette().color(QPalette::PlaceholderText).name()) : QString());
  unfair_->setVisible(race);

  const int timed = samples.timedRounds();
  QString spread;
  if (timed >= 2)
    spread = tr("per token · median of %1 runs, %2").arg(timed).arg(range(perToken));
  else if (timed == 1)
    spread = tr("per token · one timing run");
  else
    spread = race ? tr("per token · one run") : tr("per token · one run (more: Timing runs in Run settings)");
  if (!race && timed < plannedRounds) spread += tr(" · measuring %1 of %2…").arg(timed + 1).arg(plannedRounds);
  spread_->setText(spread);

  const Spread whole = samples.wholeAnswer();
  details_->setText(whole.count >= 2
                        ? tr("Whole answer: %1 (%2), the answers' lengths included.")
                              .arg(formatSpeedup(whole.median), range(whole))
                        : tr("Whole answer: %1, the answers' lengths included.").arg(formatSpeedup(whole.median)));
}

void ComparisonPanel::showUnavailable(const QString& why) {
  clear();
  details_->setText(why);
}

QString ComparisonPanel::speedupText() const { return speedupValue_->text(); }

QString ComparisonPanel::spreadText() const { return spread_->text(); }

bool ComparisonPanel::isMarkedUnfair() const { return !unfair_->isHidden(); }

}  // namespace l2s::studio

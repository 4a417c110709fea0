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
  others_ = wrapped(this, QStringLiteral("otherSpeedups"));
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
  layout->addWidget(others_);
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
  speedupCaption_->setText(tr("The small model's decoding speedup, against LLM only:"));
  speedupValue_->setText(QStringLiteral("–"));
  speedupValue_->setStyleSheet(QString());
  unfair_->hide();
  spread_->clear();
  others_->clear();
  others_->hide();
  details_->setText(tr("Shown when the LLM only run and a small model's run finish."));
}

void ComparisonPanel::showWaiting() {
  clear();
  speedupValue_->setText(QStringLiteral("…"));
}

void ComparisonPanel::showSpeedup(const TimingSamples& samples, const QVector<ModeItem>& modes,
                                  const QString& baselineTitle, int plannedRounds) {
  // The headline: the first mode with a figure; a line for each other one.
  const ModeItem* headline = nullptr;
  QStringList others;
  for (const ModeItem& mode : modes) {
    const Spread spread = samples.perToken(mode.name);
    if (spread.count == 0) continue;
    if (!headline) {
      headline = &mode;
      continue;
    }
    others << (spread.count >= 2 ? tr("%1: %2 per token (%3)").arg(mode.title, formatSpeedup(spread.median), range(spread))
                                 : tr("%1: %2 per token").arg(mode.title, formatSpeedup(spread.median)));
  }
  if (!headline) return;
  speedupCaption_->setText(tr("%1 decodes, against %2:").arg(headline->title, baselineTitle));
  others_->setText(others.join(QLatin1Char('\n')));
  others_->setVisible(!others.isEmpty());
  const Spread perToken = samples.perToken(headline->name);
  const bool race = policy_ == RunPolicy::Race;
  const QString value = formatSpeedup(perToken.median);
  speedupValue_->setText(race              ? tr("≈ %1").arg(value)
                         : perToken.median >= 1 ? tr("%1 faster").arg(value)
                                                : tr("%1 (slower)").arg(value));
  // A race's figure is shown, greyed and marked, but not as a result.
  speedupValue_->setStyleSheet(
      race ? QStringLiteral("color: %1;").arg(palette().color(QPalette::PlaceholderText).name()) : QString());
  unfair_->setVisible(race);

  const int timed = samples.timedRounds(headline->name);
  QString spread;
  if (timed >= 2)
    spread = tr("per token · median of %1 runs, %2").arg(timed).arg(range(perToken));
  else if (timed == 1)
    spread = tr("per token · one timing run");
  else
    spread = race ? tr("per token · one run") : tr("per token · one run (more: Timing runs in Run settings)");
  if (!race && timed < plannedRounds) spread += tr(" · measuring %1 of %2…").arg(timed + 1).arg(plannedRounds);
  spread_->setText(spread);

  const Spread whole = samples.wholeAnswer(headline->name);
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

QString ComparisonPanel::captionText() const { return speedupCaption_->text(); }

QString ComparisonPanel::othersText() const { return others_->text(); }

bool ComparisonPanel::isMarkedUnfair() const { return !unfair_->isHidden(); }

}  // namespace l2s::studio

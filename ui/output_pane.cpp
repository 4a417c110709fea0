#include "ui/output_pane.h"

#include <QApplication>
#include <QClipboard>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QToolButton>
#include <QVBoxLayout>
#include <cmath>

#include "ui/elided_label.h"
#include "ui/format.h"
#include "ui/speedup.h"

namespace l2s::studio {
namespace {

constexpr int kTickMs = 100;
constexpr int kFrameMs = 33;
constexpr int kCopiedMs = 1500;

ElidedLabel* metricValue(QWidget* parent, const QString& objectName) {
  auto* label = new ElidedLabel(QStringLiteral("–"), parent);
  label->setObjectName(objectName);
  QFont font = label->font();
  font.setBold(true);
  label->setFont(font);
  return label;
}

ElidedLabel* metricCaption(QWidget* parent, const QString& text) {
  auto* label = new ElidedLabel(text, parent);
  label->setForegroundRole(QPalette::PlaceholderText);
  return label;
}

}  // namespace

OutputPane::OutputPane(const ModeItem& mode, QWidget* parent) : QFrame(parent), mode_(mode) {
  setObjectName(QStringLiteral("pane_%1").arg(mode.name));
  setFrameShape(QFrame::StyledPanel);
  // Every pane as wide as the others whatever it shows: columns do not jump.
  setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);

  // The title is always whole: on one line where the pane is wide enough,
  // else wrapped at its words ("LLM, verified drafts (T5)" beside Copy in a
  // quarter of a small screen). The state takes only the width left over, so
  // the title does not rewrap as the state changes.
  auto* title = new QLabel(mode.title, this);
  title->setObjectName(QStringLiteral("title"));
  title->setWordWrap(true);
  QFont titleFont = title->font();
  titleFont.setBold(true);
  titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
  title->setFont(titleFont);
  stateLabel_ = new ElidedLabel(this);
  stateLabel_->setObjectName(QStringLiteral("state"));
  stateLabel_->setForegroundRole(QPalette::PlaceholderText);
  stateLabel_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  copyButton_ = new QToolButton(this);
  copyButton_->setObjectName(QStringLiteral("copy"));
  copyButton_->setText(tr("Copy"));
  copyButton_->setToolTip(tr("Copy this answer to the clipboard"));
  copyButton_->setAutoRaise(true);
  connect(copyButton_, &QToolButton::clicked, this, &OutputPane::copyToClipboard);
  copiedTimer_.setSingleShot(true);
  copiedTimer_.setInterval(kCopiedMs);
  connect(&copiedTimer_, &QTimer::timeout, this, [this] { copyButton_->setText(tr("Copy")); });

  auto* header = new QHBoxLayout;
  header->addWidget(title);
  header->addWidget(stateLabel_, 1);
  header->addWidget(copyButton_);

  // Wrapped, not elided: the figures are the point of the line.
  reference_ = new QLabel(this);
  reference_->setObjectName(QStringLiteral("reference"));
  reference_->setWordWrap(true);
  reference_->setForegroundRole(QPalette::PlaceholderText);
  reference_->hide();

  editor_ = new QPlainTextEdit(this);
  editor_->setObjectName(QStringLiteral("output"));
  editor_->setReadOnly(true);
  editor_->setPlaceholderText(tr("The answer appears here, token by token."));
  editor_->setMinimumHeight(QFontMetrics(editor_->font()).lineSpacing() * 2 + 12);

  firstTokenValue_ = metricValue(this, QStringLiteral("firstToken"));
  speedValue_ = metricValue(this, QStringLiteral("speed"));
  elapsedValue_ = metricValue(this, QStringLiteral("elapsed"));
  tokensValue_ = metricValue(this, QStringLiteral("tokens"));
  firstTokenValue_->setExplanation(tr("Time to first token: reading the prompt plus the first decoding step"));
  speedValue_->setExplanation(tr("Decoding speed: generated tokens per second, after the prompt is read"));
  speedCaption_ = metricCaption(this, tr("Speed"));
  speedCaption_->setObjectName(QStringLiteral("speedCaption"));
  // Two by two: the values have room at the narrowest window.
  auto* metrics = new QGridLayout;
  metrics->setVerticalSpacing(0);
  metrics->addWidget(metricCaption(this, tr("First token")), 0, 0);
  metrics->addWidget(speedCaption_, 0, 1);
  metrics->addWidget(firstTokenValue_, 1, 0);
  metrics->addWidget(speedValue_, 1, 1);
  metrics->addWidget(metricCaption(this, tr("Elapsed")), 2, 0);
  metrics->addWidget(metricCaption(this, tr("Tokens")), 2, 1);
  metrics->addWidget(elapsedValue_, 3, 0);
  metrics->addWidget(tokensValue_, 3, 1);
  if (mode.kind == l2s::ModeKind::Verified) {
    // What speculative decoding saved: docs/verified.md.
    acceptanceValue_ = metricValue(this, QStringLiteral("acceptance"));
    tokensPerStepValue_ = metricValue(this, QStringLiteral("tokensPerLlmStep"));
    metrics->addWidget(metricCaption(this, tr("Drafts kept")), 4, 0);
    metrics->addWidget(metricCaption(this, tr("Per LLM step")), 4, 1);
    metrics->addWidget(acceptanceValue_, 5, 0);
    metrics->addWidget(tokensPerStepValue_, 5, 1);
  }
  metrics->setColumnStretch(0, 1);
  metrics->setColumnStretch(1, 1);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(8, 6, 8, 6);
  layout->setSpacing(4);
  layout->addLayout(header);
  layout->addWidget(reference_);
  layout->addWidget(editor_, 1);
  layout->addLayout(metrics);

  ticker_.setInterval(kTickMs);
  connect(&ticker_, &QTimer::timeout, this, &OutputPane::showLiveMetrics);
  frame_.setInterval(kFrameMs);
  frame_.setSingleShot(true);
  connect(&frame_, &QTimer::timeout, this, &OutputPane::flushPendingText);
}

QString OutputPane::text() const { return editor_->toPlainText() + pendingText_; }

QString OutputPane::metricsText() const {
  return QStringLiteral("%1 | %2 | %3 | %4")
      .arg(firstTokenValue_->fullText(), speedValue_->fullText(), elapsedValue_->fullText(), tokensValue_->fullText());
}

QString OutputPane::verificationText() const {
  if (!acceptanceValue_) return QString();
  return QStringLiteral("%1 | %2").arg(acceptanceValue_->fullText(), tokensPerStepValue_->fullText());
}

QString OutputPane::stateText() const { return stateLabel_->fullText(); }

QString OutputPane::referenceText() const { return reference_->text(); }

void OutputPane::setReference(const QString& line, const QString& explanation) {
  reference_->setText(line);
  reference_->setToolTip(explanation);
  reference_->setVisible(!line.isEmpty());
}

void OutputPane::clear() {
  ticker_.stop();
  frame_.stop();
  pendingText_.clear();
  editor_->clear();
  tokens_ = 0;
  firstTokenMs_ = -1;
  lastTokenMs_ = 0;
  slowMotion_ = 1;
  speedCaption_->setFullText(tr("Speed"));
  showMetrics(-1, 0, -1, 0, false);
  showVerification(nullptr);
  setState(State::Idle, QString());
}

void OutputPane::markWaiting(const QString& waitingFor) {
  clear();
  setState(State::Waiting, waitingFor);
}

void OutputPane::markStarted(double slowMotion) {
  slowMotion_ = slowMotion > 0 ? slowMotion : 1;
  clock_.start();
  ticker_.start();
  QString label = wholeAnswerAtOnce_ ? tr("searching… beam search shows the answer when it ends") : tr("generating…");
  if (slowMotion_ > 1) label = tr("replay, %1× slower · %2").arg(slowMotion_).arg(label);
  setState(State::Running, label);
  showLiveMetrics();
}

void OutputPane::appendToken(const QString& text, qint64 index, double elapsedMs) {
  if (state_ != State::Running) markStarted(slowMotion_);
  if (firstTokenMs_ < 0) firstTokenMs_ = elapsedMs;
  lastTokenMs_ = elapsedMs;
  tokens_ = index + 1;
  pendingText_ += text;
  if (!frame_.isActive()) frame_.start();
}

void OutputPane::flushPendingText() {
  frame_.stop();
  if (!pendingText_.isEmpty()) {
    // Appending at the end keeps the view following the text unless the user scrolled up.
    QScrollBar* bar = editor_->verticalScrollBar();
    const bool following = bar->value() == bar->maximum();
    QTextCursor cursor(editor_->document());
    cursor.movePosition(QTextCursor::End);
    cursor.insertText(pendingText_);
    pendingText_.clear();
    if (following) bar->setValue(bar->maximum());
  }
  showLiveMetrics();
}

void OutputPane::finish(const RunMetrics& metrics, const QString& finalText) {
  flushPendingText();
  ticker_.stop();
  // The decoded answer is the reference: streaming shows pieces, and a few
  // (unknown or special tokens) decode differently as a whole.
  if (!finalText.isEmpty() && finalText != text()) editor_->setPlainText(finalText);
  tokens_ = metrics.generatedTokens;
  streamedRate_ = formatRate(metrics.tokensPerSecond);
  showMetrics(metrics.generatedTokens > 0 ? metrics.timeToFirstTokenMs : -1, metrics.tokensPerSecond,
              metrics.totalMs, metrics.generatedTokens, false);
  showVerification(&metrics);
  if (metrics.cancelled) {
    setState(State::Stopped, tr("stopped"));
    return;
  }
  QString label = slowMotion_ > 1 ? tr("replayed") : tr("done");
  if (!metrics.reachedEos) {
    // The answer was cut at the limit rather than ended by the model.
    label += tr(" · reached the token limit");
    tokensValue_->setFullText(tr("%1 (max)").arg(metrics.generatedTokens));
    tokensValue_->setExplanation(tr("Stopped at “max new tokens” before the answer ended"));
  }
  if (wholeAnswerAtOnce_) {
    label += tr(" · beam search: the answer came at once");
    firstTokenValue_->setExplanation(
        tr("Beam search keeps several candidate answers and picks one at the end, so the first token "
           "arrives with the whole answer."));
  }
  setState(State::Done, label);
}

void OutputPane::fail(const QString& message) {
  frame_.stop();
  pendingText_.clear();
  ticker_.stop();
  editor_->setPlainText(message);
  setState(State::Failed, tr("failed"));
}

void OutputPane::markStopped() {
  if (!isActive()) return;
  flushPendingText();  // tokens that arrived before Stop belong to the answer
  ticker_.stop();
  setState(State::Stopped, state_ == State::Waiting ? tr("not run (stopped)") : tr("stopped"));
}

void OutputPane::markStale() {
  if (state_ != State::Done && state_ != State::Stopped) return;
  setState(State::Stale, tr("for an earlier input · Ctrl+Enter runs this one"));
}

void OutputPane::showMeasuredSpeed(const Spread& tokensPerSecond) {
  if (tokensPerSecond.count < 2 || state_ != State::Done) return;
  speedCaption_->setFullText(tr("Median speed"));
  speedValue_->setFullText(formatRate(tokensPerSecond.median));
  speedValue_->setExplanation(tr("Median decoding speed of %1 timing runs (%2 to %3); the streamed run made %4.")
                                  .arg(tokensPerSecond.count)
                                  .arg(formatRate(tokensPerSecond.low), formatRate(tokensPerSecond.high), streamedRate_));
}

void OutputPane::copyToClipboard() {
  if (state_ == State::Failed || text().isEmpty()) return;
  QApplication::clipboard()->setText(text());
  copyButton_->setText(tr("Copied ✓"));
  copiedTimer_.start();
}

void OutputPane::setState(State state, const QString& label) {
  state_ = state;
  stateLabel_->setFullText(label);
  const bool failed = state == State::Failed;
  stateLabel_->setStyleSheet(failed ? QStringLiteral("color: #b3261e; font-weight: bold;") : QString());
  editor_->setStyleSheet(failed                  ? QStringLiteral("color: #b3261e;")
                         : state == State::Stale
                             ? QStringLiteral("color: %1;").arg(palette().color(QPalette::PlaceholderText).name())
                                                 : QString());
  copyButton_->setEnabled(!failed);
}

void OutputPane::showLiveMetrics() {
  if (state_ != State::Running) return;
  // Tokens per second so far: the tokens after the first over the time since it.
  const double decodeMs = lastTokenMs_ - firstTokenMs_;
  const double rate = tokens_ >= 2 && decodeMs > 0 ? 1000.0 * static_cast<double>(tokens_ - 1) / decodeMs : 0;
  showMetrics(firstTokenMs_, rate, static_cast<double>(clock_.elapsed()) / slowMotion_, tokens_, true);
}

void OutputPane::showMetrics(double firstTokenMs, double tokensPerSecond, double elapsedMs, qint64 tokens,
                             bool estimate) {
  firstTokenValue_->setFullText(firstTokenMs >= 0 ? formatDuration(firstTokenMs) : QStringLiteral("–"));
  firstTokenValue_->setExplanation(tr("Time to first token: reading the prompt plus the first decoding step"));
  const QString rate = formatRate(tokensPerSecond);
  speedValue_->setFullText(estimate && tokensPerSecond > 0 ? QStringLiteral("≈ ") + rate : rate);
  speedValue_->setExplanation(tr("Decoding speed: generated tokens per second, after the prompt is read"));
  elapsedValue_->setFullText(elapsedMs >= 0 ? formatDuration(elapsedMs) : QStringLiteral("–"));
  tokensValue_->setFullText(QString::number(tokens));
  tokensValue_->setExplanation(QString());
}

void OutputPane::showVerification(const RunMetrics* metrics) {
  if (!acceptanceValue_) return;
  const bool known = metrics && metrics->llmSteps > 0;
  acceptanceValue_->setFullText(known && metrics->draftTokens > 0
                                    ? QStringLiteral("%1%").arg(std::lround(100 * metrics->acceptanceRate()))
                                    : QStringLiteral("–"));
  acceptanceValue_->setExplanation(
      known ? tr("The LLM kept %1 of the %2 tokens the small model drafted")
                  .arg(metrics->acceptedTokens)
                  .arg(metrics->draftTokens)
            : tr("Drafts kept: the share of the small model's drafted tokens that the LLM accepted"));
  tokensPerStepValue_->setFullText(known ? tr("%1 tokens").arg(metrics->tokensPerLlmStep(), 0, 'f', 2)
                                         : QStringLiteral("–"));
  tokensPerStepValue_->setExplanation(
      known ? tr("%1 tokens in %2 passes of the LLM's decoder; the LLM alone makes one token per pass")
                  .arg(metrics->decodeSteps)
                  .arg(metrics->llmSteps)
            : tr("Tokens per LLM step: tokens generated per pass of the LLM's decoder (the LLM alone makes one)"));
}

}  // namespace l2s::studio

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

#include "ui/format.h"

namespace l2s::studio {
namespace {

constexpr int kTickMs = 100;
constexpr int kFrameMs = 33;

QLabel* metricValue(QWidget* parent, const QString& objectName) {
  auto* label = new QLabel(QStringLiteral("–"), parent);
  label->setObjectName(objectName);
  QFont font = label->font();
  font.setBold(true);
  label->setFont(font);
  label->setTextInteractionFlags(Qt::TextSelectableByMouse);
  return label;
}

QLabel* metricCaption(QWidget* parent, const QString& text) {
  auto* label = new QLabel(text, parent);
  label->setForegroundRole(QPalette::PlaceholderText);
  return label;
}

}  // namespace

OutputPane::OutputPane(l2s::Mode mode, QWidget* parent) : QFrame(parent), mode_(mode) {
  setObjectName(QStringLiteral("pane_%1").arg(QString::fromLatin1(l2s::mode_name(mode))));
  setFrameShape(QFrame::StyledPanel);

  auto* title = new QLabel(modeTitle(mode), this);
  QFont titleFont = title->font();
  titleFont.setBold(true);
  titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
  title->setFont(titleFont);
  stateLabel_ = new QLabel(this);
  stateLabel_->setObjectName(QStringLiteral("state"));
  stateLabel_->setForegroundRole(QPalette::PlaceholderText);
  // A long state ("done · reached the token limit") must not widen the pane.
  stateLabel_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  copyButton_ = new QToolButton(this);
  copyButton_->setText(tr("Copy"));
  copyButton_->setToolTip(tr("Copy this answer to the clipboard"));
  copyButton_->setAutoRaise(true);
  connect(copyButton_, &QToolButton::clicked, this, &OutputPane::copyToClipboard);

  auto* header = new QHBoxLayout;
  header->addWidget(title);
  header->addWidget(stateLabel_, 1);
  header->addWidget(copyButton_);

  editor_ = new QPlainTextEdit(this);
  editor_->setObjectName(QStringLiteral("output"));
  editor_->setReadOnly(true);
  editor_->setPlaceholderText(tr("The answer appears here, token by token."));

  firstTokenValue_ = metricValue(this, QStringLiteral("firstToken"));
  speedValue_ = metricValue(this, QStringLiteral("speed"));
  elapsedValue_ = metricValue(this, QStringLiteral("elapsed"));
  tokensValue_ = metricValue(this, QStringLiteral("tokens"));
  firstTokenValue_->setToolTip(tr("Time to first token: reading the prompt plus the first decoding step"));
  speedValue_->setToolTip(tr("Decoding speed: generated tokens per second, after the prompt is read"));
  auto* metrics = new QGridLayout;
  metrics->addWidget(metricCaption(this, tr("First token")), 0, 0);
  metrics->addWidget(metricCaption(this, tr("Speed")), 0, 1);
  metrics->addWidget(metricCaption(this, tr("Elapsed")), 0, 2);
  metrics->addWidget(metricCaption(this, tr("Tokens")), 0, 3);
  metrics->addWidget(firstTokenValue_, 1, 0);
  metrics->addWidget(speedValue_, 1, 1);
  metrics->addWidget(elapsedValue_, 1, 2);
  metrics->addWidget(tokensValue_, 1, 3);

  auto* layout = new QVBoxLayout(this);
  layout->addLayout(header);
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
      .arg(firstTokenValue_->text(), speedValue_->text(), elapsedValue_->text(), tokensValue_->text());
}

void OutputPane::clear() {
  ticker_.stop();
  frame_.stop();
  pendingText_.clear();
  editor_->clear();
  tokens_ = 0;
  firstTokenMs_ = -1;
  lastTokenMs_ = 0;
  showMetrics(-1, 0, -1, 0, false);
  setState(State::Idle, QString());
}

void OutputPane::markWaiting(const QString& waitingFor) {
  clear();
  setState(State::Waiting, waitingFor);
}

void OutputPane::markStarted() {
  clock_.start();
  ticker_.start();
  setState(State::Running, tr("generating…"));
  showLiveMetrics();
}

void OutputPane::appendToken(const QString& text, qint64 index, double elapsedMs) {
  if (state_ != State::Running) markStarted();
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
  showMetrics(metrics.generatedTokens > 0 ? metrics.timeToFirstTokenMs : -1, metrics.tokensPerSecond,
              metrics.totalMs, metrics.generatedTokens, false);
  if (metrics.cancelled) {
    setState(State::Stopped, tr("stopped"));
  } else {
    setState(State::Done, tr("done"));
    if (!metrics.reachedEos) {
      // The answer was cut at the limit rather than ended by the model.
      tokensValue_->setText(tr("%1 (max)").arg(metrics.generatedTokens));
      tokensValue_->setToolTip(tr("Stopped at “max new tokens” before the answer ended"));
    }
  }
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

void OutputPane::copyToClipboard() {
  if (state_ == State::Failed || text().isEmpty()) return;
  QApplication::clipboard()->setText(text());
}

void OutputPane::setState(State state, const QString& label) {
  state_ = state;
  stateLabel_->setText(label);
  const bool failed = state == State::Failed;
  stateLabel_->setStyleSheet(failed ? QStringLiteral("color: #b3261e; font-weight: bold;") : QString());
  editor_->setStyleSheet(failed ? QStringLiteral("color: #b3261e;") : QString());
  copyButton_->setEnabled(!failed);
}

void OutputPane::showLiveMetrics() {
  if (state_ != State::Running) return;
  // Tokens per second so far: the tokens after the first over the time since it.
  const double decodeMs = lastTokenMs_ - firstTokenMs_;
  const double rate = tokens_ >= 2 && decodeMs > 0 ? 1000.0 * static_cast<double>(tokens_ - 1) / decodeMs : 0;
  showMetrics(firstTokenMs_, rate, static_cast<double>(clock_.elapsed()), tokens_, true);
}

void OutputPane::showMetrics(double firstTokenMs, double tokensPerSecond, double elapsedMs, qint64 tokens,
                             bool estimate) {
  firstTokenValue_->setText(firstTokenMs >= 0 ? formatDuration(firstTokenMs) : QStringLiteral("–"));
  const QString rate = formatRate(tokensPerSecond);
  speedValue_->setText(estimate && tokensPerSecond > 0 ? QStringLiteral("≈ ") + rate : rate);
  elapsedValue_->setText(elapsedMs >= 0 ? formatDuration(elapsedMs) : QStringLiteral("–"));
  tokensValue_->setText(QString::number(tokens));
  tokensValue_->setToolTip(QString());
}

}  // namespace l2s::studio

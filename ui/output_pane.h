#pragma once
// One mode's answer, filling token by token, with its live metrics: time to
// first token, tokens per second, elapsed time and tokens generated (and for
// a verified mode, once it finished, the share of drafts the LLM kept and the
// tokens per LLM step); and the pack's own benchmark figures for the mode,
// for reference.
#include <QElapsedTimer>
#include <QFrame>
#include <QTimer>

#include "ui/engine_types.h"

class QLabel;
class QPlainTextEdit;
class QToolButton;

namespace l2s::studio {

class ElidedLabel;
struct Spread;

class OutputPane : public QFrame {
  Q_OBJECT

 public:
  enum class State { Idle, Waiting, Running, Done, Stopped, Failed, Stale };

  explicit OutputPane(const ModeItem& mode, QWidget* parent = nullptr);

  const ModeItem& mode() const { return mode_; }
  QString title() const { return mode_.title; }
  State state() const { return state_; }
  bool isActive() const { return state_ == State::Waiting || state_ == State::Running; }
  QString text() const;
  qint64 tokenCount() const { return tokens_; }
  QString metricsText() const;  // the metrics line as shown
  QString verificationText() const;  // verified modes: "61% | 2.52 tokens"; empty for the others
  QString stateText() const;    // the state label's whole text
  QString referenceText() const;

  // The pack's benchmarked figures for this mode; empty hides the line.
  void setReference(const QString& line, const QString& explanation);
  // Beam search finds the whole answer before showing any of it.
  void setWholeAnswerAtOnce(bool atOnce) { wholeAnswerAtOnce_ = atOnce; }

  void clear();
  // A request was made; `waitingFor` explains why it has not started yet.
  void markWaiting(const QString& waitingFor);
  // `slowMotion` > 1 for a replay: the elapsed time shown is the recorded one.
  void markStarted(double slowMotion = 1);
  void appendToken(const QString& text, qint64 index, double elapsedMs);
  void finish(const RunMetrics& metrics, const QString& finalText);
  void fail(const QString& message);
  void markStopped();
  // The input changed since this answer: it no longer answers what is shown.
  void markStale();
  // The decoding speed measured over the timing runs replaces the streamed run's.
  void showMeasuredSpeed(const Spread& tokensPerSecond);

 public slots:
  void copyToClipboard();

 private:
  void setState(State state, const QString& label);
  void flushPendingText();
  void showLiveMetrics();
  void showMetrics(double firstTokenMs, double tokensPerSecond, double elapsedMs, qint64 tokens, bool estimate);
  void showVerification(const RunMetrics* metrics);  // null: not known yet

  ModeItem mode_;
  State state_ = State::Idle;
  ElidedLabel* stateLabel_;
  QLabel* reference_;
  QPlainTextEdit* editor_;
  ElidedLabel* speedCaption_;
  ElidedLabel* firstTokenValue_;
  ElidedLabel* speedValue_;
  ElidedLabel* elapsedValue_;
  ElidedLabel* tokensValue_;
  ElidedLabel* acceptanceValue_ = nullptr;    // verified modes only
  ElidedLabel* tokensPerStepValue_ = nullptr;  // verified modes only
  QToolButton* copyButton_;
  QTimer copiedTimer_;  // how long "Copied" shows on the button
  QElapsedTimer clock_;
  double slowMotion_ = 1;
  QTimer ticker_;  // refreshes the elapsed time while running
  // Tokens are drawn at most once a frame: a fast model would otherwise spend
  // on repainting the CPU time it is being measured on.
  QString pendingText_;
  QTimer frame_;
  qint64 tokens_ = 0;
  double firstTokenMs_ = -1;
  double lastTokenMs_ = 0;
  bool wholeAnswerAtOnce_ = false;
  QString streamedRate_;  // the streamed run's speed, beside the timing runs' median
};

}  // namespace l2s::studio

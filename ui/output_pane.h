#pragma once
// One mode's answer, filling token by token, with its live metrics: time to
// first token, tokens per second, elapsed time and tokens generated.
#include <QElapsedTimer>
#include <QFrame>
#include <QTimer>

#include "ui/engine_types.h"

class QLabel;
class QPlainTextEdit;
class QToolButton;

namespace l2s::studio {

class OutputPane : public QFrame {
  Q_OBJECT

 public:
  enum class State { Idle, Waiting, Running, Done, Stopped, Failed };

  explicit OutputPane(l2s::Mode mode, QWidget* parent = nullptr);

  l2s::Mode mode() const { return mode_; }
  State state() const { return state_; }
  bool isActive() const { return state_ == State::Waiting || state_ == State::Running; }
  QString text() const;
  qint64 tokenCount() const { return tokens_; }
  QString metricsText() const;  // the metrics line as shown

  void clear();
  // A request was made; `waitingFor` explains why it has not started yet.
  void markWaiting(const QString& waitingFor);
  void markStarted();
  void appendToken(const QString& text, qint64 index, double elapsedMs);
  void finish(const RunMetrics& metrics, const QString& finalText);
  void fail(const QString& message);
  void markStopped();

 public slots:
  void copyToClipboard();

 private:
  void setState(State state, const QString& label);
  void flushPendingText();
  void showLiveMetrics();
  void showMetrics(double firstTokenMs, double tokensPerSecond, double elapsedMs, qint64 tokens, bool estimate);

  l2s::Mode mode_;
  State state_ = State::Idle;
  QLabel* stateLabel_;
  QPlainTextEdit* editor_;
  QLabel* firstTokenValue_;
  QLabel* speedValue_;
  QLabel* elapsedValue_;
  QLabel* tokensValue_;
  QToolButton* copyButton_;
  QElapsedTimer clock_;
  QTimer ticker_;  // refreshes the elapsed time while running
  // Tokens are drawn at most once a frame: a fast model would otherwise spend
  // on repainting the CPU time it is being measured on.
  QString pendingText_;
  QTimer frame_;
  qint64 tokens_ = 0;
  double firstTokenMs_ = -1;
  double lastTokenMs_ = 0;
};

}  // namespace l2s::studio

#pragma once
// The streamed runs of a request as they were timed, and their replay in
// slow motion: every pane starts at once and fills at its run's true pace,
// `slowMotion` times slower, so a race of 50-300 ms can be followed by eye.
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include "ui/engine_types.h"

namespace l2s::studio {

struct RecordedToken {
  double ms = 0;  // since the run started
  qint64 index = 0;
  QString text;
};

struct RecordedRun {
  QString mode;  // the pack's mode name
  QVector<RecordedToken> tokens;
  RunMetrics metrics;
  QString text;   // the final answer
  QString error;  // a failed run's message
  bool ended = false;
};

class RunRecording {
 public:
  void clear() { runs_.clear(); }
  void start(const QString& mode);
  void addToken(const QString& mode, const QString& text, qint64 index, double ms);
  void finish(const QString& mode, const RunMetrics& metrics, const QString& text);
  void fail(const QString& mode, const QString& message);
  // Every run recorded ended, none was stopped, and at least one answered.
  bool canReplay() const;
  const QVector<RecordedRun>& runs() const { return runs_; }

 private:
  RecordedRun* find(const QString& mode);
  QVector<RecordedRun> runs_;
};

class ReplayPlayer : public QObject {
  Q_OBJECT

 public:
  explicit ReplayPlayer(QObject* parent = nullptr);

  void play(const RunRecording& recording, double slowMotion);
  void stop();
  bool isPlaying() const { return timer_.isActive(); }

 signals:
  // The same events as a live run's, at the recorded times (not scaled).
  void runStarted(const QString& mode, double slowMotion);
  void token(const QString& mode, const QString& text, qint64 index, double elapsedMs);
  void runFinished(const QString& mode, const l2s::studio::RunMetrics& metrics, const QString& text);
  void runFailed(const QString& mode, const QString& message);
  void finished();  // every run replayed; not emitted when stopped

 private:
  void tick();

  QVector<RecordedRun> runs_;
  QVector<int> next_;  // per run: the next token to show; -1 once ended
  double slowMotion_ = 1;
  QElapsedTimer clock_;
  QTimer timer_;
};

}  // namespace l2s::studio

#include "ui/replay.h"

namespace l2s::studio {
namespace {
constexpr int kFrameMs = 16;
}

RecordedRun* RunRecording::find(const QString& mode) {
  for (RecordedRun& run : runs_)
    if (run.mode == mode) return &run;
  return nullptr;
}

void RunRecording::start(const QString& mode) {
  if (RecordedRun* run = find(mode)) {
    *run = RecordedRun{};
    run->mode = mode;
    return;
  }
  RecordedRun run;
  run.mode = mode;
  runs_ << run;
}

void RunRecording::addToken(const QString& mode, const QString& text, qint64 index, double ms) {
  if (RecordedRun* run = find(mode)) run->tokens << RecordedToken{ms, index, text};
}

void RunRecording::finish(const QString& mode, const RunMetrics& metrics, const QString& text) {
  if (RecordedRun* run = find(mode)) {
    run->metrics = metrics;
    run->text = text;
    run->ended = true;
  }
}

void RunRecording::fail(const QString& mode, const QString& message) {
  RecordedRun* run = find(mode);
  if (!run) {
    start(mode);
    run = find(mode);
  }
  run->error = message;
  run->ended = true;
}

bool RunRecording::canReplay() const {
  bool answered = false;
  for (const RecordedRun& run : runs_) {
    if (!run.ended || run.metrics.cancelled) return false;
    answered = answered || run.error.isEmpty();
  }
  return answered;
}

ReplayPlayer::ReplayPlayer(QObject* parent) : QObject(parent) {
  timer_.setInterval(kFrameMs);
  connect(&timer_, &QTimer::timeout, this, &ReplayPlayer::tick);
}

void ReplayPlayer::play(const RunRecording& recording, double slowMotion) {
  stop();
  runs_ = recording.runs();
  next_ = QVector<int>(runs_.size(), 0);
  slowMotion_ = slowMotion > 0 ? slowMotion : 1;
  for (qsizetype i = 0; i < runs_.size(); ++i)
    if (!runs_[i].error.isEmpty()) next_[i] = -1;
  const QVector<RecordedRun> runs = runs_;
  for (const RecordedRun& run : runs) {
    if (run.error.isEmpty())
      emit runStarted(run.mode, slowMotion_);
    else
      emit runFailed(run.mode, run.error);
  }
  clock_.start();
  timer_.start();
  tick();
}

void ReplayPlayer::stop() {
  timer_.stop();
  runs_.clear();
  next_.clear();
}

void ReplayPlayer::tick() {
  const double now = static_cast<double>(clock_.elapsed()) / slowMotion_;  // in the recording's time
  bool playing = false;
  // A receiver may stop the replay from a slot: the loops re-check runs_.
  for (qsizetype i = 0; i < runs_.size(); ++i) {
    if (next_[i] < 0) continue;
    while (i < runs_.size() && next_[i] < runs_[i].tokens.size() && runs_[i].tokens[next_[i]].ms <= now) {
      const RecordedToken t = runs_[i].tokens[next_[i]++];
      emit token(runs_[i].mode, t.text, t.index, t.ms);
    }
    if (i >= runs_.size()) return;
    if (next_[i] == runs_[i].tokens.size() && now >= runs_[i].metrics.totalMs) {
      next_[i] = -1;
      const RecordedRun run = runs_[i];
      emit runFinished(run.mode, run.metrics, run.text);
    } else {
      playing = true;
    }
  }
  if (!playing && timer_.isActive()) {
    stop();
    emit finished();
  }
}

}  // namespace l2s::studio

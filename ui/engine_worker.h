#pragma once
// The only object that touches the models. It lives in its own thread (see
// EngineHost); requests reach it as queued slot calls and results leave it as
// queued signals carrying value types.
//
// No queue: before queuing a request, the GUI thread tells the worker its id
// (supersedeRuns / supersedeLoads). A request that is no longer the newest when
// its turn comes is skipped, and a run in flight is cancelled at its next token
// through its CancelFlag, which the GUI thread sets directly.
#include <QObject>
#include <functional>
#include <memory>
#include <mutex>

#include "ui/engine_types.h"

namespace l2s::studio {

class EngineWorker : public QObject {
  Q_OBJECT

 public:
  explicit EngineWorker(QObject* parent = nullptr);
  ~EngineWorker() override;

  // Thread-safe; the GUI thread calls these before queuing the matching slot.
  void supersedeRuns(quint64 newestId);   // older runs are skipped, or cancelled if running
  void supersedeLoads(quint64 newestId);  // older loads that have not started are skipped
  void stopRuns();                        // cancels the run in flight and any queued one

 public slots:
  // These run in the worker's thread.
  void loadPack(quint64 loadId, const QString& dir);
  void loadModels(quint64 loadId, const l2s::studio::ModelFolders& folders);
  void run(const l2s::studio::RunRequest& request);

 signals:
  void loadStarted(quint64 loadId);
  void packLoaded(quint64 loadId, const l2s::studio::PackSummary& summary);
  void packFailed(quint64 loadId, const QString& message);
  void runStarted(quint64 id, const QString& mode);
  void token(quint64 id, const QString& mode, const QString& text, qint64 index, double elapsedMs);
  void runFinished(quint64 id, const QString& mode, const l2s::studio::RunMetrics& metrics, const QString& text);
  void runFailed(quint64 id, const QString& mode, const QString& message);
  // A timing run (round 1, 2, ... after the streamed one): metrics only.
  void timingRun(quint64 id, int round, const QString& mode, const l2s::studio::RunMetrics& metrics);
  // Every mode of request `id` is done, or the request was skipped.
  void requestFinished(quint64 id);

 private:
  void load(quint64 loadId, const std::function<l2s::PackRunner()>& open, const QString& packDir);
  PackSummary summarize(const l2s::PackRunner& runner, const QString& packDir, double loadMs) const;
  std::shared_ptr<l2s::CancelFlag> beginRun(quint64 id);
  void endRun(const std::shared_ptr<l2s::CancelFlag>& cancel);
  // Returns the modes that answered (not failed, not cancelled).
  QStringList runModes(const RunRequest& request, const QStringList& modes, const l2s::CancelFlag& cancel);
  void runModesAtOnce(const RunRequest& request, const QStringList& modes, const l2s::CancelFlag& cancel);
  bool runMode(const RunRequest& request, const QString& mode, const l2s::CancelFlag& cancel);
  // `roundMs`: how long the streamed round took, an estimate of each timing round.
  void runTimingRounds(const RunRequest& request, const QStringList& modes, double roundMs,
                       const l2s::CancelFlag& cancel);
  // Answers every segment of the request in turn; throws what generate() throws.
  RunMetrics generate(const RunRequest& request, const QString& mode, const l2s::CancelFlag& cancel,
                      const std::function<void(const QString& text, qint64 index, double elapsedMs)>& onToken,
                      QString* text) const;

  std::unique_ptr<l2s::PackRunner> runner_;  // touched only in the worker's thread

  std::mutex mutex_;  // guards what the GUI thread shares with the worker, below
  quint64 newestRun_ = 0;
  quint64 stoppedUpTo_ = 0;  // runs up to this id were stopped
  quint64 newestLoad_ = 0;
  std::shared_ptr<l2s::CancelFlag> currentCancel_;
};

}  // namespace l2s::studio

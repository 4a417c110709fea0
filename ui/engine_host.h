#pragma once
// The GUI thread's handle on the engine: it owns the worker thread, numbers
// the requests, and passes on only the events of the request the GUI shows,
// so results of superseded or stopped requests never reach a widget.
#include <QObject>
#include <QThread>
#include <memory>

#include "ui/engine_types.h"

namespace l2s::studio {

class EngineWorker;

class EngineHost : public QObject {
  Q_OBJECT

 public:
  explicit EngineHost(QObject* parent = nullptr);
  ~EngineHost() override;  // cancels the run in flight and waits for the worker

  // A new load cancels the run in flight; the current pack stays loaded until
  // the new one is ready (and stays if the new one fails).
  void loadPack(const QString& dir);
  void loadModels(const ModelFolders& folders);
  // Cancels the current request and starts this one; returns its id.
  quint64 startRun(RunRequest request);
  // Cancels the current request; what it has shown so far stays as it is.
  void stop();

  quint64 currentRunId() const { return shownRunId_; }  // 0: none shown
  bool isLoading() const { return loadingId_ != 0; }
  bool isRunning() const { return submittedRunId_ != finishedRunId_; }
  bool isBusy() const { return isLoading() || isRunning(); }
  bool hasPack() const { return hasPack_; }
  const PackSummary& pack() const { return pack_; }

 signals:
  void loadStarted();
  void packLoaded(const l2s::studio::PackSummary& summary);
  void packFailed(const QString& message);
  // Events of the shown request only.
  void runStarted(quint64 id, const QString& mode);
  void token(quint64 id, const QString& mode, const QString& text, qint64 index, double elapsedMs);
  void runFinished(quint64 id, const QString& mode, const l2s::studio::RunMetrics& metrics, const QString& text);
  void runFailed(quint64 id, const QString& mode, const QString& message);
  void timingRun(quint64 id, int round, const QString& mode, const l2s::studio::RunMetrics& metrics);
  void requestFinished(quint64 id);
  // Loading or running, or neither: the engine is idle.
  void busyChanged(bool busy);

 private:
  void connectWorker();
  void queueLoad(const std::function<void(EngineWorker*, quint64)>& call);
  void onWorkerRequestFinished(quint64 id);
  void onWorkerLoadResult(quint64 loadId);
  void updateBusy();

  QThread thread_;
  EngineWorker* worker_ = nullptr;  // lives in thread_; deleted when it ends
  quint64 nextRunId_ = 1, nextLoadId_ = 1;
  quint64 submittedRunId_ = 0, finishedRunId_ = 0, shownRunId_ = 0;
  quint64 loadingId_ = 0;
  bool hasPack_ = false;
  bool busy_ = false;
  PackSummary pack_;
};

}  // namespace l2s::studio

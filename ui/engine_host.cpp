#include "ui/engine_host.h"

#include "ui/engine_worker.h"

namespace l2s::studio {

EngineHost::EngineHost(QObject* parent) : QObject(parent) {
  registerEngineTypes();
  worker_ = new EngineWorker;
  worker_->moveToThread(&thread_);
  connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
  connectWorker();
  thread_.setObjectName(QStringLiteral("l2s engine"));
  thread_.start();
}

EngineHost::~EngineHost() {
  worker_->stopRuns();
  thread_.quit();
  thread_.wait();  // a load in progress cannot be interrupted and finishes first
}

void EngineHost::connectWorker() {
  // Queued: the worker emits from its own thread (or, racing, from threads of its own).
  const auto queued = Qt::QueuedConnection;
  connect(worker_, &EngineWorker::loadStarted, this, [this](quint64 loadId) {
    if (loadId == loadingId_) emit loadStarted();
  }, queued);
  connect(worker_, &EngineWorker::packLoaded, this, [this](quint64 loadId, const PackSummary& summary) {
    if (loadId != loadingId_) return;
    pack_ = summary;
    hasPack_ = true;
    onWorkerLoadResult(loadId);
    emit packLoaded(summary);
  }, queued);
  connect(worker_, &EngineWorker::packFailed, this, [this](quint64 loadId, const QString& message) {
    if (loadId != loadingId_) return;
    onWorkerLoadResult(loadId);
    emit packFailed(message);
  }, queued);
  connect(worker_, &EngineWorker::runStarted, this, [this](quint64 id, const QString& mode) {
    if (id == shownRunId_) emit runStarted(id, mode);
  }, queued);
  connect(worker_, &EngineWorker::token, this,
          [this](quint64 id, const QString& mode, const QString& text, qint64 index, double elapsedMs) {
            if (id == shownRunId_) emit token(id, mode, text, index, elapsedMs);
          }, queued);
  connect(worker_, &EngineWorker::runFinished, this,
          [this](quint64 id, const QString& mode, const RunMetrics& metrics, const QString& text) {
            if (id == shownRunId_) emit runFinished(id, mode, metrics, text);
          }, queued);
  connect(worker_, &EngineWorker::runFailed, this, [this](quint64 id, const QString& mode, const QString& message) {
    if (id == shownRunId_) emit runFailed(id, mode, message);
  }, queued);
  connect(worker_, &EngineWorker::timingRun, this,
          [this](quint64 id, int round, const QString& mode, const RunMetrics& metrics) {
            if (id == shownRunId_) emit timingRun(id, round, mode, metrics);
          }, queued);
  connect(worker_, &EngineWorker::requestFinished, this, &EngineHost::onWorkerRequestFinished, queued);
}

void EngineHost::queueLoad(const std::function<void(EngineWorker*, quint64)>& call) {
  stop();  // a model change interrupts the work in flight
  const quint64 loadId = nextLoadId_++;
  loadingId_ = loadId;
  worker_->supersedeLoads(loadId);
  EngineWorker* worker = worker_;
  QMetaObject::invokeMethod(worker_, [worker, loadId, call] { call(worker, loadId); }, Qt::QueuedConnection);
  updateBusy();
}

void EngineHost::loadPack(const QString& dir) {
  queueLoad([dir](EngineWorker* worker, quint64 loadId) { worker->loadPack(loadId, dir); });
}

void EngineHost::loadModels(const ModelFolders& folders) {
  queueLoad([folders](EngineWorker* worker, quint64 loadId) { worker->loadModels(loadId, folders); });
}

quint64 EngineHost::startRun(RunRequest request) {
  request.id = nextRunId_++;
  submittedRunId_ = request.id;
  shownRunId_ = request.id;
  worker_->supersedeRuns(request.id);  // cancels the run in flight right now, from this thread
  EngineWorker* worker = worker_;
  QMetaObject::invokeMethod(worker_, [worker, request] { worker->run(request); }, Qt::QueuedConnection);
  updateBusy();
  return request.id;
}

void EngineHost::stop() {
  if (!isRunning()) return;
  shownRunId_ = 0;  // from now on nothing of the stopped request is shown
  worker_->stopRuns();
}

void EngineHost::onWorkerRequestFinished(quint64 id) {
  // Requests finish in the order they were submitted: one worker thread runs them.
  finishedRunId_ = id;
  if (id == shownRunId_) emit requestFinished(id);
  updateBusy();
}

void EngineHost::onWorkerLoadResult(quint64 loadId) {
  if (loadId == loadingId_) loadingId_ = 0;
  updateBusy();
}

void EngineHost::updateBusy() {
  if (busy_ == isBusy()) return;
  busy_ = isBusy();
  emit busyChanged(busy_);
}

}  // namespace l2s::studio

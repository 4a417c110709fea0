#include "ui/engine_worker.h"

#include <QElapsedTimer>
#include <QStringDecoder>
#include <new>
#include <system_error>
#include <thread>
#include <vector>

#include "l2s/error.h"

namespace l2s::studio {
namespace {

// Engine messages start in lower case ("the prompt is empty"); libtorch's
// carry a C++ backtrace that means nothing to users.
QString userMessage(const char* what) {
  QString message = QString::fromUtf8(what).trimmed();
  const qsizetype backtrace = message.indexOf(QLatin1String("Exception raised from"));
  if (backtrace > 0) message = message.left(backtrace).trimmed();
  if (message.size() > 800) message = message.left(800) + QStringLiteral("…");
  if (!message.isEmpty()) message[0] = message[0].toUpper();
  return message;
}

QString outOfMemoryMessage() {
  return EngineWorker::tr(
      "Out of memory. Close other programs, lower “max new tokens” or the number of beams, or use a smaller pack.");
}

// libtorch reports a failed allocation as its own error, not std::bad_alloc.
bool isOutOfMemory(const char* what) {
  const QString message = QString::fromUtf8(what);
  return message.contains(QLatin1String("can't allocate memory")) || message.contains(QLatin1String("out of memory"), Qt::CaseInsensitive);
}

}  // namespace

EngineWorker::EngineWorker(QObject* parent) : QObject(parent) { registerEngineTypes(); }

EngineWorker::~EngineWorker() = default;

void EngineWorker::supersedeRuns(quint64 newestId) {
  std::lock_guard<std::mutex> lock(mutex_);
  newestRun_ = std::max(newestRun_, newestId);
  if (currentCancel_) currentCancel_->store(true);
}

void EngineWorker::supersedeLoads(quint64 newestId) {
  std::lock_guard<std::mutex> lock(mutex_);
  newestLoad_ = std::max(newestLoad_, newestId);
}

void EngineWorker::stopRuns() {
  std::lock_guard<std::mutex> lock(mutex_);
  stoppedUpTo_ = newestRun_;
  if (currentCancel_) currentCancel_->store(true);
}

// ---------------------------------------------------------------- loading

void EngineWorker::loadPack(quint64 loadId, const QString& dir) {
  const std::string path = dir.toStdString();
  load(loadId, [path] { return l2s::PackRunner::load(path); }, dir);
}

void EngineWorker::loadModels(quint64 loadId, const ModelFolders& folders) {
  const std::string llm = folders.llm.toStdString(), slm = folders.slm.toStdString(),
                    projector = folders.projector.toStdString(), baseline = folders.baseline.toStdString();
  load(loadId, [=] { return l2s::PackRunner::load_models(llm, slm, projector, baseline); }, QString());
}

void EngineWorker::load(quint64 loadId, const std::function<l2s::PackRunner()>& open, const QString& packDir) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (loadId < newestLoad_) return;  // a newer load is queued behind this one
  }
  emit loadStarted(loadId);
  QElapsedTimer clock;
  clock.start();
  try {
    // The old pack stays loaded until the new one is ready, so a bad pack
    // leaves the studio working with the previous one.
    auto runner = std::make_unique<l2s::PackRunner>(open());
    const PackSummary summary = summarize(*runner, packDir, static_cast<double>(clock.elapsed()));
    runner_ = std::move(runner);
    emit packLoaded(loadId, summary);
  } catch (const l2s::Error& error) {
    emit packFailed(loadId, userMessage(error.what()));
  } catch (const std::bad_alloc&) {
    emit packFailed(loadId, outOfMemoryMessage());
  } catch (const std::exception& error) {
    emit packFailed(loadId, isOutOfMemory(error.what())
                                ? outOfMemoryMessage()
                                : tr("The models could not be loaded: %1").arg(userMessage(error.what())));
  }
}

PackSummary EngineWorker::summarize(const l2s::PackRunner& runner, const QString& packDir, double loadMs) const {
  const l2s::PackInfo& info = runner.info();
  PackSummary summary;
  summary.dir = packDir;
  summary.folders = {QString::fromStdString(info.llm_dir), QString::fromStdString(info.guided.front().slm_dir),
                     QString::fromStdString(info.guided.front().projector_dir),
                     QString::fromStdString(info.has_baseline() ? info.baselines.front().slm_dir : std::string())};
  summary.name = QString::fromStdString(info.name);
  summary.description = QString::fromStdString(info.description);
  for (const std::string& language : info.languages) summary.languages << QString::fromStdString(language);
  summary.license = QString::fromStdString(info.license);
  summary.modelCard = QString::fromStdString(info.model_card);
  for (const l2s::TaskPreset& preset : info.presets) summary.presets << toPresetItem(preset);
  summary.modes = modeItems(runner.modes());
  summary.maxInputTokens = info.max_input_tokens;
  summary.loadMs = loadMs;
  summary.benchmark = info.benchmark;
  // A second copy of the LLM's tokenizer: the GUI counts input tokens with it
  // on a thread of its own while this one runs the models.
  summary.tokenizer = std::make_shared<const l2s::Tokenizer>(l2s::Tokenizer::load_dir(info.llm_dir));
  return summary;
}

// ---------------------------------------------------------------- running

std::shared_ptr<l2s::CancelFlag> EngineWorker::beginRun(quint64 id) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (id < newestRun_ || id <= stoppedUpTo_) return nullptr;
  currentCancel_ = std::make_shared<l2s::CancelFlag>(false);
  return currentCancel_;
}

void EngineWorker::endRun(const std::shared_ptr<l2s::CancelFlag>& cancel) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (currentCancel_ == cancel) currentCancel_.reset();
}

void EngineWorker::run(const RunRequest& request) {
  if (const std::shared_ptr<l2s::CancelFlag> cancel = beginRun(request.id)) {
    // The pack's own setting, applied by every run it makes (none is going on now).
    if (runner_) runner_->set_threads(request.threads);
    QStringList runnable;
    for (const QString& mode : request.modes) {
      if (!runner_)
        emit runFailed(request.id, mode, tr("No model pack is open. Open one with Ctrl+O."));
      else if (!runner_->has_mode(mode.toStdString()))
        emit runFailed(request.id, mode, tr("This pack has no mode “%1”, so it cannot run.").arg(mode));
      else
        runnable << mode;
    }
    if (request.policy == RunPolicy::Race && runnable.size() > 1) {
      runModesAtOnce(request, runnable, *cancel);
    } else {
      QElapsedTimer streamed;
      streamed.start();
      const QStringList answered = runModes(request, runnable, *cancel);
      runTimingRounds(request, answered, static_cast<double>(streamed.elapsed()), *cancel);
    }
    endRun(cancel);
  }
  emit requestFinished(request.id);
}

QStringList EngineWorker::runModes(const RunRequest& request, const QStringList& modes,
                                          const l2s::CancelFlag& cancel) {
  QStringList answered;
  for (const QString& mode : modes) {
    if (cancel.load()) break;  // superseded or stopped: the rest would be dropped anyway
    if (runMode(request, mode, cancel)) answered << mode;
  }
  return answered;
}

// Race: one thread per mode. The modes use separate models except the LLM's
// encoder, which llm and l2s share read-only (inference needs no mutable
// state: every generate() builds its own decoder caches).
void EngineWorker::runModesAtOnce(const RunRequest& request, const QStringList& modes,
                                  const l2s::CancelFlag& cancel) {
  std::vector<std::thread> threads;
  QStringList unstarted;
  for (const QString& mode : modes) {
    try {
      threads.emplace_back([this, &request, &cancel, mode] { runMode(request, mode, cancel); });
    } catch (const std::system_error&) {
      unstarted << mode;  // no thread to spare: run it after the others
    }
  }
  for (std::thread& thread : threads) thread.join();
  runModes(request, unstarted, cancel);
}

RunMetrics EngineWorker::generate(const RunRequest& request, const QString& mode, const l2s::CancelFlag& cancel,
                                  const std::function<void(const QString&, qint64, double)>& onToken,
                                  QString* text) const {
  RunMetrics total;
  qint64 tokensBefore = 0;
  double msBefore = 0;
  for (qsizetype i = 0; i < request.segments.size(); ++i) {
    if (i > 0 && cancel.load()) {  // stopped between sentences: the answer so far stands, cancelled
      total.cancelled = true;
      break;
    }
    const PromptSegment& segment = request.segments[i];
    const QString joiner = i > 0 ? request.segments[i - 1].separator : QString();
    // A token may end inside a UTF-8 sequence; the decoder carries the rest over.
    QStringDecoder utf8(QStringDecoder::Utf8);
    bool firstOfSegment = true;
    l2s::TokenCallback callback;
    if (onToken) {
      callback = [&](const l2s::TokenEvent& event) {
        QString piece = utf8.decode(QByteArrayView(event.text.data(), static_cast<qsizetype>(event.text.size())));
        if (firstOfSegment) piece.prepend(joiner);  // the next sentence's answer follows the previous one's
        firstOfSegment = false;
        onToken(piece, tokensBefore + event.index, msBefore + event.elapsed_ms);
      };
    }
    const l2s::GenerationResult result =
        runner_->generate(mode.toStdString(), segment.prompt.toStdString(), request.options, callback, &cancel);
    const RunMetrics metrics = toRunMetrics(result);
    addSegment(total, metrics, i == 0);
    if (text) *text += joiner + QString::fromStdString(result.text);
    tokensBefore += metrics.generatedTokens;
    msBefore += metrics.totalMs;
    if (result.cancelled) break;
  }
  return total;
}

bool EngineWorker::runMode(const RunRequest& request, const QString& mode, const l2s::CancelFlag& cancel) {
  emit runStarted(request.id, mode);
  try {
    QString text;
    const RunMetrics metrics = generate(request, mode, cancel,
                                        [&](const QString& piece, qint64 index, double elapsedMs) {
                                          emit token(request.id, mode, piece, index, elapsedMs);
                                        },
                                        &text);
    emit runFinished(request.id, mode, metrics, text);
    return !metrics.cancelled;
  } catch (const l2s::Error& error) {
    emit runFailed(request.id, mode, userMessage(error.what()));
  } catch (const std::bad_alloc&) {
    emit runFailed(request.id, mode, outOfMemoryMessage());
  } catch (const std::exception& error) {
    emit runFailed(request.id, mode,
                   isOutOfMemory(error.what()) ? outOfMemoryMessage()
                                               : tr("The engine failed: %1").arg(userMessage(error.what())));
  }
  return false;
}

// Timing rounds repeat the streamed runs like a benchmark: warm (the streamed
// run came first), interleaved (every mode once per round, so machine noise
// hits all alike) and unseen (no tokens to draw while they are timed).
void EngineWorker::runTimingRounds(const RunRequest& request, const QStringList& modes, double roundMs,
                                   const l2s::CancelFlag& cancel) {
  QElapsedTimer clock;
  clock.start();
  for (int round = 1; round <= request.timingRounds; ++round) {
    if (static_cast<double>(clock.elapsed()) + roundMs > request.timingBudgetMs) return;
    for (const QString& mode : modes) {
      if (cancel.load()) return;
      try {
        const RunMetrics metrics = generate(request, mode, cancel, {}, nullptr);
        if (metrics.cancelled) return;
        emit timingRun(request.id, round, mode, metrics);
      } catch (const std::exception&) {
        return;  // it answered once; a failure now (out of memory) ends the timing
      }
    }
  }
}

}  // namespace l2s::studio

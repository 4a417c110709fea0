// The studio's engine thread under a storm: hundreds of rapid requests with
// random prompts, policies and lengths, stops, and a pack reload in the middle,
// on the tiny pack. Checks that the GUI thread's event loop never stalls (a
// QTimer heartbeat), that every request ends, that nothing of a superseded or
// stopped request reaches the GUI, and that the last request's answer is the
// one shown: the same as the request run alone.
// L2S_STRESS_REQUESTS sets the number of actions (default 300).
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <functional>

#include "tiny_pack.h"
#include "ui/engine_host.h"
#include "ui/engine_worker.h"

using namespace l2s::studio;

namespace {

constexpr int kTimeoutMs = 120000;
// The longest the GUI thread may go without serving its event loop. Generous:
// a two-core CI machine may be busy; a GUI thread that waited for the engine
// (a load, a run) would stall for far longer.
constexpr qint64 kMaxStallMs = 1000;

int actions() {
  return qEnvironmentVariableIsSet("L2S_STRESS_REQUESTS") ? qEnvironmentVariableIntValue("L2S_STRESS_REQUESTS") : 300;
}

const QStringList kPrompts = {
    QStringLiteral("translate English to German: a man is walking in the park."),
    QStringLiteral("translate English to German: two dogs play near the water."),
    QStringLiteral("summarize: a group of people sits on the street."),
    QStringLiteral("a woman"),
};

// The longest gap between ticks of a 5 ms timer on the GUI thread.
class Heartbeat : public QObject {
 public:
  Heartbeat() {
    connect(&timer_, &QTimer::timeout, this, [this] {
      maxGapMs = std::max(maxGapMs, clock_.restart());
      ++ticks;
    });
    clock_.start();
    timer_.start(5);
  }
  qint64 maxGapMs = 0;
  int ticks = 0;

 private:
  QTimer timer_;
  QElapsedTimer clock_;
};

// One random action of the storm: mostly new requests, some stops; the GUI
// thread serves its event loop between actions. The reload comes
// half-way; the final action is a request (`last`).
struct Storm {
  std::function<quint64(const RunRequest&)> start;
  std::function<void()> stop;
  std::function<void()> reload;
  RunRequest last;
  quint64 lastId = 0;

  void run(const QVector<ModeItem>& panes, int count) {
    QStringList modes;
    for (const ModeItem& pane : panes) modes << pane.name;
    QRandomGenerator random(20240611);
    for (int i = 0; i < count; ++i) {
      if (i == count / 2) reload();
      if (i + 1 < count && random.bounded(5) == 0) {
        stop();
      } else {
        last = RunRequest();
        last.setPrompt(kPrompts[random.bounded(static_cast<int>(kPrompts.size()))]);
        last.modes = modes;
        last.policy = random.bounded(3) == 0 ? RunPolicy::Race : RunPolicy::Fair;
        last.options.max_new_tokens = 1 + random.bounded(40);
        last.threads = 1;
        lastId = start(last);
      }
      // Mostly at once; now and then long enough for tokens to stream before the next action.
      QTest::qWait(random.bounded(10) == 0 ? 20 + random.bounded(60) : random.bounded(4));
    }
  }
};

// How each request's modes ended, by request id: "finished: TEXT",
// "cancelled: TEXT SO FAR" or "failed: MESSAGE", sorted (Race finishes modes in
// any order). `source` is an EngineHost or an EngineWorker; the events arrive
// on the GUI thread. The mode argument is left untyped (auto), so that the test
// does not depend on how modes are named.
template <typename Source>
class Outcomes : public QObject {
 public:
  explicit Outcomes(Source* source) {
    connect(source, &Source::runFinished, this, [this](quint64 id, auto, const RunMetrics& metrics, const QString& text) {
      add(id, (metrics.cancelled ? QStringLiteral("cancelled: ") : QStringLiteral("finished: ")) + text);
    });
    connect(source, &Source::runFailed, this, [this](quint64 id, auto, const QString& message) {
      add(id, QStringLiteral("failed: ") + message);
    });
  }
  QHash<quint64, QStringList> byId;

 private:
  void add(quint64 id, const QString& outcome) {
    QStringList& list = byId[id];
    list << outcome;
    list.sort();
  }
};

}  // namespace

class TestStudioStress : public QObject {
  Q_OBJECT

  QTemporaryDir temp_;
  QString pack_, otherPack_;  // the other has no SLM baseline: those runs fail, cleanly

 private slots:
  void initTestCase() {
    QVERIFY(temp_.isValid());
    pack_ = QString::fromStdString(l2s::testing::make_tiny_pack(temp_.filePath("pack").toStdString(), true));
    otherPack_ = QString::fromStdString(l2s::testing::make_tiny_pack(temp_.filePath("other").toStdString(), false));
  }

  // Through EngineHost, as the window uses it.
  void hostStaysResponsiveAndShowsOnlyTheNewestRequest() {
    EngineHost host;
    QSignalSpy loaded(&host, &EngineHost::packLoaded);
    host.loadPack(pack_);
    QVERIFY(loaded.wait(kTimeoutMs));
    Outcomes<EngineHost> outcomes(&host);
    QSignalSpy done(&host, &EngineHost::requestFinished);
    // Every event the host passes on belongs to the newest request; none comes after a stop.
    quint64 shown = 0;
    int events = 0, strays = 0;
    const auto check = [&](quint64 id) {
      ++events;
      strays += id != shown;
    };
    connect(&host, &EngineHost::runStarted, this, check);
    connect(&host, &EngineHost::token, this, check);
    connect(&host, &EngineHost::runFinished, this, check);
    connect(&host, &EngineHost::runFailed, this, check);
    connect(&host, &EngineHost::requestFinished, this, check);

    Heartbeat heartbeat;
    Storm storm;
    storm.start = [&](const RunRequest& request) { return shown = host.startRun(request); };
    storm.stop = [&] {
      host.stop();
      shown = 0;
    };
    storm.reload = [&] { host.loadPack(otherPack_); };
    storm.run(host.pack().modes, actions());
    QTRY_VERIFY_WITH_TIMEOUT(!host.isBusy(), kTimeoutMs);
    qInfo("%d host events; longest GUI stall %lld ms over %d heartbeats", events, heartbeat.maxGapMs, heartbeat.ticks);

    QCOMPARE(strays, 0);
    QVERIFY2(heartbeat.maxGapMs < kMaxStallMs, qPrintable(QString("the GUI thread stalled %1 ms").arg(heartbeat.maxGapMs)));
    QCOMPARE(host.pack().dir, otherPack_);
    // Requests that ran to their end before the next action report it, in order; the last one did.
    for (qsizetype i = 1; i < done.count(); ++i)
      QVERIFY(done.at(i).at(0).toULongLong() > done.at(i - 1).at(0).toULongLong());
    QCOMPARE(done.last().at(0).toULongLong(), storm.lastId);
    const QStringList shownOutcomes = outcomes.byId.value(storm.lastId);
    QCOMPARE(shownOutcomes.size(), storm.last.modes.size());

    // The same request alone, on the quiet engine: the same answers.
    const quint64 alone = host.startRun(storm.last);
    QVERIFY(done.wait(kTimeoutMs));
    QCOMPARE(shownOutcomes, outcomes.byId.value(alone));
  }

  // The worker itself, driven as EngineHost drives it (its id protocol), so
  // that the requests the host hides can be seen ending too.
  void workerEndsEveryRequestInOrder() {
    struct WorkerThread : QThread {
      ~WorkerThread() override {
        worker->stopRuns();
        quit();
        wait();
      }
      EngineWorker* worker = new EngineWorker;
    } thread;
    EngineWorker* worker = thread.worker;
    worker->moveToThread(&thread);
    connect(&thread, &QThread::finished, worker, &QObject::deleteLater);
    thread.start();
    quint64 loadId = 0, runId = 0;
    const auto load = [&](const QString& dir) {
      worker->supersedeLoads(++loadId);
      QMetaObject::invokeMethod(worker, [worker, id = loadId, dir] { worker->loadPack(id, dir); });
    };
    QSignalSpy loaded(worker, &EngineWorker::packLoaded);
    load(pack_);
    QVERIFY(loaded.wait(kTimeoutMs));
    const auto modes = loaded.at(0).at(1).value<PackSummary>().modes;

    Outcomes<EngineWorker> outcomes(worker);
    QVector<quint64> ended;
    connect(worker, &EngineWorker::requestFinished, this, [&](quint64 id) { ended << id; });
    Heartbeat heartbeat;
    Storm storm;
    storm.start = [&](RunRequest request) {
      request.id = ++runId;
      worker->supersedeRuns(request.id);
      QMetaObject::invokeMethod(worker, [worker, request] { worker->run(request); });
      return request.id;
    };
    storm.stop = [&] { worker->stopRuns(); };
    storm.reload = [&] { load(otherPack_); };
    storm.run(modes, actions());
    QTRY_VERIFY_WITH_TIMEOUT(!ended.isEmpty() && ended.last() == storm.lastId, kTimeoutMs);
    qInfo("%d requests: %d got as far as running a mode; longest GUI stall %lld ms", static_cast<int>(runId),
          static_cast<int>(outcomes.byId.size()), heartbeat.maxGapMs);

    // Each request ended exactly once, in the order they were made.
    QCOMPARE(ended.size(), static_cast<qsizetype>(runId));
    for (qsizetype i = 0; i < ended.size(); ++i) QCOMPARE(ended[i], quint64(i + 1));
    QVERIFY2(heartbeat.maxGapMs < kMaxStallMs, qPrintable(QString("the GUI thread stalled %1 ms").arg(heartbeat.maxGapMs)));
    // The last request ran to its end on the reloaded pack: its LLM and L2S answers, the SLM refused.
    const QStringList last = outcomes.byId.value(storm.lastId);
    QCOMPARE(last.size(), modes.size());
    for (const QString& outcome : last) QVERIFY2(!outcome.startsWith("cancelled"), qPrintable(outcome));
    QCOMPARE(last.filter(QStringLiteral("failed: This pack has no mode “slm”")).size(), 1);
  }
};

QTEST_GUILESS_MAIN(TestStudioStress)
#include "test_studio_stress.moc"

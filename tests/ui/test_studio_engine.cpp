// The studio's engine thread, through EngineHost as the GUI uses it: loading
// packs, streaming every mode, fair and race policies, superseding and
// stopping requests, and errors that leave it working. Real worker, real
// tiny pack (random weights, real tokenizer).
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "tiny_pack.h"
#include "ui/engine_host.h"

using namespace l2s::studio;
// The tiny pack's modes.
const QString kLlm = QStringLiteral("llm"), kL2s = QStringLiteral("l2s"), kSlm = QStringLiteral("slm"),
              kVerified = QStringLiteral("verified");

namespace {

constexpr int kTimeoutMs = 60000;  // generous: CI machines may be busy

struct Event {
  QString kind;  // "started", "token", "finished", "failed"
  quint64 id;
  QString mode;
};

// Records every run event the host passes on, in order.
class Recorder : public QObject {
 public:
  explicit Recorder(EngineHost& host) {
    connect(&host, &EngineHost::runStarted, this, [this](quint64 id, const QString& mode) { events << Event{"started", id, mode}; });
    connect(&host, &EngineHost::token, this, [this](quint64 id, const QString& mode, const QString& text, qint64 index, double) {
      events << Event{"token", id, mode};
      text_[mode] += text;
      lastIndex[mode] = index;
    });
    connect(&host, &EngineHost::runFinished, this, [this](quint64 id, const QString& mode, const RunMetrics& m, const QString&) {
      events << Event{"finished", id, mode};
      metrics[mode] = m;
    });
    connect(&host, &EngineHost::runFailed, this, [this](quint64 id, const QString& mode, const QString& message) {
      events << Event{"failed", id, mode};
      failures[mode] = message;
    });
  }
  int count(const QString& kind, const QString& mode) const {
    return static_cast<int>(std::count_if(events.begin(), events.end(),
                                          [&](const Event& e) { return e.kind == kind && e.mode == mode; }));
  }
  int indexOf(const QString& kind, const QString& mode) const {
    for (int i = 0; i < events.size(); ++i)
      if (events[i].kind == kind && events[i].mode == mode) return i;
    return -1;
  }
  QString text(const QString& mode) const { return text_.value(mode); }

  QVector<Event> events;
  QHash<QString, RunMetrics> metrics;
  QHash<QString, QString> failures;
  QHash<QString, qint64> lastIndex;

 private:
  QHash<QString, QString> text_;
};

RunRequest request(const QString& prompt, QStringList modes, RunPolicy policy = RunPolicy::Fair,
                   int maxNewTokens = 24) {
  RunRequest r;
  r.setPrompt(prompt);
  r.modes = std::move(modes);
  r.policy = policy;
  r.options.max_new_tokens = maxNewTokens;
  r.threads = 1;
  return r;
}

QStringList modeNames(const PackSummary& summary) {
  QStringList names;
  for (const ModeItem& mode : summary.modes) names << mode.name;
  return names;
}

const QString kPrompt = QStringLiteral("translate English to German: a man is walking in the park.");

}  // namespace

class TestStudioEngine : public QObject {
  Q_OBJECT

  QTemporaryDir temp_;
  QString pack_;          // with an SLM baseline
  QString packNoBaseline_;

  static bool load(EngineHost& host, const QString& dir) {
    QSignalSpy loaded(&host, &EngineHost::packLoaded);
    host.loadPack(dir);
    return loaded.wait(kTimeoutMs);
  }

 private slots:
  void initTestCase() {
    QVERIFY(temp_.isValid());
    pack_ = QString::fromStdString(l2s::testing::make_tiny_pack(temp_.filePath("pack").toStdString(), true));
    packNoBaseline_ =
        QString::fromStdString(l2s::testing::make_tiny_pack(temp_.filePath("pack2").toStdString(), false));
  }

  void loadsAPackAndDescribesIt() {
    EngineHost host;
    QSignalSpy loaded(&host, &EngineHost::packLoaded);
    QSignalSpy busy(&host, &EngineHost::busyChanged);
    host.loadPack(pack_);
    QVERIFY(host.isLoading());
    QVERIFY(loaded.wait(kTimeoutMs));
    const auto summary = loaded.at(0).at(0).value<PackSummary>();
    QCOMPARE(summary.name, QStringLiteral("Tiny test pack"));
    QStringList titles;
    for (const ModeItem& mode : summary.modes) titles << mode.title;
    QCOMPARE(modeNames(summary), (QStringList{kLlm, kL2s, kVerified, kSlm}));
    QCOMPARE(titles, (QStringList{"LLM only (T5)", "LLM → SLM (T5)", "LLM, verified drafts (T5)", "SLM only (T5)"}));
    QCOMPARE(summary.llmMode(), kLlm);
    QCOMPARE(summary.presets.size(), 2);
    QCOMPARE(summary.presets[0].prefix, QStringLiteral("translate English to German: "));
    QVERIFY(summary.modelCard.contains(QStringLiteral("Random weights")));
    QVERIFY(summary.mode(kLlm)->parameters > summary.mode(kSlm)->parameters);
    QVERIFY(summary.mode(kL2s)->parameters > summary.mode(kSlm)->parameters);  // LLM encoder, projector and SLM
    QVERIFY(host.hasPack());
    QVERIFY(!host.isBusy());
    QCOMPARE(busy.count(), 2);  // busy, then idle
  }

  void fairPolicyStreamsEveryModeOneAfterAnother() {
    EngineHost host;
    QVERIFY(load(host, pack_));
    Recorder recorder(host);
    QSignalSpy done(&host, &EngineHost::requestFinished);
    const quint64 id = host.startRun(request(kPrompt, {kL2s, kLlm, kSlm}));
    QVERIFY(done.wait(kTimeoutMs));
    QCOMPARE(done.at(0).at(0).toULongLong(), id);
    for (const QString& mode : {kL2s, kLlm, kSlm}) {
      QCOMPARE(recorder.count(QStringLiteral("started"), mode), 1);
      QCOMPARE(recorder.count(QStringLiteral("finished"), mode), 1);
      const RunMetrics m = recorder.metrics.value(mode);
      QVERIFY2(m.generatedTokens > 0, "random weights still produce tokens");
      QCOMPARE(recorder.count(QStringLiteral("token"), mode), static_cast<int>(m.generatedTokens));
      QCOMPARE(recorder.lastIndex.value(mode), m.generatedTokens - 1);
      // Random weights may pick a piece with no text (a control token) for the
      // SLM baseline; the LLM's and the composition's answers are words.
      if (mode != kSlm) QVERIFY2(!recorder.text(mode).isEmpty(), qPrintable(mode));
      QVERIFY(m.timeToFirstTokenMs > 0 && m.totalMs >= m.timeToFirstTokenMs && m.tokensPerSecond > 0);
      QVERIFY(!m.cancelled);
    }
    for (const Event& e : recorder.events) QCOMPARE(e.id, id);
    // Fair: each mode starts after the previous one finished.
    QVERIFY(recorder.indexOf(QStringLiteral("started"), kLlm) >
            recorder.indexOf(QStringLiteral("finished"), kL2s));
    QVERIFY(recorder.indexOf(QStringLiteral("started"), kSlm) >
            recorder.indexOf(QStringLiteral("finished"), kLlm));
    QVERIFY(recorder.metrics.value(kL2s).llmEncodeMs > 0);
    QCOMPARE(recorder.metrics.value(kSlm).llmEncodeMs, 0.0);
  }

  void fairRunsAreRepeatedUnseenForTheTimings() {
    EngineHost host;
    QVERIFY(load(host, pack_));
    Recorder recorder(host);
    QVector<QPair<int, QString>> timed;
    int eventsBeforeFirstTiming = -1;
    connect(&host, &EngineHost::timingRun, this, [&](quint64, int round, const QString& mode, const RunMetrics& m) {
      if (eventsBeforeFirstTiming < 0) eventsBeforeFirstTiming = static_cast<int>(recorder.events.size());
      QVERIFY(m.tokensPerSecond > 0 && !m.cancelled);
      timed.push_back({round, mode});
    });
    QSignalSpy done(&host, &EngineHost::requestFinished);
    RunRequest r = request(kPrompt, {kL2s, kLlm, kSlm});
    r.timingRounds = 2;
    host.startRun(r);
    QVERIFY(done.wait(kTimeoutMs));
    // Interleaved: every mode once per round, rounds in order.
    const QVector<QPair<int, QString>> expected = {{1, kL2s}, {1, kLlm}, {1, kSlm},
                                                {2, kL2s}, {2, kLlm}, {2, kSlm}};
    QCOMPARE(timed, expected);
    // Unseen and after the streamed runs: no token events come from them.
    QCOMPARE(eventsBeforeFirstTiming, static_cast<int>(recorder.events.size()));
    for (const QString& mode : {kL2s, kLlm, kSlm}) QCOMPARE(recorder.count(QStringLiteral("finished"), mode), 1);

    // A long input gets fewer timing rounds: none when one would end past the budget.
    timed.clear();
    r.timingBudgetMs = 0;
    host.startRun(r);
    QVERIFY(done.wait(kTimeoutMs));
    QVERIFY(timed.isEmpty());

    // A race is no measurement: no timing rounds.
    r.timingBudgetMs = 60000;
    r.policy = RunPolicy::Race;
    host.startRun(r);
    QVERIFY(done.wait(kTimeoutMs));
    QVERIFY(timed.isEmpty());
  }

  void segmentsStreamAsOneAnswerInOrder() {
    EngineHost host;
    QVERIFY(load(host, pack_));
    QSignalSpy done(&host, &EngineHost::requestFinished);
    // Each sentence alone, for reference.
    QStringList alone;
    RunMetrics aloneMetrics[2];
    const QStringList sentences = {kPrompt, QStringLiteral("translate English to German: two dogs play.")};
    for (int i = 0; i < 2; ++i) {
      Recorder recorder(host);
      host.startRun(request(sentences[i], {kL2s}));
      QVERIFY(done.wait(kTimeoutMs));
      alone << recorder.text(kL2s);
      aloneMetrics[i] = recorder.metrics.value(kL2s);
    }
    Recorder recorder(host);
    QVector<qint64> indices;
    QVector<double> times;
    connect(&host, &EngineHost::token, this, [&](quint64, const QString&, const QString&, qint64 index, double ms) {
      indices << index;
      times << ms;
    });
    QSignalSpy finished(&host, &EngineHost::runFinished);
    RunRequest r = request(QString(), {kL2s});
    r.segments = {{sentences[0], QStringLiteral("\n")}, {sentences[1], QString()}};
    host.startRun(r);
    QVERIFY(done.wait(kTimeoutMs));
    // One answer: the sentences' answers in order, joined by the separator.
    const QString joined = alone[0] + QStringLiteral("\n") + alone[1];
    QCOMPARE(recorder.text(kL2s), joined);
    QVERIFY(finished.at(0).at(3).toString().contains(QStringLiteral("\n")));  // the final text is joined alike
    const RunMetrics m = recorder.metrics.value(kL2s);
    QCOMPARE(m.generatedTokens, aloneMetrics[0].generatedTokens + aloneMetrics[1].generatedTokens);
    QCOMPARE(m.decodeSteps, aloneMetrics[0].decodeSteps + aloneMetrics[1].decodeSteps);
    QCOMPARE(m.promptTokens, aloneMetrics[0].promptTokens + aloneMetrics[1].promptTokens);
    // Token indices run on across sentences, and so does the time.
    for (int i = 0; i < indices.size(); ++i) QCOMPARE(indices[i], qint64(i));
    QVERIFY(std::is_sorted(times.begin(), times.end()));
    QVERIFY(m.totalMs >= times.last());
  }

  // Mode verified: the guided SLM drafts, the LLM checks; the answer is the
  // LLM's own, and the run reports how many drafts the LLM kept.
  void theVerifiedModeGivesTheLlmsAnswer() {
    EngineHost host;
    QVERIFY(load(host, pack_));
    for (RunPolicy policy : {RunPolicy::Fair, RunPolicy::Race}) {
      Recorder recorder(host);
      QSignalSpy finished(&host, &EngineHost::runFinished);
      QSignalSpy done(&host, &EngineHost::requestFinished);
      RunRequest r = request(kPrompt, {kL2s, kLlm, kVerified}, policy, 40);
      r.segments = {{kPrompt, QStringLiteral(" ")}, {QStringLiteral("translate English to German: two dogs play."), {}}};
      host.startRun(r);
      QVERIFY(done.wait(kTimeoutMs));
      QHash<QString, QString> answers;
      for (const QList<QVariant>& args : finished) answers[args.at(1).toString()] = args.at(3).toString();
      QVERIFY(!answers.value(kLlm).isEmpty());
      QCOMPARE(answers.value(kVerified), answers.value(kLlm));
      QCOMPARE(recorder.text(kVerified), recorder.text(kLlm));  // streamed alike
      const RunMetrics verified = recorder.metrics.value(kVerified), llm = recorder.metrics.value(kLlm);
      QCOMPARE(verified.generatedTokens, llm.generatedTokens);
      QVERIFY(verified.tokensPerSecond > 0);
      // Random weights: the drafts are rarely kept, but they were made and checked.
      QVERIFY(verified.llmSteps > 0);
      QVERIFY(verified.draftTokens > 0);
      QVERIFY(verified.acceptedTokens >= 0 && verified.acceptedTokens <= verified.draftTokens);
      QVERIFY(verified.tokensPerLlmStep() > 0);
      QCOMPARE(llm.llmSteps, qint64{0});  // only verified runs count them
    }
  }

  // Settings the verified mode cannot follow (beam search here) fail its run
  // alone, with the engine's reason; the other modes answer.
  void theVerifiedModeRefusesWhatItCannotReproduce() {
    EngineHost host;
    QVERIFY(load(host, pack_));
    Recorder recorder(host);
    QSignalSpy done(&host, &EngineHost::requestFinished);
    RunRequest beams = request(kPrompt, {kLlm, kVerified});
    beams.options.num_beams = 2;
    host.startRun(beams);
    QVERIFY(done.wait(kTimeoutMs));
    QCOMPARE(recorder.count(QStringLiteral("finished"), kLlm), 1);
    QCOMPARE(recorder.count(QStringLiteral("failed"), kVerified), 1);
    QVERIFY2(recorder.failures.value(kVerified).contains(QStringLiteral("beam search")),
             qPrintable(recorder.failures.value(kVerified)));
  }

  void racePolicyRunsModesAtOnce() {
    EngineHost host;
    QVERIFY(load(host, pack_));
    Recorder recorder(host);
    QSignalSpy done(&host, &EngineHost::requestFinished);
    host.startRun(request(kPrompt, {kL2s, kLlm, kSlm}, RunPolicy::Race, 400));
    QVERIFY(done.wait(kTimeoutMs));
    for (const QString& mode : {kL2s, kLlm, kSlm}) {
      QCOMPARE(recorder.count(QStringLiteral("finished"), mode), 1);
      QCOMPARE(recorder.count(QStringLiteral("token"), mode),
               static_cast<int>(recorder.metrics.value(mode).generatedTokens));
    }
    // Racing: every mode started before the slowest one (the LLM) finished.
    const int llmFinished = recorder.indexOf(QStringLiteral("finished"), kLlm);
    for (const QString& mode : {kL2s, kSlm}) QVERIFY(recorder.indexOf(QStringLiteral("started"), mode) < llmFinished);
  }

  void raceAndFairGiveTheSameGreedyAnswers() {
    EngineHost host;
    QVERIFY(load(host, pack_));
    QHash<int, QString> answers[2];
    for (RunPolicy policy : {RunPolicy::Fair, RunPolicy::Race}) {
      QSignalSpy finished(&host, &EngineHost::runFinished);
      QSignalSpy done(&host, &EngineHost::requestFinished);
      host.startRun(request(kPrompt, {kL2s, kLlm}, policy));
      QVERIFY(done.wait(kTimeoutMs));
      for (const QList<QVariant>& args : finished)
        answers[static_cast<int>(policy)][args.at(1).toString() == kLlm ? 0 : 1] = args.at(3).toString();
    }
    QCOMPARE(answers[0], answers[1]);
  }

  void aNewerRequestSupersedesTheOneInFlight() {
    EngineHost host;
    QVERIFY(load(host, pack_));
    Recorder recorder(host);
    QSignalSpy done(&host, &EngineHost::requestFinished);
    QSignalSpy tokens(&host, &EngineHost::token);
    const quint64 first = host.startRun(request(kPrompt, {kLlm, kL2s}, RunPolicy::Fair, 2000));
    QVERIFY(tokens.wait(kTimeoutMs));  // the first request is streaming
    const quint64 second = host.startRun(request(QStringLiteral("a woman plays."), {kL2s, kLlm}));
    QVERIFY(second > first);
    QVERIFY(done.wait(kTimeoutMs));
    QCOMPARE(done.count(), 1);  // only the shown request reports
    QCOMPARE(done.at(0).at(0).toULongLong(), second);
    QTRY_VERIFY_WITH_TIMEOUT(!host.isBusy(), kTimeoutMs);
    // Nothing of the first request after the switch: every later event is the second's.
    const qsizetype switchAt = std::find_if(recorder.events.begin(), recorder.events.end(),
                                            [&](const Event& e) { return e.id == second; }) -
                               recorder.events.begin();
    for (qsizetype i = switchAt; i < recorder.events.size(); ++i) QCOMPARE(recorder.events[i].id, second);
    QCOMPARE(recorder.count(QStringLiteral("finished"), kL2s), 1);
    // The first request never finished visibly, and its LLM run was cut short.
    for (qsizetype i = 0; i < switchAt; ++i) QVERIFY(recorder.events[i].kind != QStringLiteral("finished"));
  }

  void stopShowsNothingMoreAndTheNextRunWorks() {
    EngineHost host;
    QVERIFY(load(host, pack_));
    QSignalSpy tokens(&host, &EngineHost::token);
    QSignalSpy finished(&host, &EngineHost::runFinished);
    QSignalSpy done(&host, &EngineHost::requestFinished);
    QSignalSpy busy(&host, &EngineHost::busyChanged);
    host.startRun(request(kPrompt, {kLlm, kL2s}, RunPolicy::Fair, 2000));
    QVERIFY(tokens.wait(kTimeoutMs));
    host.stop();
    QCOMPARE(host.currentRunId(), quint64(0));
    const qsizetype tokensAtStop = tokens.count();
    QTRY_VERIFY_WITH_TIMEOUT(!host.isBusy(), kTimeoutMs);
    QCOMPARE(tokens.count(), tokensAtStop);
    QCOMPARE(finished.count(), 0);
    QCOMPARE(done.count(), 0);
    QVERIFY(busy.count() >= 2);

    const quint64 next = host.startRun(request(kPrompt, {kL2s}));
    QVERIFY(done.wait(kTimeoutMs));
    QCOMPARE(done.at(0).at(0).toULongLong(), next);
    QCOMPARE(finished.count(), 1);
  }

  void aBadPackReportsAndTheGoodOneKeepsWorking() {
    EngineHost host;
    QSignalSpy failed(&host, &EngineHost::packFailed);
    host.loadPack(temp_.filePath(QStringLiteral("no-such-pack")));
    QVERIFY(failed.wait(kTimeoutMs));
    QVERIFY2(failed.at(0).at(0).toString().contains(QStringLiteral("not a model pack")),
             qPrintable(failed.at(0).at(0).toString()));
    QVERIFY(!host.hasPack());
    QVERIFY(!host.isBusy());

    QVERIFY(load(host, pack_));
    // A folder of the pack is not a pack: the loaded one stays.
    host.loadPack(pack_ + QStringLiteral("/llm"));
    QVERIFY(failed.wait(kTimeoutMs));
    QVERIFY(failed.at(1).at(0).toString().contains(QStringLiteral("pack.json")));
    QVERIFY(host.hasPack());
    QCOMPARE(host.pack().name, QStringLiteral("Tiny test pack"));
    QSignalSpy done(&host, &EngineHost::requestFinished);
    QSignalSpy finished(&host, &EngineHost::runFinished);
    host.startRun(request(kPrompt, {kL2s}));
    QVERIFY(done.wait(kTimeoutMs));
    QCOMPARE(finished.count(), 1);
  }

  void aNewerLoadReplacesAPendingOne() {
    EngineHost host;
    QSignalSpy loaded(&host, &EngineHost::packLoaded);
    QSignalSpy failed(&host, &EngineHost::packFailed);
    host.loadPack(temp_.filePath(QStringLiteral("no-such-pack")));
    host.loadPack(pack_);
    QVERIFY(loaded.wait(kTimeoutMs));
    QTRY_VERIFY_WITH_TIMEOUT(!host.isBusy(), kTimeoutMs);
    QCOMPARE(failed.count(), 0);  // the replaced load's outcome is never shown
    QCOMPARE(loaded.count(), 1);
  }

  void aCorruptModelReportsAClearError() {
    QTemporaryDir copy;
    const QString broken = copy.filePath(QStringLiteral("broken"));
    QVERIFY(QDir().mkpath(broken));
    for (const QString& sub : {QStringLiteral("llm"), QStringLiteral("slm"), QStringLiteral("projector")}) {
      QVERIFY(QDir().mkpath(broken + "/" + sub));
      for (const QFileInfo& f : QDir(packNoBaseline_ + "/" + sub).entryInfoList(QDir::Files))
        QVERIFY(QFile::copy(f.filePath(), broken + "/" + sub + "/" + f.fileName()));
    }
    QVERIFY(QFile::copy(packNoBaseline_ + "/pack.json", broken + "/pack.json"));
    // Truncate the LLM's weights.
    QFile weights(broken + "/llm/model.safetensors");
    QVERIFY(weights.open(QIODevice::ReadWrite));
    QVERIFY(weights.resize(64));
    weights.close();
    EngineHost host;
    QSignalSpy failed(&host, &EngineHost::packFailed);
    host.loadPack(broken);
    QVERIFY(failed.wait(kTimeoutMs));
    const QString message = failed.at(0).at(0).toString();
    QVERIFY2(message.contains(QStringLiteral("model.safetensors")), qPrintable(message));
    QVERIFY2(!message.contains(QStringLiteral("Exception raised from")), qPrintable(message));
    QVERIFY(!host.hasPack());
  }

  void modelFoldersLoadWithoutPackJson() {
    EngineHost host;
    QSignalSpy loaded(&host, &EngineHost::packLoaded);
    host.loadModels({pack_ + "/llm", pack_ + "/slm", pack_ + "/projector", QString()});
    QVERIFY(loaded.wait(kTimeoutMs));
    const auto summary = loaded.at(0).at(0).value<PackSummary>();
    QVERIFY(!summary.isPack());
    QCOMPARE(modeNames(summary), (QStringList{kLlm, kL2s, kVerified}));
    QVERIFY(summary.presets.isEmpty());

    QSignalSpy failed(&host, &EngineHost::packFailed);
    host.loadModels({pack_ + "/llm", pack_ + "/slm", temp_.filePath("missing-projector"), QString()});
    QVERIFY(failed.wait(kTimeoutMs));
    QVERIFY(failed.at(0).at(0).toString().contains(QStringLiteral("projector")));
  }

  void badRunsFailPerModeWithClearMessages() {
    EngineHost host;
    Recorder recorder(host);
    QSignalSpy done(&host, &EngineHost::requestFinished);
    host.startRun(request(kPrompt, {kL2s}));  // no pack yet
    QVERIFY(done.wait(kTimeoutMs));
    QVERIFY(recorder.failures.value(kL2s).contains(QStringLiteral("No model pack")));

    QVERIFY(load(host, packNoBaseline_));
    host.startRun(request(kPrompt, {kSlm, kL2s}));
    QVERIFY(done.wait(kTimeoutMs));
    QVERIFY(recorder.failures.value(kSlm).contains(QStringLiteral("no mode “slm”")));
    QCOMPARE(recorder.count(QStringLiteral("finished"), kL2s), 1);  // the other mode still ran

    recorder.failures.clear();
    host.startRun(request(QStringLiteral("   "), {kL2s}));
    QVERIFY(done.wait(kTimeoutMs));
    QVERIFY(recorder.failures.value(kL2s).startsWith(QStringLiteral("The prompt is empty")));

    RunRequest tooLong = request(kPrompt, {kLlm});
    tooLong.options.max_input_tokens = 3;
    host.startRun(tooLong);
    QVERIFY(done.wait(kTimeoutMs));
    QVERIFY(recorder.failures.value(kLlm).contains(QStringLiteral("max_input_tokens")));

    RunRequest badOptions = request(kPrompt, {kLlm});
    badOptions.options.temperature = -1;
    host.startRun(badOptions);
    QVERIFY(done.wait(kTimeoutMs));
    QVERIFY(recorder.failures.value(kLlm).contains(QStringLiteral("emperature")));
  }

  void destroyingTheHostMidRunReturnsPromptly() {
    QElapsedTimer clock;
    {
      EngineHost host;
      QVERIFY(load(host, pack_));
      QSignalSpy tokens(&host, &EngineHost::token);
      host.startRun(request(kPrompt, {kLlm, kL2s, kSlm}, RunPolicy::Race, 20000));
      QVERIFY(tokens.wait(kTimeoutMs));
      clock.start();
    }  // cancels and joins
    QVERIFY2(clock.elapsed() < 20000, "the destructor cancels the runs instead of waiting for 20000 tokens");
  }
};

QTEST_GUILESS_MAIN(TestStudioEngine)
#include "test_studio_engine.moc"

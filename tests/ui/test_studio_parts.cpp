// The studio's parts that work without the engine, against hand-checked
// values: the speedup's median and range over timing runs, the sentence
// splitter and input notices, the pack's benchmark lines, label elision,
// panes' titles and a verified run's counts, the chart's axes, the replay's
// timing, and where the window goes on a screen.
#include <QElapsedTimer>
#include <QValueAxis>
#include <QSignalSpy>
#include <QtTest>

#include "ui/elided_label.h"
#include "ui/metrics_chart.h"
#include "ui/input_guide.h"
#include "ui/output_pane.h"
#include "ui/pack_figures.h"
#include "ui/replay.h"
#include "ui/speedup.h"
#include "ui/window_geometry.h"

using namespace l2s::studio;
namespace {

const QString kLlm = QStringLiteral("llm"), kL2s = QStringLiteral("l2s"), kSlm = QStringLiteral("slm");

// A pane's mode, as a pack describes it.
ModeItem item(const QString& name, l2s::ModeKind kind, const char* family) {
  return modeItems({{{name.toStdString(), "", kind, "", "", ""}, family, 0, 0}}).value(0);
}

// A finished run decoding `steps` tokens in `decodeMs`, `totalMs` in all.
RunMetrics run(qint64 steps, double decodeMs, double totalMs) {
  RunMetrics m;
  m.generatedTokens = steps - 1;
  m.decodeSteps = steps;
  m.decodeMs = decodeMs;
  m.totalMs = totalMs;
  m.tokensPerSecond = 1000.0 * static_cast<double>(steps) / decodeMs;
  m.reachedEos = true;
  return m;
}

l2s::PackBenchmark benchmark() {
  l2s::PackBenchmark b;
  b.test_set = "Multi30k test2016";
  b.setup = "greedy, batch 1";
  b.metric = "bleu";
  b.modes = {{"llm", 337, {{"bleu", 37.5}}}, {"l2s", 1940, {{"bleu", 37.9}}}, {"slm", 2168, {{"bleu", 35.1}}}};
  return b;
}

}  // namespace

class TestStudioParts : public QObject {
  Q_OBJECT

 private slots:
  void spreadIsTheMedianAndTheRange() {
    const Spread odd = spreadOf({7.1, 4.2, 5.6, 6.0, 5.0});
    QCOMPARE(odd.count, 5);
    QCOMPARE(odd.median, 5.6);
    QCOMPARE(odd.low, 4.2);
    QCOMPARE(odd.high, 7.1);
    const Spread even = spreadOf({2.0, 8.0, 4.0, 6.0});
    QCOMPARE(even.median, 5.0);  // the mean of the middle two
    QCOMPARE(spreadOf({}).count, 0);
  }

  void timingRunsGiveTheSpeedupPerTokenAndWholeAnswer() {
    TimingSamples samples;
    // The streamed round: counted only while there are no timing rounds.
    samples.add(0, kLlm, run(10, 100, 130));  // 10 ms per token
    samples.add(0, kL2s, run(10, 50, 70));    // 5 ms: 2x
    QCOMPARE(samples.timedRounds(), 0);
    QCOMPARE(samples.perToken(kL2s).median, 2.0);
    // Three timing rounds: 4x, 5x and 8x per token; 3x, 4x, 6x whole answers.
    samples.add(1, kLlm, run(10, 40, 60));
    samples.add(1, kL2s, run(10, 10, 20));
    samples.add(2, kLlm, run(10, 50, 80));
    samples.add(2, kL2s, run(10, 10, 20));
    samples.add(3, kLlm, run(20, 160, 180));
    samples.add(3, kL2s, run(20, 20, 30));
    samples.add(3, kSlm, run(20, 10, 12));
    QCOMPARE(samples.timedRounds(), 3);
    const Spread perToken = samples.perToken(kL2s);
    QCOMPARE(perToken.count, 3);
    QCOMPARE(perToken.median, 5.0);
    QCOMPARE(perToken.low, 4.0);
    QCOMPARE(perToken.high, 8.0);
    const Spread whole = samples.wholeAnswer(kL2s);
    QCOMPARE(whole.median, 4.0);
    QCOMPARE(whole.low, 3.0);
    QCOMPARE(whole.high, 6.0);
    // Each mode's decoding speed over the timing rounds: LLM 250, 200, 125 tok/s.
    QCOMPARE(samples.tokensPerSecond(kLlm).median, 200.0);
    QCOMPARE(samples.tokensPerSecond(kSlm).count, 1);
    // Every mode against the LLM: the SLM ran in round 3 only, 0.5 against 8 ms per token.
    QCOMPARE(samples.perToken(kSlm).count, 1);
    QCOMPARE(samples.perToken(kSlm).median, 16.0);
    QCOMPARE(samples.timedRounds(kSlm), 1);
    // A stopped run is no sample.
    RunMetrics stopped = run(10, 10, 10);
    stopped.cancelled = true;
    samples.add(4, kLlm, run(10, 10, 10));
    samples.add(4, kL2s, stopped);
    QCOMPARE(samples.timedRounds(kL2s), 3);
    QCOMPARE(samples.timedRounds(), 4);  // rounds that ran at all
    // Against another baseline: the guided mode over the SLM alone in round 3, 1 against 0.5 ms.
    samples.setBaseline(kSlm);
    QCOMPARE(samples.perToken(kL2s).median, 0.5);
  }

  void translationsAreSplitIntoSentences() {
    const QVector<Sentence> sentences =
        splitSentences(QStringLiteral("A man walks.  Two dogs play!\nIs it raining?\n\nA woman sits"));
    QCOMPARE(sentences.size(), 4);
    QCOMPARE(sentences[0].text, QStringLiteral("A man walks."));
    QCOMPARE(sentences[0].separator, QStringLiteral(" "));
    QCOMPARE(sentences[1].text, QStringLiteral("Two dogs play!"));
    QCOMPARE(sentences[1].separator, QStringLiteral("\n"));
    QCOMPARE(sentences[2].separator, QStringLiteral("\n\n"));
    QCOMPARE(sentences[3].text, QStringLiteral("A woman sits"));
    QCOMPARE(sentences[3].separator, QString());
    QCOMPARE(splitSentences(QStringLiteral("one sentence")).size(), 1);
    QVERIFY(splitSentences(QStringLiteral("  \n ")).isEmpty());
    QCOMPARE(wordCount(QStringLiteral("  two\twords\n")), 2);
  }

  void inputUnlikeTheTrainingDataIsNoticed() {
    const QStringList latin = {QStringLiteral("en"), QStringLiteral("de")};
    QVERIFY(scriptNotice(QStringLiteral("A man walks his dog."), latin).isEmpty());
    QVERIFY(scriptNotice(QStringLiteral("Ein Mädchen läuft über die Straße."), latin).isEmpty());
    QVERIFY(scriptNotice(QStringLiteral("一个男人在公园里遛狗。"), latin).contains(QStringLiteral("script")));
    QVERIFY(!scriptNotice(QStringLiteral("Мужчина гуляет с собакой в парке."), latin).isEmpty());
    // A few foreign words in Latin text are fine; unknown or non-Latin languages are not judged.
    QVERIFY(scriptNotice(QStringLiteral("The word for dog is 狗 in Chinese."), latin).isEmpty());
    QVERIFY(scriptNotice(QStringLiteral("一个男人"), {}).isEmpty());
    QVERIFY(scriptNotice(QStringLiteral("一个男人"), {QStringLiteral("en"), QStringLiteral("zh")}).isEmpty());

    const QStringList examples = {QStringLiteral("A man in a blue shirt is walking his dog in the park."),  // 13 words
                                  QStringLiteral("Two children play.")};
    QVERIFY(lengthNotice(13, examples).isEmpty());
    QVERIFY(lengthNotice(26, examples).isEmpty());  // up to twice the longest example
    QVERIFY(lengthNotice(27, examples).contains(QStringLiteral("about 13 words")));
    QVERIFY(lengthNotice(20, {QStringLiteral("Two dogs play.")}).isEmpty());  // and 20 words at least
    QVERIFY(lengthNotice(500, {}).isEmpty());
  }

  void thePacksBenchmarkReadsAsLines() {
    const l2s::PackBenchmark b = benchmark();
    QCOMPARE(referenceLine(b, QStringLiteral("l2s")), QStringLiteral("Benchmark: BLEU 37.9 · 1940 tok/s"));
    QCOMPARE(referenceLine(b, QStringLiteral("l2s-dec")), QString());
    QVERIFY(referenceSource(b).contains(QStringLiteral("Multi30k test2016")));
    QCOMPARE(benchmarkSpeedup(b), 1940.0 / 337.0);
    QCOMPARE(whyNotTheSmallModelAlone(b),
             QStringLiteral("Why not the SLM alone? It is about as fast (2168 tok/s against 1940 tok/s), but scores "
                            "2.8 BLEU lower (35.1 against 37.9): the LLM's reading of the input is what keeps the "
                            "quality."));
    QCOMPARE(scoreName("rougeL"), QStringLiteral("ROUGE-L"));
    QCOMPARE(scoreName("chrf"), QStringLiteral("chrF"));
    // No argument to make when the small model scores as well, or nothing to show without figures.
    l2s::PackBenchmark even = b;
    even.modes[2].scores["bleu"] = 38.0;
    QVERIFY(whyNotTheSmallModelAlone(even).isEmpty());
    QVERIFY(whyNotTheSmallModelAlone({}).isEmpty());
    QCOMPARE(benchmarkSpeedup({}), 0.0);
  }

  void labelsElideWhatDoesNotFit() {
    ElidedLabel label(QStringLiteral("waiting: one run at a time, on a very narrow pane"));
    label.resize(80, label.sizeHint().height());
    label.show();
    QVERIFY(label.isElided());
    QVERIFY(label.text().endsWith(QStringLiteral("…")));
    QVERIFY(label.fontMetrics().horizontalAdvance(label.text()) <= 80);
    QCOMPARE(label.toolTip(), label.fullText());  // the whole text on hover
    QVERIFY(label.minimumSizeHint().width() < 80);  // it never widens its layout
    label.resize(label.sizeHint());
    QVERIFY(!label.isElided());
    QCOMPARE(label.text(), label.fullText());
    QVERIFY(label.toolTip().isEmpty());
    label.setExplanation(QStringLiteral("Why it waits"));
    QCOMPARE(label.toolTip(), QStringLiteral("Why it waits"));
  }

  // One pane per mode of the pack, titled by kind and family (a verified
  // mode's drafter's, not the LLM's the engine names); two modes of one kind
  // and family are told apart by name. Verified panes start hidden.
  void panesAreTitledByKindAndFamily() {
    auto described = [](const std::string& name, l2s::ModeKind kind, const std::string& family, int64_t parameters,
                        const std::string& drafter = "") {
      l2s::ModeDescription description;
      description.mode.name = name;
      description.mode.kind = kind;
      description.mode.guided_mode = drafter;
      description.family = family;
      description.parameters = parameters;
      return description;
    };
    const QVector<ModeItem> items = modeItems({described("llm", l2s::ModeKind::Llm, "t5", 20),
                                               described("l2s", l2s::ModeKind::L2s, "t5", 12),
                                               described("l2s-llama", l2s::ModeKind::L2s, "llama", 13),
                                               described("verified", l2s::ModeKind::Verified, "t5", 25, "l2s"),
                                               described("verified-l2s-llama", l2s::ModeKind::Verified, "t5", 26,
                                                         "l2s-llama"),
                                               described("slm-llama", l2s::ModeKind::Slm, "llama", 5)});
    QStringList titles, names;
    for (const ModeItem& mode : items) {
      titles << mode.title;
      names << mode.name;
    }
    QCOMPARE(names, (QStringList{"llm", "l2s", "l2s-llama", "verified", "verified-l2s-llama", "slm-llama"}));
    QCOMPARE(titles, (QStringList{"LLM only (T5)", "LLM → SLM (T5)", "LLM → SLM (Llama)", "LLM, verified drafts (T5)",
                                  "LLM, verified drafts (Llama)", "SLM only (Llama)"}));
    QCOMPARE(items[2].ordinal, 1);  // the second guided mode
    QCOMPARE(items[4].ordinal, 1);  // the second verified mode
    QCOMPARE(items[4].family, QStringLiteral("llama"));
    QCOMPARE(items[5].parameters, qint64{5});
    QVERIFY(modeColor(items[1]) != modeColor(items[2]));  // its own line in the chart
    QVERIFY(modeColor(items[3]) != modeColor(items[4]));
    QVERIFY(modeColor(items[3]) != modeColor(items[0]));
    QList<bool> shown;
    for (const ModeItem& mode : items) shown << shownByDefault(mode);
    QCOMPARE(shown, (QList<bool>{true, true, true, false, false, true}));

    const QVector<ModeItem> twins = modeItems({described("llm", l2s::ModeKind::Llm, "t5", 20),
                                               described("l2s", l2s::ModeKind::L2s, "t5", 12),
                                               described("l2s-big", l2s::ModeKind::L2s, "t5", 14)});
    QCOMPARE(twins[1].title, QStringLiteral("LLM → SLM (T5, l2s)"));
    QCOMPARE(twins[2].title, QStringLiteral("LLM → SLM (T5, l2s-big)"));
  }

  // A verified run's counts, over the segments of a translation, and as its
  // pane shows them: 9 of 12 drafts kept, 11 tokens (EOS included) in 5 LLM steps.
  void verifiedRunsShowTheirDraftsKept() {
    l2s::GenerationResult first, second;
    first.metrics.token_ms = {1, 1, 1, 1, 1};  // four tokens and EOS
    first.metrics.generated_tokens = 4;
    first.metrics.llm_steps = 2;
    first.metrics.draft_tokens = 6;
    first.metrics.accepted_tokens = 4;
    first.reached_eos = true;
    second.metrics.token_ms = {1, 1, 1, 1, 1, 1};
    second.metrics.generated_tokens = 5;
    second.metrics.llm_steps = 3;
    second.metrics.draft_tokens = 6;
    second.metrics.accepted_tokens = 5;
    second.reached_eos = true;
    RunMetrics total;
    addSegment(total, toRunMetrics(first), true);
    QCOMPARE(total.acceptanceRate(), 4.0 / 6.0);
    QCOMPARE(total.tokensPerLlmStep(), 2.5);
    addSegment(total, toRunMetrics(second), false);
    QCOMPARE(total.llmSteps, qint64{5});
    QCOMPARE(total.draftTokens, qint64{12});
    QCOMPARE(total.acceptedTokens, qint64{9});
    QCOMPARE(total.acceptanceRate(), 0.75);
    QCOMPARE(total.tokensPerLlmStep(), 2.2);
    QCOMPARE(RunMetrics().acceptanceRate(), 0.0);  // other modes draft nothing
    QCOMPARE(RunMetrics().tokensPerLlmStep(), 0.0);

    OutputPane verified(item(QStringLiteral("verified"), l2s::ModeKind::Verified, "t5"));
    QCOMPARE(verified.verificationText(), QStringLiteral("– | –"));
    verified.markStarted();
    verified.finish(total, QStringLiteral("Ein Mann geht."));
    QCOMPARE(verified.verificationText(), QStringLiteral("75% | 2.20 tokens"));
    verified.clear();
    QCOMPARE(verified.verificationText(), QStringLiteral("– | –"));
    // Only verified panes have the line.
    OutputPane guided(item(kL2s, l2s::ModeKind::L2s, "t5"));
    guided.finish(total, QStringLiteral("Ein Mann geht."));
    QVERIFY(guided.verificationText().isEmpty());
    QVERIFY(!guided.findChild<QLabel*>(QStringLiteral("acceptance")));
  }

  void theChartsAxesEndJustPastTheDataOnRoundTicks() {
    MetricsChart chart;
    chart.reset({item(kLlm, l2s::ModeKind::Llm, "t5"), item(kL2s, l2s::ModeKind::L2s, "t5")});
    QCOMPARE(chart.lineNames(), (QStringList{"LLM only (T5)", "LLM → SLM (T5)"}));
    auto axis = [&](Qt::Orientation orientation) {
      return qobject_cast<QValueAxis*>(chart.chart()->axes(orientation).value(0));
    };
    QCOMPARE(axis(Qt::Horizontal)->max(), 100.0);  // the least: 100 ms, 10 tokens
    QCOMPARE(axis(Qt::Vertical)->max(), 10.0);
    chart.addPoint(kLlm, 0, 0);
    chart.addPoint(kLlm, 210, 15);  // past 15 with the margin: the next tick is 20
    QTRY_COMPARE(chart.pointCount(kLlm), 2);
    QTRY_COMPARE(axis(Qt::Horizontal)->max(), 250.0);
    QCOMPARE(axis(Qt::Horizontal)->tickInterval(), 50.0);
    QCOMPARE(axis(Qt::Horizontal)->tickAnchor(), 0.0);
    QCOMPARE(axis(Qt::Vertical)->max(), 20.0);
    QCOMPARE(axis(Qt::Vertical)->tickInterval(), 5.0);
    chart.addPoint(kL2s, 1130, 101);
    QTRY_COMPARE(axis(Qt::Horizontal)->max(), 1250.0);
    QCOMPARE(axis(Qt::Horizontal)->tickInterval(), 250.0);
    QCOMPARE(axis(Qt::Vertical)->max(), 125.0);
    QCOMPARE(axis(Qt::Vertical)->tickInterval(), 25.0);
  }

  void aReplayKeepsTheRecordedPaceSlowedDown() {
    RunRecording recording;
    recording.start(kL2s);
    recording.start(kLlm);
    recording.addToken(kL2s, QStringLiteral("Ein"), 0, 10);
    recording.addToken(kLlm, QStringLiteral("Ein"), 0, 20);
    recording.addToken(kL2s, QStringLiteral(" Mann"), 1, 12);
    recording.addToken(kLlm, QStringLiteral(" Mann"), 1, 40);
    QVERIFY(!recording.canReplay());  // runs still going
    recording.finish(kL2s, run(3, 4, 14), QStringLiteral("Ein Mann"));
    recording.finish(kLlm, run(3, 30, 45), QStringLiteral("Ein Mann"));
    QVERIFY(recording.canReplay());

    ReplayPlayer player;
    struct Shown {
      QString mode;
      QString what;
      qint64 atMs;
    };
    QVector<Shown> shown;
    QElapsedTimer clock;
    connect(&player, &ReplayPlayer::token, this, [&](const QString& mode, const QString& text, qint64, double) {
      shown.push_back({mode, text, clock.elapsed()});
    });
    connect(&player, &ReplayPlayer::runFinished, this, [&](const QString& mode, const RunMetrics&, const QString&) {
      shown.push_back({mode, QStringLiteral("end"), clock.elapsed()});
    });
    QSignalSpy finished(&player, &ReplayPlayer::finished);
    QSignalSpy started(&player, &ReplayPlayer::runStarted);
    clock.start();
    player.play(recording, 10);
    QCOMPARE(started.count(), 2);  // both runs start at once
    QVERIFY(finished.wait(5000));
    QCOMPARE(shown.size(), 6);
    // In order of the recorded times (10, 12, 14, 20, 40, 45 ms), each shown
    // no earlier than ten times its recorded time.
    const QStringList order = {QStringLiteral("l2s Ein"),  QStringLiteral("l2s  Mann"), QStringLiteral("l2s end"),
                               QStringLiteral("llm Ein"),  QStringLiteral("llm  Mann"), QStringLiteral("llm end")};
    const QList<double> recorded = {10, 12, 14, 20, 40, 45};
    for (int i = 0; i < shown.size(); ++i) {
      QCOMPARE(shown[i].mode + QLatin1Char(' ') + shown[i].what, order[i]);
      QVERIFY2(shown[i].atMs >= recorded[i] * 10, qPrintable(QString::number(shown[i].atMs)));
    }
    QVERIFY(!player.isPlaying());

    // A failed run is shown failed at once; a stopped recording cannot be replayed.
    recording.fail(kSlm, QStringLiteral("out of memory"));
    QVERIFY(recording.canReplay());
    RunMetrics stopped = run(3, 4, 14);
    stopped.cancelled = true;
    recording.finish(kL2s, stopped, QString());
    QVERIFY(!recording.canReplay());
  }

  void theFirstWindowFitsCommonScreens() {
    for (const QRect& available : {QRect(0, 0, 1280, 720 - 32), QRect(0, 0, 1366, 768 - 32),
                                   QRect(0, 27, 1280, 720 - 27),  // 1920×1080 at 150%, a panel on top
                                   QRect(1920, 0, 2560, 1440 - 40)}) {
      const QRect geometry = initialWindowGeometry(available);
      QVERIFY2(fitsOn(geometry, available), qPrintable(QStringLiteral("%1x%2").arg(available.width()).arg(available.height())));
      // Room left for a title bar above it.
      QVERIFY(geometry.top() - available.top() >= 24);
      QVERIFY(geometry.width() >= kMinimumWindowSize.width() && geometry.height() >= kMinimumWindowSize.height());
    }
    // On a large screen, not larger than the studio needs.
    QVERIFY(initialWindowGeometry(QRect(0, 0, 3840, 2160)).width() <= 1600);
    // The minimum itself, with a title bar (30 px), fits a 1280×720 screen with a 32 px panel.
    QVERIFY(kMinimumWindowSize.width() <= 1280 && kMinimumWindowSize.height() + 30 <= 720 - 32);
    QVERIFY(!fitsOn(QRect(0, 0, 1500, 900), QRect(0, 0, 1366, 736)));
    QVERIFY(!fitsOn(QRect(1400, 0, 800, 600), QRect(0, 0, 1366, 736)));
    QVERIFY(fitsOn(QRect(-3, 0, 1366, 736), QRect(0, 0, 1366, 736)));  // frames may overlap the edge a little
  }
};

QTEST_MAIN(TestStudioParts)
#include "test_studio_parts.moc"

// The studio's main window, driven as a user would, with the real engine
// worker and a tiny random-weight pack: answers stream into the panes with
// their metrics and chart, Stop and translate-as-you-type leave no stale
// text, a bad pack shows an error without breaking anything, and settings
// persist.
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

#include "tiny_pack.h"
#include "ui/comparison_panel.h"
#include "ui/main_window.h"
#include "ui/message_bar.h"
#include "ui/metrics_chart.h"
#include "ui/model_card_view.h"
#include "ui/output_pane.h"

using namespace l2s::studio;
using l2s::Mode;

namespace {

constexpr int kTimeoutMs = 60000;  // generous: CI machines may be busy
const QString kPrompt = QStringLiteral("a man is walking in the park.");

QPlainTextEdit* editorOf(OutputPane* pane) { return pane->findChild<QPlainTextEdit*>(QStringLiteral("output")); }
QString labelText(QWidget* parent, const char* name) {
  auto* label = parent->findChild<QLabel*>(QString::fromLatin1(name));
  return label ? label->text() : QStringLiteral("<no label %1>").arg(QString::fromLatin1(name));
}

bool allDone(MainWindow& window, const QVector<Mode>& modes) {
  for (Mode mode : modes)
    if (window.pane(mode)->state() != OutputPane::State::Done) return false;
  return !window.engine().isBusy();
}

}  // namespace

class TestStudioWindow : public QObject {
  Q_OBJECT

  QTemporaryDir temp_;
  QString pack_;  // with an SLM baseline
  QString packNoBaseline_;
  int settingsCount_ = 0;

  // Each test starts from fresh settings with a short typing pause.
  std::unique_ptr<StudioSettings> freshSettings() {
    auto settings = std::make_unique<StudioSettings>(temp_.filePath(QStringLiteral("s%1.ini").arg(settingsCount_++)));
    settings->setDebounceMs(30);
    return settings;
  }

  static bool openAndWait(MainWindow& window, const QString& dir) {
    QSignalSpy loaded(&window.engine(), &EngineHost::packLoaded);
    window.openPack(dir);
    return loaded.wait(kTimeoutMs) && window.showsWorkspace();
  }

 private slots:
  void initTestCase() {
    QVERIFY(temp_.isValid());
    pack_ = QString::fromStdString(l2s::testing::make_tiny_pack(temp_.filePath("pack").toStdString(), true));
    packNoBaseline_ =
        QString::fromStdString(l2s::testing::make_tiny_pack(temp_.filePath("pack2").toStdString(), false));
  }

  void withoutAPackItShowsHowToOpenOne() {
    auto settings = freshSettings();
    MainWindow window(*settings);
    window.show();
    window.openStartupPack(QString(), QString());
    QVERIFY(!window.showsWorkspace());
    QVERIFY(labelText(&window, "emptyStateText").contains(QStringLiteral("Ctrl+O")));
    window.runNow();  // nothing to run with: a notice, no crash
    QVERIFY(window.messageBar()->isVisible());
    QVERIFY(window.messageBar()->text().contains(QStringLiteral("Open a model pack")));
  }

  void aPromptFillsEveryPaneWithMetricsAndChart() {
    auto settings = freshSettings();
    MainWindow window(*settings);
    window.show();
    QVERIFY(openAndWait(window, pack_));
    QVERIFY(window.pane(Mode::Slm)->isVisible());  // the pack has a baseline
    window.setPrompt(kPrompt);                      // translate-as-you-type starts the runs
    const QVector<Mode> modes = {Mode::Llm, Mode::L2s, Mode::Slm};
    QTRY_VERIFY_WITH_TIMEOUT(allDone(window, modes), kTimeoutMs);
    for (Mode mode : modes) {
      OutputPane* pane = window.pane(mode);
      QVERIFY2(!pane->text().isEmpty(), qPrintable(modeTitle(mode)));
      QVERIFY(pane->tokenCount() > 0);
      QVERIFY2(labelText(pane, "speed").contains(QStringLiteral("tok/s")), qPrintable(pane->metricsText()));
      QVERIFY2(labelText(pane, "firstToken").contains(QStringLiteral("ms")) ||
                   labelText(pane, "firstToken").contains(QStringLiteral(" s")),
               qPrintable(pane->metricsText()));
      QCOMPARE(labelText(pane, "tokens"), QString::number(pane->tokenCount()));
      // One point at the start and one per token.
      QCOMPARE(window.chart()->pointCount(mode), static_cast<int>(pane->tokenCount()) + 1);
    }
    QVERIFY2(window.comparison()->speedupText().contains(QStringLiteral("×")),
             qPrintable(window.comparison()->speedupText()));
    QVERIFY(labelText(&window, "policyStatus").contains(QStringLiteral("Fair")));
    // The model card is shown, and the answer can be copied.
    QVERIFY(window.findChild<ModelCardView*>()->cardText().contains(QStringLiteral("Random weights")));
    window.copyResult();
    QCOMPARE(QApplication::clipboard()->text(), window.pane(Mode::L2s)->text());
  }

  void aPackWithoutBaselineHidesTheSlmPane() {
    auto settings = freshSettings();
    MainWindow window(*settings);
    window.show();
    QVERIFY(openAndWait(window, packNoBaseline_));
    QVERIFY(!window.pane(Mode::Slm)->isVisible());
    window.setPrompt(kPrompt);
    QTRY_VERIFY_WITH_TIMEOUT(allDone(window, {Mode::Llm, Mode::L2s}), kTimeoutMs);
    QCOMPARE(window.pane(Mode::Slm)->state(), OutputPane::State::Idle);
  }

  void translateAsYouTypeShowsOnlyTheNewestAnswer() {
    auto settings = freshSettings();
    DecodingSettings decoding;
    decoding.maxNewTokens = 300;  // long enough to be interrupted
    settings->setDecoding(decoding);
    MainWindow window(*settings);
    window.show();
    QVERIFY(openAndWait(window, pack_));
    const QString finalPrompt = QStringLiteral("two dogs play near the water.");

    // Reference: every text the LLM → SLM pane shows for the final prompt, alone.
    QSet<QString> reference;
    QPlainTextEdit* l2sEditor = editorOf(window.pane(Mode::L2s));
    auto record = connect(l2sEditor, &QPlainTextEdit::textChanged, this,
                          [&] { reference.insert(l2sEditor->toPlainText()); });
    window.setPrompt(finalPrompt);
    QTRY_VERIFY_WITH_TIMEOUT(allDone(window, {Mode::Llm, Mode::L2s, Mode::Slm}), kTimeoutMs);
    disconnect(record);
    const QString expected = window.pane(Mode::L2s)->text();
    const QString expectedLlm = window.pane(Mode::Llm)->text();
    QVERIFY(!expected.isEmpty());

    // Now type: an earlier prompt starts streaming, then edits supersede it.
    window.setPrompt(QString());
    QTRY_VERIFY_WITH_TIMEOUT(!window.engine().isBusy(), kTimeoutMs);
    window.promptEditor()->setFocus();
    QTest::keyClicks(window.promptEditor(), QStringLiteral("a woman sits"));
    QTRY_VERIFY_WITH_TIMEOUT(window.pane(Mode::L2s)->tokenCount() > 0, kTimeoutMs);
    // Typing the final prompt in one burst: its request is the first after `before`.
    const quint64 before = window.engine().currentRunId();
    QStringList stale;
    connect(l2sEditor, &QPlainTextEdit::textChanged, this, [&] {
      if (window.engine().currentRunId() > before && !reference.contains(l2sEditor->toPlainText()))
        stale << l2sEditor->toPlainText();
    });
    window.promptEditor()->selectAll();
    QTest::keyClicks(window.promptEditor(), finalPrompt);
    QCOMPARE(window.promptEditor()->toPlainText(), finalPrompt);
    QTRY_VERIFY_WITH_TIMEOUT(window.engine().currentRunId() > before, kTimeoutMs);
    const quint64 finalId = window.engine().currentRunId();
    QTRY_VERIFY_WITH_TIMEOUT(allDone(window, {Mode::Llm, Mode::L2s, Mode::Slm}), kTimeoutMs);
    QVERIFY2(stale.isEmpty(), qPrintable(stale.join(QStringLiteral(" | "))));
    QCOMPARE(window.engine().currentRunId(), finalId);
    QCOMPARE(window.pane(Mode::L2s)->text(), expected);
    QCOMPARE(window.pane(Mode::Llm)->text(), expectedLlm);
  }

  void stopFreezesThePanes() {
    auto settings = freshSettings();
    DecodingSettings decoding;
    decoding.maxNewTokens = 2000;
    settings->setDecoding(decoding);
    MainWindow window(*settings);
    window.show();
    QVERIFY(openAndWait(window, pack_));
    window.setPrompt(kPrompt);
    QTRY_VERIFY_WITH_TIMEOUT(window.pane(Mode::L2s)->tokenCount() > 0, kTimeoutMs);
    auto* stopAction = window.findChild<QAction*>(QStringLiteral("stopAction"));
    QVERIFY(stopAction && stopAction->isEnabled());
    stopAction->trigger();
    const QString l2sAtStop = window.pane(Mode::L2s)->text();
    const QString llmAtStop = window.pane(Mode::Llm)->text();
    QTRY_VERIFY_WITH_TIMEOUT(!window.engine().isBusy(), kTimeoutMs);
    QCoreApplication::processEvents();
    QCOMPARE(window.pane(Mode::L2s)->text(), l2sAtStop);
    QCOMPARE(window.pane(Mode::Llm)->text(), llmAtStop);
    QVERIFY(!window.pane(Mode::L2s)->isActive());
    QCOMPARE(window.pane(Mode::Llm)->state(), OutputPane::State::Stopped);  // fair: it was still waiting
    QVERIFY(!stopAction->isEnabled());
    QVERIFY(window.comparison()->speedupText() == QStringLiteral("–"));

    // And it runs again.
    window.runNow();
    QTRY_VERIFY_WITH_TIMEOUT(window.pane(Mode::L2s)->tokenCount() > 0, kTimeoutMs);
    window.stop();
  }

  void aBadPackShowsAnErrorAndTheAppKeepsWorking() {
    auto settings = freshSettings();
    MainWindow window(*settings);
    window.show();
    QSignalSpy failed(&window.engine(), &EngineHost::packFailed);
    window.openPack(temp_.filePath(QStringLiteral("not-a-pack")));
    QVERIFY(failed.wait(kTimeoutMs));
    QVERIFY(window.messageBar()->isVisible());
    QVERIFY(window.messageBar()->isError());
    QVERIFY2(window.messageBar()->text().contains(QStringLiteral("not a model pack")),
             qPrintable(window.messageBar()->text()));
    QVERIFY(!window.showsWorkspace());
    QVERIFY(settings->recentPacks().isEmpty());  // a failed pack is not remembered

    QVERIFY(openAndWait(window, pack_));
    QVERIFY(!window.messageBar()->isVisible());
    window.openPack(pack_ + QStringLiteral("/projector"));  // a folder, but not a pack
    QVERIFY(failed.wait(kTimeoutMs));
    QVERIFY(window.messageBar()->isVisible());
    QVERIFY(window.showsWorkspace());  // still working with the pack it had
    window.setPrompt(kPrompt);
    QTRY_VERIFY_WITH_TIMEOUT(allDone(window, {Mode::Llm, Mode::L2s}), kTimeoutMs);

    // Model folders that do not exist are refused before reaching the engine.
    window.openModels({temp_.filePath("x"), temp_.filePath("y"), temp_.filePath("z"), QString()});
    QVERIFY(window.messageBar()->text().contains(QStringLiteral("does not exist")));
    QVERIFY(window.showsWorkspace());
  }

  void badDecodingSettingsFailInThePanesNotTheApp() {
    auto settings = freshSettings();
    MainWindow window(*settings);
    window.show();
    QVERIFY(openAndWait(window, pack_));
    window.setPrompt(QString(2000, QLatin1Char('x')) + QStringLiteral(" park"));  // over max_input_tokens
    QTRY_VERIFY_WITH_TIMEOUT(window.pane(Mode::L2s)->state() == OutputPane::State::Failed, kTimeoutMs);
    QVERIFY2(window.pane(Mode::L2s)->text().contains(QStringLiteral("tokens")), qPrintable(window.pane(Mode::L2s)->text()));
    QTRY_VERIFY_WITH_TIMEOUT(!window.engine().isBusy(), kTimeoutMs);
    window.setPrompt(kPrompt);
    QTRY_VERIFY_WITH_TIMEOUT(allDone(window, {Mode::Llm, Mode::L2s}), kTimeoutMs);
  }

  void raceRunsAreLabelledAndFinish() {
    auto settings = freshSettings();
    settings->setRunPolicy(RunPolicy::Race);
    MainWindow window(*settings);
    window.show();
    QVERIFY(labelText(&window, "policyStatus").contains(QStringLiteral("Race")));
    QVERIFY(labelText(window.comparison(), "policy").contains(QStringLiteral("Race")));
    QVERIFY(openAndWait(window, pack_));
    window.setPrompt(kPrompt);
    QTRY_VERIFY_WITH_TIMEOUT(allDone(window, {Mode::Llm, Mode::L2s, Mode::Slm}), kTimeoutMs);
    QVERIFY(window.comparison()->speedupText().contains(QStringLiteral("×")));
  }

  void settingsPersistAndTheLastPackReopens() {
    const QString file = temp_.filePath(QStringLiteral("persist.ini"));
    {
      StudioSettings settings(file);
      MainWindow window(settings);
      window.show();
      QVERIFY(openAndWait(window, pack_));
      window.findChild<QComboBox*>(QStringLiteral("policy"))->setCurrentIndex(1);  // race
      window.findChild<QSpinBox*>(QStringLiteral("maxNewTokens"))->setValue(33);
      window.findChild<QSpinBox*>(QStringLiteral("threads"))->setValue(2);
      auto* preset = window.findChild<QComboBox*>(QStringLiteral("preset"));
      preset->setCurrentIndex(preset->findText(QStringLiteral("Summarize")));
      QVERIFY(labelText(&window, "policyStatus").contains(QStringLiteral("Race")));
      window.close();
    }
    {
      StudioSettings settings(file);
      QCOMPARE(settings.runPolicy(), RunPolicy::Race);
      QCOMPARE(settings.decoding().maxNewTokens, 33);
      QCOMPARE(settings.threads(), 2);
      QCOMPARE(settings.presetName(), QStringLiteral("Summarize"));
      QCOMPARE(settings.lastOpened(), StudioSettings::LastOpened::Pack);
      QCOMPARE(settings.recentPacks().value(0), QDir::cleanPath(QDir(pack_).absolutePath()));
      QVERIFY(!settings.windowGeometry().isEmpty());

      MainWindow window(settings);
      window.show();
      QSignalSpy loaded(&window.engine(), &EngineHost::packLoaded);
      window.openStartupPack(QString(), QString());
      QVERIFY(loaded.wait(kTimeoutMs));
      QVERIFY(window.showsWorkspace());
      QCOMPARE(window.findChild<QComboBox*>(QStringLiteral("preset"))->currentText(), QStringLiteral("Summarize"));
      QCOMPARE(window.findChild<QSpinBox*>(QStringLiteral("maxNewTokens"))->value(), 33);
    }
  }
};

QTEST_MAIN(TestStudioWindow)
#include "test_studio_window.moc"

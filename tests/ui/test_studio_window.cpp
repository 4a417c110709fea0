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

#include "engine/common/version.h"
#include "tiny_pack.h"
#include "ui/about_dialog.h"
#include "ui/comparison_panel.h"
#include "ui/main_window.h"
#include "ui/message_bar.h"
#include "ui/metrics_chart.h"
#include "ui/model_card_view.h"
#include "ui/open_models_dialog.h"
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

  // Each test starts from fresh settings with a short typing pause, and one
  // compute thread: the tiny models gain nothing from more, and a busy CI
  // machine loses much to idle OpenMP threads spinning.
  std::unique_ptr<StudioSettings> freshSettings() {
    auto settings = std::make_unique<StudioSettings>(temp_.filePath(QStringLiteral("s%1.ini").arg(settingsCount_++)));
    settings->setDebounceMs(30);
    settings->setThreads(1);
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

  void theDefaultPackIsTheInstalledPackCalledDefault() {
    // In the build tree that is the source tree's pack, linked where an installed
    // one would be (share/l2s/packs/default beside bin/); test_install_paths
    // checks the search itself.
    const QString sourcePack = QDir::cleanPath(QStringLiteral(L2S_TEST_DATA_DIR "/../../resources/packs/default"));
    if (!QFileInfo::exists(sourcePack + QStringLiteral("/pack.json"))) QSKIP("the repository ships no default pack");
    QCOMPARE(QFileInfo(MainWindow::buildDefaultPackDir()).canonicalFilePath(), QFileInfo(sourcePack).canonicalFilePath());
  }

  void aPromptFillsEveryPaneWithMetricsAndChart() {
    auto settings = freshSettings();
    settings->setThreads(0);  // the default: all cores
    MainWindow window(*settings);
    window.show();
    QVERIFY(openAndWait(window, pack_));
    QVERIFY(window.pane(Mode::Slm)->isVisible());  // the pack has a baseline
    window.setPrompt(kPrompt);                      // translate-as-you-type starts the runs
    const QVector<Mode> modes = {Mode::Llm, Mode::L2s, Mode::Slm};
    QTRY_VERIFY_WITH_TIMEOUT(allDone(window, modes), kTimeoutMs);
    for (Mode mode : modes) {
      OutputPane* pane = window.pane(mode);
      // Random weights may pick a piece with no text for the SLM baseline.
      if (mode != Mode::Slm) QVERIFY2(!pane->text().isEmpty(), qPrintable(modeTitle(mode)));
      QVERIFY(pane->tokenCount() > 0);
      QVERIFY2(labelText(pane, "speed").contains(QStringLiteral("tok/s")), qPrintable(pane->metricsText()));
      QVERIFY2(labelText(pane, "firstToken").contains(QStringLiteral("ms")) ||
                   labelText(pane, "firstToken").contains(QStringLiteral(" s")),
               qPrintable(pane->metricsText()));
      QVERIFY(labelText(pane, "tokens").startsWith(QString::number(pane->tokenCount())));
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
    // The random models' answers hardly depend on the prompt, so the requests
    // are told apart by length: the superseded one may write 300 tokens, the
    // final one 5.
    auto settings = freshSettings();
    DecodingSettings longAnswers;
    longAnswers.maxNewTokens = 300;
    DecodingSettings shortAnswers;
    shortAnswers.maxNewTokens = 5;
    MainWindow window(*settings);
    window.show();
    QVERIFY(openAndWait(window, pack_));
    const QString finalPrompt = QStringLiteral("two dogs play near the water.");
    const QVector<Mode> modes = {Mode::Llm, Mode::L2s, Mode::Slm};

    // Reference: the final prompt's short answers, alone.
    settings->setDecoding(shortAnswers);
    window.setPrompt(finalPrompt);
    QTRY_VERIFY_WITH_TIMEOUT(allDone(window, modes), kTimeoutMs);
    QHash<int, QString> expected;
    for (Mode mode : modes) expected[static_cast<int>(mode)] = window.pane(mode)->text();
    QVERIFY(!expected.value(static_cast<int>(Mode::L2s)).isEmpty());

    // Type an earlier prompt and let its long answers stream.
    settings->setDecoding(longAnswers);
    window.setPrompt(QString());
    QTRY_VERIFY_WITH_TIMEOUT(!window.engine().isBusy(), kTimeoutMs);
    window.promptEditor()->setFocus();
    QTest::keyClicks(window.promptEditor(), QStringLiteral("a woman sits"));
    QTRY_VERIFY_WITH_TIMEOUT(window.pane(Mode::L2s)->tokenCount() > 5, kTimeoutMs);
    QVERIFY(window.engine().isRunning());

    // Retype: once the final request is shown, a pane only ever shows a part
    // of the final answer, never more.
    const quint64 before = window.engine().currentRunId();
    QStringList stale;
    for (Mode mode : modes) {
      QPlainTextEdit* editor = editorOf(window.pane(mode));
      const QString answer = expected.value(static_cast<int>(mode));
      connect(editor, &QPlainTextEdit::textChanged, this, [&, editor, answer, mode] {
        if (window.engine().currentRunId() > before && !answer.startsWith(editor->toPlainText()))
          stale << modeTitle(mode) + QStringLiteral(": ") + editor->toPlainText();
      });
    }
    settings->setDecoding(shortAnswers);
    window.promptEditor()->selectAll();
    QTest::keyClicks(window.promptEditor(), finalPrompt);
    QCOMPARE(window.promptEditor()->toPlainText(), finalPrompt);
    QTRY_VERIFY_WITH_TIMEOUT(window.engine().currentRunId() > before, kTimeoutMs);
    const quint64 finalId = window.engine().currentRunId();
    QTRY_VERIFY_WITH_TIMEOUT(allDone(window, modes), kTimeoutMs);
    QVERIFY2(stale.isEmpty(), qPrintable(stale.join(QStringLiteral(" | "))));
    QCOMPARE(window.engine().currentRunId(), finalId);
    for (Mode mode : modes) {
      QCOMPARE(window.pane(mode)->text(), expected.value(static_cast<int>(mode)));
      QVERIFY(window.pane(mode)->tokenCount() <= 5);
    }
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

  // A prompt over the pack's max_input_tokens runs, cut to the limit, and
  // the message bar says how many tokens were dropped: never silently.
  void longPromptsAreTruncatedVisibly() {
    auto settings = freshSettings();
    MainWindow window(*settings);
    window.show();
    QVERIFY(openAndWait(window, pack_));
    window.setPrompt(QStringLiteral("a man is walking in the park. ").repeated(100));  // over max_input_tokens
    QTRY_VERIFY_WITH_TIMEOUT(allDone(window, {Mode::Llm, Mode::L2s}), kTimeoutMs);
    QVERIFY(window.messageBar()->isVisible());
    QVERIFY2(window.messageBar()->text().contains(QStringLiteral("tokens were dropped")) &&
                 window.messageBar()->text().contains(QStringLiteral("at most 512")),
             qPrintable(window.messageBar()->text()));
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

  void keyboardShortcutsRunAndStop() {
    auto settings = freshSettings();
    settings->setTranslateAsYouType(false);
    DecodingSettings decoding;
    decoding.maxNewTokens = 2000;
    settings->setDecoding(decoding);
    MainWindow window(*settings);
    window.show();
    QApplication::setActiveWindow(&window);
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QVERIFY(openAndWait(window, pack_));
    window.setPrompt(kPrompt);
    QCoreApplication::processEvents();
    QVERIFY(!window.engine().isBusy());  // typing alone runs nothing now
    QCOMPARE(window.pane(Mode::L2s)->state(), OutputPane::State::Idle);
    QTest::keyClick(&window, Qt::Key_Return, Qt::ControlModifier);
    QTRY_VERIFY_WITH_TIMEOUT(window.pane(Mode::L2s)->tokenCount() > 0, kTimeoutMs);
    QTest::keyClick(&window, Qt::Key_Escape);
    QTRY_VERIFY_WITH_TIMEOUT(!window.engine().isBusy(), kTimeoutMs);
    QCOMPARE(window.pane(Mode::Llm)->state(), OutputPane::State::Stopped);
    QTest::keyClick(&window, Qt::Key_T, Qt::ControlModifier);  // translate as you type, on again
    QVERIFY(settings->translateAsYouType());
  }

  void dialogsExplainThemselves() {
    AboutDialog about;
    bool namesVersion = false;
    for (QLabel* label : about.findChildren<QLabel*>())
      namesVersion = namesVersion || label->text().contains(QStringLiteral(L2S_VERSION));
    QVERIFY(namesVersion);

    // Missing folders keep the dialog open with the reason.
    OpenModelsDialog dialog({pack_ + "/llm", temp_.filePath("gone"), pack_ + "/projector", QString()});
    dialog.show();
    dialog.accept();
    QVERIFY(dialog.isVisible());
    auto* problem = dialog.findChild<QLabel*>(QStringLiteral("problem"));
    QVERIFY(problem && problem->text().contains(QStringLiteral("SLM")));
    QVERIFY(OpenModelsDialog::problemWith({QString(), QString(), QString(), QString()}).contains(QStringLiteral("LLM")));
    QVERIFY(OpenModelsDialog::problemWith({pack_ + "/llm", pack_ + "/slm", pack_ + "/projector", QString()}).isEmpty());
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

// The studio's main window, driven as a user would, with the real engine
// worker and a tiny random-weight pack: answers stream into the panes with
// their metrics and chart, Stop and translate-as-you-type leave no stale
// text, a bad pack shows an error without breaking anything, and settings
// persist.
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QLineEdit>
#include <QMenu>
#include <QToolButton>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QElapsedTimer>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

#include "l2s/version.h"
#include "tiny_pack.h"
#include "ui/about_dialog.h"
#include "ui/comparison_panel.h"
#include "ui/guide_dialog.h"
#include "ui/input_panel.h"
#include "ui/recent_packs_menu.h"
#include "ui/run_settings_panel.h"
#include "ui/elided_label.h"
#include "ui/embedded_packs.h"
#include "ui/main_window.h"
#include "ui/message_bar.h"
#include "ui/metrics_chart.h"
#include "ui/model_card_view.h"
#include "ui/open_models_dialog.h"
#include "ui/output_pane.h"

using namespace l2s::studio;
// The tiny pack's modes.
const QString kLlm = QStringLiteral("llm"), kL2s = QStringLiteral("l2s"), kSlm = QStringLiteral("slm"),
              kVerified = QStringLiteral("verified");

namespace {

constexpr int kTimeoutMs = 60000;  // generous: CI machines may be busy
const QString kPrompt = QStringLiteral("a man is walking in the park.");
// Paragraph-length input, as a summarizing pack reads it.
const QString kAbstract = QStringLiteral(
    "We study how a large frozen encoder can guide a small decoder. The large model reads the prompt once, in "
    "parallel; a projector maps its states into the small model's embedding space, and the small model writes the "
    "answer token by token. On translation and summarization the pair keeps most of the large model's quality "
    "while decoding several times faster on a laptop CPU.");

QPlainTextEdit* editorOf(OutputPane* pane) { return pane->findChild<QPlainTextEdit*>(QStringLiteral("output")); }
// The whole text: labels elide what does not fit.
QString labelText(QWidget* parent, const char* name) {
  auto* label = parent->findChild<QLabel*>(QString::fromLatin1(name));
  if (auto* elided = qobject_cast<ElidedLabel*>(label)) return elided->fullText();
  return label ? label->text() : QStringLiteral("<no label %1>").arg(QString::fromLatin1(name));
}

bool allDone(MainWindow& window, const QStringList& modes) {
  for (const QString& mode : modes)
    if (window.pane(mode)->state() != OutputPane::State::Done) return false;
  return !window.engine().isBusy();
}

}  // namespace

class TestStudioWindow : public QObject {
  Q_OBJECT

  QTemporaryDir temp_;
  QString pack_;  // with an SLM baseline
  QString packNoBaseline_;
  QString packTwoFamilies_;  // a second guided pair, a Llama
  QString embeddedRoot_;     // a packs folder: "default" and "summarize"
  int settingsCount_ = 0;

  // Each test starts from fresh settings with a short typing pause, and one
  // compute thread: the tiny models gain nothing from more, and a busy CI
  // machine loses much to idle OpenMP threads spinning.
  static void makeQuick(StudioSettings& settings, int timingRuns) {
    settings.setDebounceMs(30);
    settings.setThreads(1);
    settings.setTimingRuns(timingRuns);
  }
  std::unique_ptr<StudioSettings> freshSettings() {
    auto settings = std::make_unique<StudioSettings>(temp_.filePath(QStringLiteral("s%1.ini").arg(settingsCount_++)));
    makeQuick(*settings, 2);
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
    packTwoFamilies_ =
        QString::fromStdString(l2s::testing::make_tiny_pack(temp_.filePath("pack3").toStdString(), true));
    l2s::testing::add_tiny_llama_mode(packTwoFamilies_.toStdString(), l2s::ModeKind::L2s, "l2s-llama",
                                      "LLM → SLM (Llama)");
    // Two packs in a packs folder; the second with a summarizing preset and no benchmark.
    embeddedRoot_ = temp_.filePath(QStringLiteral("packs"));
    l2s::testing::make_tiny_pack(embeddedRoot_.toStdString() + "/default", true);
    const std::string summarize = l2s::testing::make_tiny_pack(embeddedRoot_.toStdString() + "/summarize", true);
    l2s::PackInfo info = l2s::read_pack_info(summarize);
    info.name = "Tiny summarize pack";
    info.presets = {{"Summarize (title an abstract)", "summarize", "summarize: ",
                     {kAbstract.toStdString(), "A second abstract, shorter."}}};
    info.benchmark = {};
    l2s::write_pack_info(info);
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
    settings->setThreads(0);  // all cores
    MainWindow window(*settings);
    window.show();
    QVERIFY(openAndWait(window, pack_));
    QVERIFY(window.pane(kSlm)->isVisible());  // the pack has a baseline
    window.setPrompt(kPrompt);                      // translate-as-you-type starts the runs
    const QStringList modes = {kLlm, kL2s, kSlm};
    QTRY_VERIFY_WITH_TIMEOUT(allDone(window, modes), kTimeoutMs);
    for (const QString& mode : modes) {
      OutputPane* pane = window.pane(mode);
      // Random weights may pick a piece with no text for the SLM baseline.
      if (mode != kSlm) QVERIFY2(!pane->text().isEmpty(), qPrintable(mode));
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
    QCOMPARE(QApplication::clipboard()->text(), window.pane(kL2s)->text());
  }

  void aPackWithoutBaselineHidesTheSlmPane() {
    auto settings = freshSettings();
    MainWindow window(*settings);
    window.show();
    QVERIFY(openAndWait(window, pack_));
    QCOMPARE(window.panes().size(), 4);  // llm, l2s, verified, slm
    QVERIFY(openAndWait(window, packNoBaseline_));
    QCOMPARE(window.panes().size(), 3);  // a pane per mode of the pack, and no more
    QVERIFY(!window.pane(kSlm));
    QVERIFY(!window.paneAction(kSlm));
    window.setPrompt(kPrompt);
    QTRY_VERIFY_WITH_TIMEOUT(allDone(window, {kLlm, kL2s}), kTimeoutMs);
    QCOMPARE(window.lastRequest().modes, (QStringList{kL2s, kLlm}));
  }

  // A pack with two guided pairs of different families: a pane for each of
  // its modes, titled by kind and family, in the View menu to hide, and every
  // small model compared with the LLM.
  void everyModeOfThePackGetsItsPane() {
    const QString file = temp_.filePath(QStringLiteral("families.ini"));
    const QString llama = QStringLiteral("l2s-llama");
    {
      StudioSettings settings(file);
      makeQuick(settings, 1);
      MainWindow window(settings);
      window.show();
      QVERIFY(openAndWait(window, packTwoFamilies_));
      QStringList titles, actions, shown;
      for (OutputPane* pane : window.panes()) titles << pane->title();
      QCOMPARE(titles, (QStringList{"LLM only (T5)", "LLM → SLM (T5)", "LLM → SLM (Llama)", "LLM, verified drafts (T5)",
                                    "LLM, verified drafts (Llama)", "SLM only (T5)"}));
      for (OutputPane* pane : window.panes()) actions << window.paneAction(pane->mode().name)->text();
      QCOMPARE(actions, titles);
      for (OutputPane* pane : window.panes())
        if (pane->isVisible()) shown << pane->title();
      // The verified panes start hidden: they would run the LLM again.
      QCOMPARE(shown, (QStringList{"LLM only (T5)", "LLM → SLM (T5)", "LLM → SLM (Llama)", "SLM only (T5)"}));
      QVERIFY(window.findChild<ModelCardView*>()->findChild<QLabel*>()->text().contains(QStringLiteral("LLM → SLM (Llama)")));

      window.setPrompt(kPrompt);
      const QStringList all = {kLlm, kL2s, llama, kSlm};
      QTRY_VERIFY_WITH_TIMEOUT(allDone(window, all), kTimeoutMs);
      QCOMPARE(window.lastRequest().modes, (QStringList{kL2s, llama, kLlm, kSlm}));  // guided first
      QCOMPARE(window.chart()->lineNames(), shown);
      QVERIFY(window.pane(llama)->tokenCount() > 0);
      QCOMPARE(window.comparison()->captionText(), QStringLiteral("LLM → SLM (T5) decodes, against LLM only (T5):"));
      QVERIFY2(window.comparison()->othersText().contains(QStringLiteral("LLM → SLM (Llama): ")) &&
                   window.comparison()->othersText().contains(QStringLiteral("SLM only (T5): ")),
               qPrintable(window.comparison()->othersText()));

      // Hidden: not shown, not run, not drawn; remembered for this pack.
      window.paneAction(llama)->trigger();
      QVERIFY(!window.pane(llama)->isVisible());
      window.runNow();
      QCOMPARE(window.lastRequest().modes, (QStringList{kL2s, kLlm, kSlm}));
      QTRY_VERIFY_WITH_TIMEOUT(allDone(window, {kLlm, kL2s, kSlm}), kTimeoutMs);
      QCOMPARE(window.pane(llama)->tokenCount(), 0);
      QCOMPARE(window.chart()->lineNames().size(), 3);
      QVERIFY(!window.comparison()->othersText().contains(QStringLiteral("Llama")));
      // The last pane shown cannot be hidden.
      window.paneAction(kLlm)->trigger();
      window.paneAction(kSlm)->trigger();
      QVERIFY(!window.paneAction(kL2s)->isEnabled());
      QVERIFY(window.paneAction(kL2s)->isChecked());
      window.paneAction(kLlm)->trigger();
      window.paneAction(kSlm)->trigger();
      QVERIFY(window.paneAction(kL2s)->isEnabled());
      QTRY_VERIFY_WITH_TIMEOUT(!window.engine().isBusy(), kTimeoutMs);
      window.close();
    }
    StudioSettings settings(file);
    QCOMPARE(settings.hiddenPanes(QStringLiteral("Tiny test pack")),
             (QStringList{llama, QStringLiteral("verified"), QStringLiteral("verified-l2s-llama")}));
    MainWindow window(settings);
    window.show();
    QVERIFY(openAndWait(window, packTwoFamilies_));
    QVERIFY(!window.pane(llama)->isVisible());
    QVERIFY(!window.paneAction(llama)->isChecked());
    QVERIFY(window.pane(kL2s)->isVisible());
  }

  // The verified pane is in the View menu but hidden (and not run) until the
  // user shows it; shown, it runs, answers exactly as the LLM pane does, shows
  // the drafts the LLM kept, and has its speedup beside the others. The choice
  // is remembered; settings from before it keep the pane hidden.
  void theVerifiedPaneShowsTheLlmsAnswerOnceShown() {
    const QString file = temp_.filePath(QStringLiteral("verified.ini"));
    {
      StudioSettings settings(file);
      makeQuick(settings, 1);
      MainWindow window(settings);
      window.show();
      QVERIFY(openAndWait(window, pack_));
      OutputPane* verified = window.pane(kVerified);
      QVERIFY(verified);
      QCOMPARE(verified->title(), QStringLiteral("LLM, verified drafts (T5)"));
      QAction* action = window.paneAction(kVerified);
      QVERIFY(action);
      auto* viewMenu = window.findChild<QMenu*>(QStringLiteral("viewMenu"));
      QVERIFY(viewMenu->actions().contains(action));
      QVERIFY(!action->isChecked());
      QVERIFY(!verified->isVisible());
      window.setPrompt(kPrompt);
      QTRY_VERIFY_WITH_TIMEOUT(allDone(window, {kLlm, kL2s, kSlm}), kTimeoutMs);
      QVERIFY(!window.lastRequest().modes.contains(kVerified));  // hidden: not run
      QCOMPARE(verified->tokenCount(), 0);

      action->trigger();  // shown: translate-as-you-type runs every shown pane again
      QVERIFY(verified->isVisible());
      QTRY_VERIFY_WITH_TIMEOUT(window.lastRequest().modes.contains(kVerified), kTimeoutMs);
      QTRY_VERIFY_WITH_TIMEOUT(allDone(window, {kLlm, kL2s, kVerified, kSlm}), kTimeoutMs);
      QCOMPARE(window.lastRequest().modes, (QStringList{kL2s, kLlm, kSlm, kVerified}));
      QVERIFY(!window.pane(kLlm)->text().isEmpty());
      QCOMPARE(verified->text(), window.pane(kLlm)->text());
      QCOMPARE(verified->tokenCount(), window.pane(kLlm)->tokenCount());
      QVERIFY2(verified->verificationText().contains(QStringLiteral("%")) &&
                   verified->verificationText().contains(QStringLiteral("tokens")),
               qPrintable(verified->verificationText()));
      QVERIFY(window.pane(kLlm)->verificationText().isEmpty());
      QVERIFY(window.chart()->lineNames().contains(verified->title()));
      QVERIFY2(window.comparison()->othersText().contains(QStringLiteral("LLM, verified drafts (T5): ")),
               qPrintable(window.comparison()->othersText()));
      QVERIFY(window.comparison()->captionText().startsWith(QStringLiteral("LLM → SLM (T5)")));  // still the headline
      window.close();
    }
    {
      StudioSettings settings(file);
      MainWindow window(settings);
      window.show();
      QVERIFY(openAndWait(window, pack_));
      QVERIFY(window.pane(kVerified)->isVisible());  // remembered
      QVERIFY(window.paneAction(kVerified)->isChecked());
      window.paneAction(kVerified)->trigger();
      QVERIFY(!window.pane(kVerified)->isVisible());
      QTRY_VERIFY_WITH_TIMEOUT(!window.engine().isBusy(), kTimeoutMs);
      window.close();
    }
    {
      StudioSettings settings(file);
      MainWindow window(settings);
      window.show();
      QVERIFY(openAndWait(window, pack_));
      QVERIFY(!window.pane(kVerified)->isVisible());  // hidden again, as left
      QVERIFY(window.pane(kSlm)->isVisible());
    }
    // Settings from before the verified panes: only the hidden panes were kept.
    const QString before = temp_.filePath(QStringLiteral("before-verified.ini"));
    QSettings(before, QSettings::IniFormat)
        .setValue(QStringLiteral("view/hiddenPanes/Tiny%20test%20pack"), QStringList{kSlm});
    StudioSettings settings(before);
    QCOMPARE(settings.hiddenPanes(QStringLiteral("Tiny test pack")), QStringList{kSlm});
    MainWindow window(settings);
    window.show();
    QVERIFY(openAndWait(window, pack_));
    QVERIFY(!window.pane(kSlm)->isVisible());
    QVERIFY(!window.pane(kVerified)->isVisible());  // never chosen: hidden, as it starts
    QVERIFY(window.pane(kL2s)->isVisible());
  }

  // Every pack the studio came with offers its presets; choosing one of
  // another pack opens that pack in the worker, and the Examples menu fills
  // the input with the preset's examples.
  void presetsOfEveryEmbeddedPackSwitchThePack() {
    const QVector<EmbeddedPack> found = findEmbeddedPacks({embeddedRoot_, temp_.filePath(QStringLiteral("nowhere"))});
    QCOMPARE(found.size(), 2);
    QCOMPARE(found[0].name, QStringLiteral("Tiny test pack"));  // folder "default"
    QCOMPARE(found[1].name, QStringLiteral("Tiny summarize pack"));
    auto settings = freshSettings();
    settings->setTranslateAsYouType(false);
    MainWindow window(*settings);
    window.setEmbeddedPacks(found);
    window.show();
    QVERIFY(openAndWait(window, found[0].dir));
    auto* preset = window.findChild<QComboBox*>(QStringLiteral("preset"));
    QStringList items;
    for (int i = 0; i < preset->count(); ++i) items << preset->itemText(i);
    QCOMPARE(items, (QStringList{"Translate English to German", "Summarize", "Summarize (title an abstract)",
                                 "Custom prefix"}));
    QCOMPARE(window.pane(kL2s)->referenceText(), QStringLiteral("Benchmark: BLEU 29.5 · 1500 tok/s"));

    // The other pack's preset: its pack loads, without blocking; a Run asked
    // for meanwhile runs on it once it is open.
    QSignalSpy loaded(&window.engine(), &EngineHost::packLoaded);
    window.setPrompt(kAbstract);
    preset->setCurrentIndex(preset->findText(QStringLiteral("Summarize (title an abstract)")));
    QVERIFY(window.engine().isLoading());
    window.runNow();
    QVERIFY(loaded.wait(kTimeoutMs));
    QCOMPARE(window.engine().pack().name, QStringLiteral("Tiny summarize pack"));
    QCOMPARE(preset->currentText(), QStringLiteral("Summarize (title an abstract)"));
    QCOMPARE(settings->presetName(), QStringLiteral("Summarize (title an abstract)"));
    QTRY_VERIFY_WITH_TIMEOUT(allDone(window, {kLlm, kL2s, kSlm}), kTimeoutMs);
    QCOMPARE(window.lastRequest().segments.size(), 1);  // an abstract is read whole
    QCOMPARE(window.lastRequest().segments[0].prompt, QStringLiteral("summarize: ") + kAbstract);
    // No benchmark in this pack: no score is shown, none is made up.
    for (OutputPane* pane : window.panes()) QVERIFY2(pane->referenceText().isEmpty(), qPrintable(pane->referenceText()));
    QVERIFY(labelText(window.comparison(), "whyNotSlm").isEmpty());

    // Examples: the preset's, one click fills the input; a paragraph wraps.
    QStringList examples;
    for (QAction* action : window.examplesMenu()->actions()) examples << action->data().toString();
    QCOMPARE(examples, (QStringList{kAbstract, QStringLiteral("A second abstract, shorter.")}));
    window.examplesMenu()->actions().at(1)->trigger();
    QCOMPARE(window.promptEditor()->toPlainText(), QStringLiteral("A second abstract, shorter."));
    QCOMPARE(window.promptEditor()->lineWrapMode(), QPlainTextEdit::WidgetWidth);
    QTRY_VERIFY_WITH_TIMEOUT(!window.engine().isBusy(), kTimeoutMs);

    // And back: the first pack's preset opens it again.
    preset->setCurrentIndex(preset->findText(QStringLiteral("Translate English to German")));
    QVERIFY(loaded.wait(kTimeoutMs));
    QCOMPARE(window.engine().pack().name, QStringLiteral("Tiny test pack"));
    QCOMPARE(window.examplesMenu()->actions().size(), 2);
    QCOMPARE(window.examplesMenu()->actions().at(0)->data().toString(), QStringLiteral("a man is walking in the park."));
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
    const QStringList modes = {kLlm, kL2s, kSlm};

    // Reference: the final prompt's short answers, alone.
    settings->setDecoding(shortAnswers);
    window.setPrompt(finalPrompt);
    QTRY_VERIFY_WITH_TIMEOUT(allDone(window, modes), kTimeoutMs);
    QHash<QString, QString> expected;
    for (const QString& mode : modes) expected[mode] = window.pane(mode)->text();
    QVERIFY(!expected.value(kL2s).isEmpty());

    // Type an earlier prompt and let its long answers stream.
    settings->setDecoding(longAnswers);
    window.setPrompt(QString());
    QTRY_VERIFY_WITH_TIMEOUT(!window.engine().isBusy(), kTimeoutMs);
    window.promptEditor()->setFocus();
    QTest::keyClicks(window.promptEditor(), QStringLiteral("a woman sits"));
    QTRY_VERIFY_WITH_TIMEOUT(window.pane(kL2s)->tokenCount() > 5, kTimeoutMs);
    QVERIFY(window.engine().isRunning());

    // Retype: once the final request is shown, a pane only ever shows a part
    // of the final answer, never more.
    const quint64 before = window.engine().currentRunId();
    QStringList stale;
    for (const QString& mode : modes) {
      QPlainTextEdit* editor = editorOf(window.pane(mode));
      const QString answer = expected.value(mode);
      connect(editor, &QPlainTextEdit::textChanged, this, [&, editor, answer, mode] {
        if (window.engine().currentRunId() > before && !answer.startsWith(editor->toPlainText()))
          stale << mode + QStringLiteral(": ") + editor->toPlainText();
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
    for (const QString& mode : modes) {
      QCOMPARE(window.pane(mode)->text(), expected.value(mode));
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
    QTRY_VERIFY_WITH_TIMEOUT(window.pane(kL2s)->tokenCount() > 0, kTimeoutMs);
    auto* stopAction = window.findChild<QAction*>(QStringLiteral("stopAction"));
    QVERIFY(stopAction && stopAction->isEnabled());
    stopAction->trigger();
    const QString l2sAtStop = window.pane(kL2s)->text();
    const QString llmAtStop = window.pane(kLlm)->text();
    QTRY_VERIFY_WITH_TIMEOUT(!window.engine().isBusy(), kTimeoutMs);
    QCoreApplication::processEvents();
    QCOMPARE(window.pane(kL2s)->text(), l2sAtStop);
    QCOMPARE(window.pane(kLlm)->text(), llmAtStop);
    QVERIFY(!window.pane(kL2s)->isActive());
    QCOMPARE(window.pane(kLlm)->state(), OutputPane::State::Stopped);  // fair: it was still waiting
    QVERIFY(!stopAction->isEnabled());
    QVERIFY(window.comparison()->speedupText() == QStringLiteral("–"));

    // And it runs again.
    window.runNow();
    QTRY_VERIFY_WITH_TIMEOUT(window.pane(kL2s)->tokenCount() > 0, kTimeoutMs);
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
    QTRY_VERIFY_WITH_TIMEOUT(allDone(window, {kLlm, kL2s}), kTimeoutMs);

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
    QTRY_VERIFY_WITH_TIMEOUT(allDone(window, {kLlm, kL2s}), kTimeoutMs);
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
    QTRY_VERIFY_WITH_TIMEOUT(allDone(window, {kLlm, kL2s, kSlm}), kTimeoutMs);
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
    QCOMPARE(window.pane(kL2s)->state(), OutputPane::State::Idle);
    QTest::keyClick(&window, Qt::Key_Return, Qt::ControlModifier);
    QTRY_VERIFY_WITH_TIMEOUT(window.pane(kL2s)->tokenCount() > 0, kTimeoutMs);
    QTest::keyClick(&window, Qt::Key_Escape);
    QTRY_VERIFY_WITH_TIMEOUT(!window.engine().isBusy(), kTimeoutMs);
    QCOMPARE(window.pane(kLlm)->state(), OutputPane::State::Stopped);
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

  // Item 1 of the speed demo: repeated presses give a median with its range.
  void theSpeedupIsAMedianOfTimingRunsWithItsRange() {
    auto settings = freshSettings();
    settings->setTimingRuns(4);
    MainWindow window(*settings);
    window.show();
    QVERIFY(openAndWait(window, pack_));
    QSignalSpy done(&window.engine(), &EngineHost::requestFinished);
    window.setPrompt(kPrompt);
    for (int press = 0; press < 3; ++press) {
      if (press > 0) window.runNow();
      QVERIFY(done.wait(kTimeoutMs));
      QVERIFY2(window.comparison()->speedupText().contains(QStringLiteral("×")),
               qPrintable(window.comparison()->speedupText()));
      QVERIFY2(window.comparison()->spreadText().contains(QStringLiteral("median of 4 runs")),
               qPrintable(window.comparison()->spreadText()));
      QVERIFY(window.comparison()->spreadText().contains(QStringLiteral("–")));  // the range
      QVERIFY(!window.comparison()->spreadText().contains(QStringLiteral("measuring")));
      QVERIFY(!window.comparison()->isMarkedUnfair());
    }
    // The panes show each mode's median speed over the timing runs.
    QCOMPARE(labelText(window.pane(kL2s), "speedCaption"), QStringLiteral("Median speed"));
    // The pack's own figures are beside them.
    QCOMPARE(window.pane(kL2s)->referenceText(), QStringLiteral("Benchmark: BLEU 29.5 · 1500 tok/s"));
    QVERIFY(labelText(window.comparison(), "benchmark").contains(QStringLiteral("5.0×")));  // 1500 / 300
    QVERIFY(labelText(window.comparison(), "whyNotSlm").startsWith(QStringLiteral("Why not the SLM alone?")));
  }

  void raceSpeedupsAreMarkedNotFair() {
    auto settings = freshSettings();
    settings->setRunPolicy(RunPolicy::Race);
    MainWindow window(*settings);
    window.show();
    QVERIFY(openAndWait(window, pack_));
    window.setPrompt(kPrompt);
    QTRY_VERIFY_WITH_TIMEOUT(allDone(window, {kLlm, kL2s, kSlm}), kTimeoutMs);
    QVERIFY(window.comparison()->isMarkedUnfair());
    QVERIFY(labelText(window.comparison(), "unfair").contains(QStringLiteral("not a fair comparison")));
    QCOMPARE(window.lastRequest().timingRounds, 0);
  }

  void aReplayShowsTheSameAnswersSlowedDown() {
    auto settings = freshSettings();
    settings->setReplayFactor(20);
    MainWindow window(*settings);
    window.show();
    QVERIFY(openAndWait(window, pack_));
    auto* replayAction = window.findChild<QAction*>(QStringLiteral("replayAction"));
    QVERIFY(!replayAction->isEnabled());  // nothing recorded yet
    window.setPrompt(kPrompt);
    const QStringList modes = {kLlm, kL2s, kSlm};
    QTRY_VERIFY_WITH_TIMEOUT(allDone(window, modes), kTimeoutMs);
    QHash<QString, QString> answers;
    double slowest = 0;
    for (const QString& mode : modes) answers[mode] = window.pane(mode)->text();
    QTRY_VERIFY_WITH_TIMEOUT(replayAction->isEnabled(), kTimeoutMs);
    QElapsedTimer clock;
    clock.start();
    replayAction->trigger();
    QVERIFY(window.isReplaying());
    for (const QString& mode : modes) {
      QVERIFY(window.pane(mode)->isActive());  // all start at once
      QVERIFY(window.pane(mode)->stateText().contains(QStringLiteral("20×")));
    }
    QTRY_VERIFY_WITH_TIMEOUT(!window.isReplaying(), kTimeoutMs);
    for (const QString& mode : modes) {
      QCOMPARE(window.pane(mode)->text(), answers.value(mode));
      QCOMPARE(window.pane(mode)->state(), OutputPane::State::Done);
      QCOMPARE(window.chart()->pointCount(mode), static_cast<int>(window.pane(mode)->tokenCount()) + 1);
      slowest = std::max(slowest, labelText(window.pane(mode), "elapsed").remove(QStringLiteral(" ms")).toDouble());
    }
    // Twenty times the slowest run, at least.
    QVERIFY2(static_cast<double>(clock.elapsed()) >= 20 * slowest * 0.9,
             qPrintable(QStringLiteral("%1 ms for runs of up to %2 ms").arg(clock.elapsed()).arg(slowest)));
  }

  // A replay may start while another pack loads (the pack open until then is
  // the one replayed), and ends as that pack opens: its panes never show the
  // previous pack's answers, nor does the replay reach for a pane it lacks.
  void aReplayEndsWhenAnotherPackOpens() {
    auto settings = freshSettings();
    settings->setTranslateAsYouType(false);
    settings->setReplayFactor(100);  // far longer than the load
    DecodingSettings longer;
    longer.maxNewTokens = 200;
    settings->setDecoding(longer);
    MainWindow window(*settings);
    window.show();
    QVERIFY(openAndWait(window, pack_));
    window.setPrompt(kPrompt);
    window.runNow();
    QTRY_VERIFY_WITH_TIMEOUT(allDone(window, {kLlm, kL2s, kSlm}), kTimeoutMs);
    QSignalSpy loaded(&window.engine(), &EngineHost::packLoaded);
    window.openPack(packNoBaseline_);  // no SLM baseline: no pane for it
    window.replay();
    QVERIFY(window.isReplaying());
    QVERIFY(loaded.wait(kTimeoutMs));
    QVERIFY(!window.isReplaying());
    QTest::qWait(200);
    for (OutputPane* pane : window.panes()) QVERIFY2(pane->text().isEmpty(), qPrintable(pane->mode().name));
  }

  // Item 6: answers for an earlier input are marked as such.
  void answersToAnEarlierInputAreMarkedStale() {
    auto settings = freshSettings();
    settings->setTranslateAsYouType(false);
    MainWindow window(*settings);
    window.show();
    QVERIFY(openAndWait(window, pack_));
    window.setPrompt(kPrompt);
    window.runNow();
    QTRY_VERIFY_WITH_TIMEOUT(allDone(window, {kLlm, kL2s}), kTimeoutMs);
    QVERIFY(window.pane(kL2s)->stateText().startsWith(QStringLiteral("done")));
    window.promptEditor()->setFocus();
    QTest::keyClicks(window.promptEditor(), QStringLiteral(" Then it rains."));
    for (const QString& mode : {kLlm, kL2s, kSlm}) {
      QCOMPARE(window.pane(mode)->state(), OutputPane::State::Stale);
      QVERIFY(window.pane(mode)->stateText().contains(QStringLiteral("earlier input")));
    }
    window.runNow();
    QTRY_VERIFY_WITH_TIMEOUT(allDone(window, {kLlm, kL2s}), kTimeoutMs);
  }

  // Item 6: the preset's prefix is not editable, and the custom prefix is remembered.
  void thePresetPrefixIsFixedAndTheCustomPrefixRemembered() {
    const QString file = temp_.filePath(QStringLiteral("prefix.ini"));
    {
      StudioSettings settings(file);
      MainWindow window(settings);
      window.show();
      QVERIFY(openAndWait(window, pack_));
      auto* preset = window.findChild<QComboBox*>(QStringLiteral("preset"));
      auto* prefix = window.findChild<QLineEdit*>(QStringLiteral("prefix"));
      QCOMPARE(preset->currentText(), QStringLiteral("Translate English to German"));
      QVERIFY(!prefix->isEnabled());  // a preset's prefix is shown, not edited
      QCOMPARE(prefix->text(), QStringLiteral("translate English to German: "));
      preset->setCurrentIndex(preset->findText(QStringLiteral("Custom prefix")));
      QVERIFY(prefix->isEnabled());
      QCOMPARE(prefix->text(), QStringLiteral("translate English to German: "));  // starts from the preset's
      prefix->selectAll();
      QTest::keyClicks(prefix, QStringLiteral("paraphrase: "));
      QCOMPARE(prefix->text(), QStringLiteral("paraphrase: "));
      window.close();
    }
    StudioSettings settings(file);
    MainWindow window(settings);
    window.show();
    QVERIFY(openAndWait(window, pack_));
    QCOMPARE(window.findChild<QComboBox*>(QStringLiteral("preset"))->currentText(), QStringLiteral("Custom prefix"));
    QCOMPARE(window.findChild<QLineEdit*>(QStringLiteral("prefix"))->text(), QStringLiteral("paraphrase: "));
  }

  // Item 6: a pack that is gone falls back to the default pack.
  void aMissingLastPackFallsBackToTheDefaultPack() {
    auto settings = freshSettings();
    const QString gone = temp_.filePath(QStringLiteral("gone-pack"));
    QDir().mkpath(gone);
    settings->rememberPack(gone);
    QDir(gone).removeRecursively();
    MainWindow window(*settings);
    window.show();
    QSignalSpy loaded(&window.engine(), &EngineHost::packLoaded);
    window.openStartupPack(QString(), pack_);
    QVERIFY(loaded.wait(kTimeoutMs));
    QVERIFY(window.showsWorkspace());
    QVERIFY2(window.messageBar()->isVisible() && window.messageBar()->text().contains(QStringLiteral("is gone")),
             qPrintable(window.messageBar()->text()));

    // A last pack that exists but fails to open: the default pack too.
    auto broken = freshSettings();
    const QString bad = temp_.filePath(QStringLiteral("broken-pack"));
    QDir().mkpath(bad);
    broken->rememberPack(bad);  // a folder without pack.json
    MainWindow second(*broken);
    second.show();
    QSignalSpy loaded2(&second.engine(), &EngineHost::packLoaded);
    second.openStartupPack(QString(), pack_);
    QVERIFY(loaded2.wait(kTimeoutMs));
    QVERIFY(second.messageBar()->text().contains(QStringLiteral("could not be opened")));
    QCOMPARE(broken->lastPackDir(), QDir::cleanPath(QDir(pack_).absolutePath()));
  }

  // Item 6: with "new seed each run", Run gives a new sample; without, the same one.
  void samplingDrawsANewSeedEachRun() {
    auto settings = freshSettings();
    settings->setTranslateAsYouType(false);
    DecodingSettings sampling;
    sampling.strategy = DecodingStrategy::Sampling;
    sampling.seed = 42;
    settings->setDecoding(sampling);
    MainWindow window(*settings);
    window.show();
    QVERIFY(openAndWait(window, pack_));
    window.setPrompt(kPrompt);
    QSet<quint64> seeds;
    for (int i = 0; i < 3; ++i) {
      window.runNow();
      seeds << window.lastRequest().options.seed;
      QTRY_VERIFY_WITH_TIMEOUT(!window.engine().isBusy(), kTimeoutMs);
    }
    QCOMPARE(seeds.size(), 3);
    sampling.newSeedEachRun = false;
    settings->setDecoding(sampling);
    window.runNow();
    QCOMPARE(window.lastRequest().options.seed, quint64(42));
    QTRY_VERIFY_WITH_TIMEOUT(!window.engine().isBusy(), kTimeoutMs);
  }

  // Item 6: beam search explains why its answer comes at once.
  void beamSearchExplainsItsWholeAnswerAtOnce() {
    auto settings = freshSettings();
    DecodingSettings beams;
    beams.strategy = DecodingStrategy::BeamSearch;
    beams.numBeams = 3;
    settings->setDecoding(beams);
    MainWindow window(*settings);
    window.show();
    QVERIFY(openAndWait(window, pack_));
    window.setPrompt(kPrompt);
    QTRY_VERIFY_WITH_TIMEOUT(allDone(window, {kLlm, kL2s}), kTimeoutMs);
    QVERIFY2(window.pane(kL2s)->stateText().contains(QStringLiteral("beam search")),
             qPrintable(window.pane(kL2s)->stateText()));
  }

  // Item 6: copying confirms; recent packs show names; every decoding setting explains itself; Help has a guide.
  void smallThingsExplainThemselves() {
    auto settings = freshSettings();
    MainWindow window(*settings);
    window.show();
    QVERIFY(openAndWait(window, pack_));
    window.setPrompt(kPrompt);
    QTRY_VERIFY_WITH_TIMEOUT(allDone(window, {kLlm, kL2s}), kTimeoutMs);
    auto* copy = window.pane(kLlm)->findChild<QToolButton*>(QStringLiteral("copy"));
    copy->click();
    QVERIFY(copy->text().startsWith(QStringLiteral("Copied")));
    QCOMPARE(QApplication::clipboard()->text(), window.pane(kLlm)->text());
    QTRY_COMPARE_WITH_TIMEOUT(copy->text(), QStringLiteral("Copy"), 5000);

    auto* recent = window.findChild<RecentPacksMenu*>(QStringLiteral("recentPacks"));
    QVERIFY(recent);
    emit recent->aboutToShow();
    QVERIFY2(recent->actions().value(0) && recent->actions().value(0)->text().contains(QStringLiteral("Tiny test pack")),
             qPrintable(recent->actions().value(0) ? recent->actions().value(0)->text() : QString()));
    QCOMPARE(recent->actions().value(0)->toolTip(), QDir::toNativeSeparators(QDir::cleanPath(QDir(pack_).absolutePath())));

    auto* panel = window.findChild<RunSettingsPanel*>();
    QVERIFY(panel);
    for (QWidget* editor : panel->widget()->findChildren<QWidget*>()) {
      if (!qobject_cast<QSpinBox*>(editor) && !qobject_cast<QDoubleSpinBox*>(editor) &&
          !qobject_cast<QComboBox*>(editor) && !qobject_cast<QCheckBox*>(editor))
        continue;
      if (editor->parent() && qobject_cast<QAbstractSpinBox*>(editor->parent())) continue;
      QVERIFY2(!editor->toolTip().isEmpty(), qPrintable(editor->objectName()));
    }

    auto* guide = window.findChild<QAction*>(QStringLiteral("guideAction"));
    QCOMPARE(guide->shortcut(), QKeySequence(QKeySequence::HelpContents));
    GuideDialog dialog;
    QVERIFY(dialog.guideText().contains(QStringLiteral("Translate as you type")));
    QVERIFY(!dialog.guideText().contains(QStringLiteral("![")));  // pictures are not built in,
    QVERIFY(!dialog.guideText().contains(QStringLiteral("On a 1280×720 screen.")));  // nor their captions
  }

  // Guided input: examples while empty, a token count, notices, sentence by sentence.
  void theInputIsGuided() {
    auto settings = freshSettings();
    settings->setTranslateAsYouType(false);
    MainWindow window(*settings);
    window.show();
    QVERIFY(openAndWait(window, pack_));
    InputPanel* input = window.inputPanel();
    QVERIFY(input->showsExamples());
    QCOMPARE(input->examples(), QStringList({QStringLiteral("a man is walking in the park."),
                                            QStringLiteral("two dogs play near the water.")}));
    QVERIFY(input->tokenCountText().contains(QStringLiteral("512")));
    // Choosing an example runs it.
    emit input->exampleChosen(input->examples().at(1));
    QCOMPARE(window.promptEditor()->toPlainText(), QStringLiteral("two dogs play near the water."));
    QVERIFY(!input->showsExamples());
    QTRY_VERIFY_WITH_TIMEOUT(allDone(window, {kLlm, kL2s}), kTimeoutMs);
    // The count, with the prefix, as the model reads it.
    QTRY_VERIFY_WITH_TIMEOUT(input->tokenCountText().endsWith(QStringLiteral("of 512 tokens")), kTimeoutMs);

    // Several sentences: translated one by one, streamed as one answer.
    window.setPrompt(QStringLiteral("A man walks. Two dogs play. A woman sits."));
    QTRY_VERIFY_WITH_TIMEOUT(input->tokenCountText().startsWith(QStringLiteral("3 sentences")), kTimeoutMs);
    window.runNow();
    QCOMPARE(window.lastRequest().segments.size(), 3);
    QCOMPARE(window.lastRequest().segments[1].prompt, QStringLiteral("translate English to German: Two dogs play."));
    QTRY_VERIFY_WITH_TIMEOUT(allDone(window, {kLlm, kL2s}), kTimeoutMs);

    // Over the limit: said before running.
    window.setPrompt(QStringLiteral("and a man walks ").repeated(200));
    QTRY_VERIFY_WITH_TIMEOUT(input->tokenCountText().contains(QStringLiteral("over this pack's limit")), kTimeoutMs);
    QVERIFY(input->noticeText().contains(QStringLiteral("far longer")));
    // Another script: noticed.
    window.setPrompt(QStringLiteral("一个男人在公园里遛狗。"));
    QTRY_VERIFY_WITH_TIMEOUT(input->noticeText().contains(QStringLiteral("script")), kTimeoutMs);
    // Other tasks read the input whole.
    auto* preset = window.findChild<QComboBox*>(QStringLiteral("preset"));
    preset->setCurrentIndex(preset->findText(QStringLiteral("Summarize")));
    window.setPrompt(QStringLiteral("A man walks. Two dogs play."));
    window.runNow();
    QCOMPARE(window.lastRequest().segments.size(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(!window.engine().isBusy(), kTimeoutMs);
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

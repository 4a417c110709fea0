// The studio's main window under a storm of random user events on tiny packs:
// typing (non-ASCII too), pasting (empty text, paragraphs over the pack's
// input limit), Run, Stop, Replay, translate-as-you-type, the task selector
// switching between two packs' presets, decoding and run settings, panes and
// docks closed and reopened from the View menu, packs reopened (and a folder
// that is no pack), the Examples menu; results arrive from the worker in
// between. Checks that no dialog or other window is left open, that no pane
// ever shows text of a superseded request or of the pack before a reload, that
// the final answers are those the final request gives on a fresh engine, that
// the engine ends idle, and that memory does not grow after the warm-up.
// L2S_WINDOW_STRESS_EVENTS sets the number of events, L2S_WINDOW_STRESS_SEED
// the seed (printed; the worker's timing still varies from run to run).
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDialog>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFile>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPlainTextEdit>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QToolBar>
#include <QtTest>

#include <functional>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "tiny_pack.h"
#include "ui/embedded_packs.h"
#include "ui/engine_host.h"
#include "ui/input_panel.h"
#include "ui/main_window.h"
#include "ui/output_pane.h"
#include "ui/recent_packs_menu.h"

using namespace l2s::studio;

namespace {

constexpr int kTimeoutMs = 120000;
constexpr int kDefaultEvents = 10000;
// How much memory may grow from the warm-up point to the end (both quiet
// moments). Over ten storms of 10,000 events the resident size moved by -13 to
// +44 MiB (glibc's arenas keep some of what the worker's threads freed), the
// heap in use by -0.3 to +0.6 MiB (docs/testing.md). Keeping a pack summary
// (its tokenizer) per load, some 250 KiB, grows the heap by 60 MiB.
constexpr qint64 kMaxResidentGrowthKiB = 96 * 1024;
constexpr qint64 kMaxHeapGrowthKiB = 8 * 1024;

int eventCount() {
  return qEnvironmentVariableIsSet("L2S_WINDOW_STRESS_EVENTS") ? qEnvironmentVariableIntValue("L2S_WINDOW_STRESS_EVENTS")
                                                               : kDefaultEvents;
}

quint32 stormSeed() {
  bool ok = false;
  const quint32 seed = qEnvironmentVariable("L2S_WINDOW_STRESS_SEED").toUInt(&ok);
  return ok ? seed : QRandomGenerator::system()->generate();
}

// This process's memory, in KiB: resident (VmRSS of /proc/self/status), and
// allocated with malloc and not freed (glibc's count over all its arenas),
// which, unlike the resident size, does not move with how the allocator
// keeps freed memory: a leak shows there first.
struct Memory {
  qint64 residentKiB = -1;
  qint64 heapKiB = -1;

  static Memory now() {
    Memory memory;
    QFile status(QStringLiteral("/proc/self/status"));
    if (status.open(QIODevice::ReadOnly | QIODevice::Text))
      for (QByteArray line = status.readLine(); !line.isEmpty(); line = status.readLine())
        if (line.startsWith("VmRSS:")) memory.residentKiB = line.mid(6).trimmed().split(' ').value(0).toLongLong();
#ifdef __GLIBC__
    const struct mallinfo2 heap = mallinfo2();
    memory.heapKiB = static_cast<qint64>((heap.uordblks + heap.hblkhd) / 1024);
#endif
    return memory;
  }
  QString text() const { return QStringLiteral("%1 KiB resident, %2 KiB heap in use").arg(residentKiB).arg(heapKiB); }
};

const QString kAbstract = QStringLiteral(
    "We study how a large frozen encoder can guide a small decoder. The large model reads the prompt once, in "
    "parallel; a projector maps its states into the small model's embedding space, and the small model writes the "
    "answer token by token. On translation and summarization the pair keeps most of the large model's quality "
    "while decoding several times faster on a laptop CPU.");

// The offscreen platform cannot raise a menu or grab the keyboard for it, and
// says so each time one opens: thousands of lines that hide the warnings that matter.
QtMessageHandler qtTestHandler = nullptr;
void dropOffscreenNotices(QtMsgType type, const QMessageLogContext& context, const QString& message) {
  if (type == QtWarningMsg && message.startsWith(QLatin1String("This plugin does not support"))) return;
  qtTestHandler(type, context, message);
}

// What a user pastes: nothing, a sentence, paragraphs, one sentence far over
// the tiny packs' 512 input tokens, other scripts, several lines.
const QStringList kPastes = {
    QString(),
    QStringLiteral("a man is walking in the park."),
    kAbstract,
    QStringLiteral("and a man walks ").repeated(200),
    (kAbstract + QLatin1Char(' ')).repeated(3),
    QStringLiteral("一个男人在公园里遛狗。两只狗在水边玩。"),
    QStringLiteral("Ein Mann läuft über die Straße — schön! Ça va? Ωμέγα."),
    QStringLiteral("two dogs play near the water.\nA woman sits.\n\n\t  "),
    QStringLiteral("😀 ✓ مرحبا שלום"),
};
// Typed one key at a time; non-ASCII characters come as key events with text only, as from an input method.
const QStringList kTyped = {
    QStringLiteral("a"), QStringLiteral("e"), QStringLiteral("m"), QStringLiteral("n"), QStringLiteral("t"),
    QStringLiteral(" "), QStringLiteral(" "), QStringLiteral("."), QStringLiteral(","), QStringLiteral("7"),
    QStringLiteral("ä"), QStringLiteral("ß"), QStringLiteral("é"), QStringLiteral("中"), QStringLiteral("😀"),
};

// What EngineHost passed on of the request the window shows, mode by mode,
// recorded as the window receives it (connected after the window, so both
// have seen the same events), and the first request a pane may show since
// the last pack loaded. After each of those events and after every user
// event, each pane must show nothing, or a part of what the newest request
// streamed, or its final answer or failure.
class Shadow : public QObject {
 public:
  explicit Shadow(MainWindow& window) : window_(window) {
    EngineHost& host = window.engine();
    connect(&host, &EngineHost::token, this,
            [this](quint64 id, const QString& mode, const QString& text, qint64, double) {
              answer(id, mode).streamed += text;
              check();
            });
    connect(&host, &EngineHost::runFinished, this,
            [this](quint64 id, const QString& mode, const RunMetrics&, const QString& text) {
              answer(id, mode).final = text;
              check();
            });
    connect(&host, &EngineHost::runFailed, this, [this](quint64 id, const QString& mode, const QString& message) {
      answer(id, mode).failed = message;
      check();
    });
    // The window has handled the load: it cleared the panes and may have
    // started the run asked for meanwhile; nothing older may show.
    connect(&host, &EngineHost::packLoaded, this, [this, &host] {
      firstShown_ = host.currentRunId() != 0 ? host.currentRunId() : window_.lastRequest().id + 1;
      ++loads;
      check();
    });
  }

  // Keeps the first stale pane seen.
  void check() {
    if (stale.isEmpty()) stale = stalePane();
  }
  QString stale;
  int loads = 0;

 private:
  // The first pane showing text of something else than the newest request, described; empty if none.
  QString stalePane() const {
    const quint64 newest = window_.lastRequest().id;
    for (OutputPane* pane : window_.panes()) {
      const QString text = pane->text();
      if (text.isEmpty()) continue;
      const Answer expected = newest >= firstShown_ && newest == id_ ? answers_.value(pane->mode().name) : Answer();
      if (expected.streamed.startsWith(text) || text == expected.final || text == expected.failed) continue;
      return QStringLiteral("pane %1 shows “%2” while request %3 %4 “%5”")
          .arg(pane->mode().name, text.left(120))
          .arg(newest)
          .arg(newest < firstShown_ ? QStringLiteral("(from before the last pack loaded) streamed") : QStringLiteral("streamed"),
               expected.streamed.left(120));
    }
    return QString();
  }

  struct Answer {
    QString streamed, final, failed;
  };
  Answer& answer(quint64 id, const QString& mode) {
    if (id != id_) {  // only the newest request is kept
      id_ = id;
      answers_.clear();
    }
    return answers_[mode];
  }

  MainWindow& window_;
  quint64 id_ = 0, firstShown_ = 0;
  QHash<QString, Answer> answers_;
};

// Closes every modal dialog as it opens (a nested event loop runs this
// timer), so that the storm can never hang on one; each is a failure.
class ModalGuard : public QObject {
 public:
  ModalGuard() {
    connect(&timer_, &QTimer::timeout, this, [this] {
      if (QWidget* modal = QApplication::activeModalWidget()) {
        opened << QStringLiteral("%1 “%2”").arg(QString::fromLatin1(modal->metaObject()->className()), modal->windowTitle());
        if (auto* dialog = qobject_cast<QDialog*>(modal))
          dialog->reject();
        else
          modal->close();
      }
    });
    timer_.start(50);
  }
  QStringList opened;

 private:
  QTimer timer_;
};

// Top-level windows open beside the main window, other than tooltips (the
// storm closes the menus it opens).
QStringList strayWindows(const QWidget& window) {
  QStringList stray;
  for (QWidget* widget : QApplication::topLevelWidgets())
    if (widget != &window && widget->isVisible() && widget->windowType() != Qt::ToolTip && !qobject_cast<QMenu*>(widget))
      stray << QString::fromLatin1(widget->metaObject()->className());
  return stray;
}

// The packs: two in a packs folder, as the studio finds those it came with;
// the second with other modes (no SLM baseline) and a summarizing preset.
struct Packs {
  QString translate, summarize, notAPack;
  QVector<EmbeddedPack> embedded;
};

// One random user event after another on the window, each followed by the
// events it caused being served (and now and then a pause, so that tokens
// stream and runs end before the next event).
class Storm {
 public:
  Storm(MainWindow& window, const Packs& packs, quint32 seed) : window_(window), packs_(packs), random_(seed) {
    editor_ = window.promptEditor();
    preset_ = window.findChild<QComboBox*>(QStringLiteral("preset"));
    prefix_ = window.findChild<QLineEdit*>(QStringLiteral("prefix"));
    viewMenu_ = window.findChild<QMenu*>(QStringLiteral("viewMenu"));
    recentMenu_ = window.findChild<RecentPacksMenu*>(QStringLiteral("recentPacks"));
    settingsDock_ = window.findChild<QDockWidget*>(QStringLiteral("runSettingsDock"));
    toolBar_ = window.findChild<QToolBar*>(QStringLiteral("mainToolBar"));
    runAction_ = window.findChild<QAction*>(QStringLiteral("runAction"));
    stopAction_ = window.findChild<QAction*>(QStringLiteral("stopAction"));
  }

  // One random event; returns what it did, for the log.
  QString step() {
    struct Kind {
      int weight;
      QString (Storm::*event)();
    };
    static const Kind kinds[] = {
        {26, &Storm::type},        {6, &Storm::editKey},      {5, &Storm::paste},         {2, &Storm::clickInEditor},
        {12, &Storm::run},         {6, &Storm::stop},         {4, &Storm::replay},        {2, &Storm::toggleLive},
        {5, &Storm::switchTask},   {9, &Storm::decoding},     {4, &Storm::running},       {5, &Storm::togglePane},
        {1, &Storm::toggleDock},   {2, &Storm::reopenPack},   {3, &Storm::example},       {8, &Storm::pause},
    };
    int total = 0;
    for (const Kind& kind : kinds) total += kind.weight;
    int pick = random_.bounded(total);
    for (const Kind& kind : kinds) {
      if (pick < kind.weight) {
        const QString done = (this->*kind.event)();
        serve();
        return done;
      }
      pick -= kind.weight;
    }
    return QString();
  }

  // Waits until the engine is idle and no replay plays.
  bool settle(int timeoutMs = kTimeoutMs) {
    QElapsedTimer clock;
    clock.start();
    while (window_.engine().isBusy() || window_.isReplaying()) {
      if (clock.elapsed() > timeoutMs) return false;
      QTest::qWait(10);
    }
    return true;
  }

  // A Run of whatever input there is, typed if there is none; true once its request started.
  bool finalRun() {
    editor_->setFocus();
    if (editor_->toPlainText().trimmed().isEmpty()) QTest::keyClicks(editor_, QStringLiteral("a man is walking."));
    const quint64 before = window_.lastRequest().id;
    QTest::keyClick(editor_, Qt::Key_Return, Qt::ControlModifier);
    QElapsedTimer clock;
    clock.start();
    // A pack still loading runs the request once it is open.
    while (window_.lastRequest().id == before && clock.elapsed() < kTimeoutMs) QTest::qWait(10);
    return window_.lastRequest().id != before;
  }

  QHash<QString, int> counts;  // events by kind
  QStringList missedClicks;    // enabled menu entries a click did not trigger: the storm's own fault

 private:
  template <typename T>
  T pickOf(const QList<T>& items) {
    return items.at(random_.bounded(static_cast<int>(items.size())));
  }
  bool chance(int percent) { return random_.bounded(100) < percent; }
  QString did(const QString& what) {
    ++counts[what.section(QLatin1Char(' '), 0, 0)];
    return what;
  }

  // The events each event caused; now and then long enough for answers to stream, or to end.
  void serve() {
    QCoreApplication::processEvents();
    const int wait = random_.bounded(100);
    if (wait < 30)
      QTest::qWait(1 + random_.bounded(5));
    else if (wait < 34)
      QTest::qWait(20 + random_.bounded(130));
    else if (wait < 35)
      settle(10000);
    closeMenus();
    if (QApplication::activeWindow() != &window_) QApplication::setActiveWindow(&window_);
  }

  void closeMenus() {
    for (QWidget* widget : QApplication::topLevelWidgets())
      if (qobject_cast<QMenu*>(widget) && widget->isVisible()) widget->hide();
  }

  // Opens `menu` and clicks the entry `choose` picks among those it shows
  // (a menu may fill itself as it opens), as a user would; returns its text.
  QString clickInMenu(QMenu* menu, const std::function<QAction*(const QList<QAction*>&)>& choose) {
    menu->popup(window_.mapToGlobal(QPoint(40, 40)));
    QCoreApplication::processEvents();
    QAction* action = choose(menu->actions());
    if (!action) {
      menu->hide();
      return QString();
    }
    const QString text = action->text();
    const bool enabled = action->isEnabled();
    QSignalSpy triggered(action, &QAction::triggered);
    if (menu->isVisible() && !menu->actionGeometry(action).isEmpty())
      QTest::mouseClick(menu, Qt::LeftButton, {}, menu->actionGeometry(action).center());
    menu->hide();  // a disabled entry leaves it open
    if (enabled && triggered.isEmpty()) missedClicks << menu->title() + QStringLiteral(" › ") + text;
    return text;
  }
  // A pack that loads as the menu opens may take a pane's entry with it.
  QString clickInMenu(QMenu* menu, QAction* action) {
    return clickInMenu(menu, [entry = QPointer<QAction>(action)](const QList<QAction*>&) { return entry.data(); });
  }

  // A click on the toolbar's button for `action`, or its shortcut in the editor.
  void press(QAction* action, Qt::Key key, Qt::KeyboardModifiers modifiers) {
    QWidget* button = toolBar_->widgetForAction(action);
    if (button && chance(30))
      QTest::mouseClick(button, Qt::LeftButton);
    else
      QTest::keyClick(chance(80) ? static_cast<QWidget*>(editor_) : &window_, key, modifiers);
  }

  // On the box itself: a form row may be wider than the box and its label.
  static void clickBox(QCheckBox* box) { QTest::mouseClick(box, Qt::LeftButton, {}, QPoint(4, box->height() / 2)); }

  void typeKey(const QString& text) {
    const QChar c = text.at(0);
    if (text.size() == 1 && c.unicode() < 128)
      QTest::keyClick(editor_, c.toLatin1());
    else
      QTest::sendKeyEvent(QTest::Click, editor_, Qt::Key_unknown, text, Qt::NoModifier);
  }

  QString type() {
    editor_->setFocus();
    const int keys = 1 + random_.bounded(6);
    for (int i = 0; i < keys; ++i) typeKey(pickOf(kTyped));
    return did(QStringLiteral("type %1 keys").arg(keys));
  }

  QString editKey() {
    editor_->setFocus();
    static const QList<QPair<Qt::Key, Qt::KeyboardModifiers>> keys = {
        {Qt::Key_Backspace, Qt::NoModifier}, {Qt::Key_Backspace, Qt::NoModifier}, {Qt::Key_Delete, Qt::NoModifier},
        {Qt::Key_Return, Qt::NoModifier},    {Qt::Key_Left, Qt::NoModifier},      {Qt::Key_End, Qt::NoModifier},
        {Qt::Key_A, Qt::ControlModifier},    {Qt::Key_Z, Qt::ControlModifier},    {Qt::Key_X, Qt::ControlModifier},
        {Qt::Key_Home, Qt::ShiftModifier},
    };
    const auto key = pickOf(keys);
    QTest::keyClick(editor_, key.first, key.second);
    return did(QStringLiteral("editKey %1").arg(QKeySequence(key.first | key.second).toString()));
  }

  QString paste() {
    const QString text = pickOf(kPastes);
    QApplication::clipboard()->setText(text);
    editor_->setFocus();
    if (chance(50)) QTest::keyClick(editor_, Qt::Key_A, Qt::ControlModifier);  // replacing what was there
    QTest::keyClick(editor_, Qt::Key_V, Qt::ControlModifier);
    return did(QStringLiteral("paste %1 characters").arg(text.size()));
  }

  QString clickInEditor() {
    QWidget* viewport = editor_->viewport();
    QTest::mouseClick(viewport, Qt::LeftButton, {},
                      QPoint(random_.bounded(std::max(1, viewport->width())), random_.bounded(std::max(1, viewport->height()))));
    return did(QStringLiteral("clickInEditor"));
  }

  QString run() {
    press(runAction_, Qt::Key_Return, Qt::ControlModifier);
    return did(QStringLiteral("run"));
  }

  QString stop() {
    press(stopAction_, Qt::Key_Escape, Qt::NoModifier);
    return did(QStringLiteral("stop"));
  }

  QString replay() {
    QTest::keyClick(editor_, Qt::Key_R, Qt::ControlModifier);
    if (window_.isReplaying()) ++counts[window_.engine().isLoading() ? QStringLiteral("(replays while loading)") : QStringLiteral("(replays)")];
    return did(QStringLiteral("replay"));
  }

  QString toggleLive() {
    if (chance(50) && settingsDock_->isVisible())
      clickBox(window_.findChild<QCheckBox*>(QStringLiteral("translateAsYouType")));
    else
      QTest::keyClick(editor_, Qt::Key_T, Qt::ControlModifier);
    return did(QStringLiteral("toggleLive"));
  }

  // A preset of the open pack, of the other pack (which loads it) or a custom prefix, sometimes edited.
  QString switchTask() {
    if (chance(30)) {
      QTest::keyClick(preset_, chance(50) ? Qt::Key_Down : Qt::Key_Up);
    } else {
      preset_->setCurrentIndex(random_.bounded(preset_->count()));
    }
    if (prefix_->isEnabled() && chance(50)) {
      prefix_->selectAll();
      QTest::keyClicks(prefix_, pickOf(QStringList{QString(), QStringLiteral("translate English to German: "),
                                                   QStringLiteral("summarize: "), QStringLiteral("paraphrase: ")}));
    }
    return did(QStringLiteral("switchTask %1").arg(preset_->currentText()));
  }

  // The settings are edited where a user edits them: the settings column is opened first.
  bool showSettings() {
    if (settingsDock_->isVisible()) return true;
    clickInMenu(viewMenu_, settingsDock_->toggleViewAction());
    return false;
  }

  QString decoding() {
    if (!showSettings()) return did(QStringLiteral("toggleDock settings (to edit decoding)"));
    switch (random_.bounded(6)) {
      case 0: {
        auto* strategy = window_.findChild<QComboBox*>(QStringLiteral("strategy"));
        strategy->setCurrentIndex(random_.bounded(strategy->count()));
        return did(QStringLiteral("decoding strategy %1").arg(strategy->currentText()));
      }
      case 1: {
        // Mostly short answers, now and then long ones to be superseded.
        const int tokens = chance(90) ? 1 + random_.bounded(24) : 100 + random_.bounded(200);
        window_.findChild<QSpinBox*>(QStringLiteral("maxNewTokens"))->setValue(tokens);
        return did(QStringLiteral("decoding maxNewTokens %1").arg(tokens));
      }
      case 2: {
        auto* seed = window_.findChild<QSpinBox*>(QStringLiteral("seed"));
        seed->setValue(random_.bounded(1000));
        return did(QStringLiteral("decoding seed %1").arg(seed->value()));
      }
      case 3: {
        auto* fresh = window_.findChild<QCheckBox*>(QStringLiteral("newSeedEachRun"));
        clickBox(fresh);
        return did(QStringLiteral("decoding newSeedEachRun"));
      }
      case 4: {
        window_.findChild<QSpinBox*>(QStringLiteral("beams"))->setValue(1 + random_.bounded(4));
        return did(QStringLiteral("decoding beams"));
      }
      default: {
        auto* spin = window_.findChild<QSpinBox*>(QStringLiteral("maxNewTokens"));
        QTest::keyClick(spin, chance(50) ? Qt::Key_Up : Qt::Key_Down);
        return did(QStringLiteral("decoding maxNewTokens step"));
      }
    }
  }

  QString running() {
    if (!showSettings()) return did(QStringLiteral("toggleDock settings (to edit running)"));
    switch (random_.bounded(5)) {
      case 0: {
        auto* policy = window_.findChild<QComboBox*>(QStringLiteral("policy"));
        policy->setCurrentIndex(random_.bounded(policy->count()));
        return did(QStringLiteral("running policy"));
      }
      case 1:
        window_.findChild<QSpinBox*>(QStringLiteral("threads"))->setValue(random_.bounded(3));  // 0: all cores
        return did(QStringLiteral("running threads"));
      case 2:
        window_.findChild<QSpinBox*>(QStringLiteral("timingRuns"))->setValue(random_.bounded(3));
        return did(QStringLiteral("running timingRuns"));
      case 3:
        window_.findChild<QSpinBox*>(QStringLiteral("debounce"))->setValue(pickOf(QList<int>{0, 30, 80}));
        return did(QStringLiteral("running debounce"));
      default:
        window_.findChild<QSpinBox*>(QStringLiteral("replayFactor"))->setValue(pickOf(QList<int>{1, 10, 50}));
        return did(QStringLiteral("running replayFactor"));
    }
  }

  // View: a pane hidden or shown (the verified one included); the last shown one cannot be hidden.
  QString togglePane() {
    const QVector<OutputPane*> panes = window_.panes();
    const QString mode = panes.at(random_.bounded(static_cast<int>(panes.size())))->mode().name;
    QAction* action = window_.paneAction(mode);
    if (chance(70))
      clickInMenu(viewMenu_, action);
    else
      action->trigger();
    return did(QStringLiteral("togglePane %1").arg(mode));
  }

  QString toggleDock() {
    QList<QAction*> docks;
    for (QDockWidget* dock : window_.findChildren<QDockWidget*>()) docks << dock->toggleViewAction();
    clickInMenu(viewMenu_, pickOf(docks));
    return did(QStringLiteral("toggleDock"));
  }

  // File › Recent packs, or a folder chosen in the file dialog: a pack, or one that is not.
  QString reopenPack() {
    const int which = random_.bounded(10);
    if (which < 6) {
      // The packs opened so far: each entry names its folder in its tooltip.
      const QString clicked = clickInMenu(recentMenu_, [this](const QList<QAction*>& actions) -> QAction* {
        QList<QAction*> entries;
        for (QAction* action : actions)
          if (action->isEnabled() && !action->toolTip().isEmpty()) entries << action;
        return entries.isEmpty() ? nullptr : pickOf(entries);
      });
      if (!clicked.isEmpty()) return did(QStringLiteral("reopenPack recent"));
    }
    window_.openPack(which == 9 ? packs_.notAPack : which % 2 ? packs_.translate : packs_.summarize);
    return did(QStringLiteral("reopenPack %1").arg(which == 9 ? QStringLiteral("not-a-pack") : QStringLiteral("folder")));
  }

  // Examples › one of the task's examples, or one in the input column's list while the input is empty.
  QString example() {
    auto* list = window_.inputPanel()->findChild<QListWidget*>(QStringLiteral("examples"));
    if (window_.inputPanel()->showsExamples() && list->count() > 0 && chance(50)) {
      QListWidgetItem* item = list->item(random_.bounded(list->count()));
      QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualItemRect(item).center());
      return did(QStringLiteral("example list"));
    }
    clickInMenu(window_.examplesMenu(), [this](const QList<QAction*>& actions) { return pickOf(actions); });
    return did(QStringLiteral("example menu"));
  }

  QString pause() {
    QTest::qWait(random_.bounded(40));
    return did(QStringLiteral("pause"));
  }

  MainWindow& window_;
  const Packs& packs_;
  QRandomGenerator random_;
  QPlainTextEdit* editor_;
  QComboBox* preset_;
  QLineEdit* prefix_;
  QMenu* viewMenu_;
  RecentPacksMenu* recentMenu_;
  QDockWidget* settingsDock_;
  QToolBar* toolBar_;
  QAction* runAction_;
  QAction* stopAction_;
};

// How each mode of one request ended on an engine: its final answer (the
// streamed one where the final is empty, as a pane shows it) or its failure.
QHash<QString, QString> answersAlone(const QString& packDir, RunRequest request) {
  EngineHost host;
  QSignalSpy loaded(&host, &EngineHost::packLoaded);
  host.loadPack(packDir);
  if (!loaded.wait(kTimeoutMs)) return {};
  QHash<QString, QString> streamed, answers;
  QObject context;
  QObject::connect(&host, &EngineHost::token, &context,
                   [&](quint64, const QString& mode, const QString& text, qint64, double) { streamed[mode] += text; });
  QObject::connect(&host, &EngineHost::runFinished, &context,
                   [&](quint64, const QString& mode, const RunMetrics&, const QString& text) {
                     answers[mode] = text.isEmpty() ? streamed.value(mode) : text;
                   });
  QObject::connect(&host, &EngineHost::runFailed, &context,
                   [&](quint64, const QString& mode, const QString& message) { answers[mode] = message; });
  QSignalSpy done(&host, &EngineHost::requestFinished);
  request.timingRounds = 0;  // the answers are the streamed runs'
  host.startRun(request);
  if (!done.wait(kTimeoutMs)) return {};
  return answers;
}

}  // namespace

class TestStudioWindowStress : public QObject {
  Q_OBJECT

  QTemporaryDir temp_;
  Packs packs_;

 private slots:
  void initTestCase() {
    qtTestHandler = qInstallMessageHandler(dropOffscreenNotices);
    QVERIFY(temp_.isValid());
    const std::string root = temp_.filePath(QStringLiteral("packs")).toStdString();
    packs_.translate = QString::fromStdString(l2s::testing::make_tiny_pack(root + "/default", true));
    packs_.summarize = QString::fromStdString(l2s::testing::make_tiny_pack(root + "/summarize", false));
    l2s::PackInfo info = l2s::read_pack_info(packs_.summarize.toStdString());
    info.name = "Tiny summarize pack";
    info.presets = {{"Summarize (title an abstract)", "summarize", "summarize: ",
                     {kAbstract.toStdString(), "A second abstract, shorter."}}};
    info.benchmark = {};
    l2s::write_pack_info(info);
    packs_.notAPack = temp_.filePath(QStringLiteral("not-a-pack"));
    QVERIFY(QDir().mkpath(packs_.notAPack));
    packs_.embedded = findEmbeddedPacks({temp_.filePath(QStringLiteral("packs"))});
    QCOMPARE(packs_.embedded.size(), 2);
  }

  void theWindowSurvivesAStormOfUserEvents() {
    const int events = eventCount();
    const quint32 seed = stormSeed();
    qInfo("%d events, seed %u (L2S_WINDOW_STRESS_SEED=%u repeats the events)", events, seed, seed);

    StudioSettings settings(temp_.filePath(QStringLiteral("settings-%1.ini").arg(seed)));
    settings.setDebounceMs(30);
    settings.setThreads(1);
    settings.setTimingRuns(1);
    DecodingSettings decoding;
    decoding.maxNewTokens = 12;
    settings.setDecoding(decoding);
    MainWindow window(settings);
    window.setEmbeddedPacks(packs_.embedded);
    window.show();
    QApplication::setActiveWindow(&window);
    QVERIFY(QTest::qWaitForWindowActive(&window));
    {
      // Scoped: a spy keeps a copy of every pack summary (its tokenizer included) while it lives.
      QSignalSpy loaded(&window.engine(), &EngineHost::packLoaded);
      window.openPack(packs_.translate);
      QVERIFY(loaded.wait(kTimeoutMs));
    }

    ModalGuard modals;
    Shadow shadow(window);
    Storm storm(window, packs_, seed);
    const int warmUp = events / 5;
    Memory warm;
    QElapsedTimer clock;
    clock.start();
    QString last;
    for (int i = 0; i < events; ++i) {
      if (i == warmUp) {
        QVERIFY2(storm.settle(), "the engine did not become idle after the warm-up");
        warm = Memory::now();
      }
      if (i > 0 && i % std::max(1, events / 10) == 0)
        qInfo("%d events, %.1f s, request %llu: %s", i, static_cast<double>(clock.elapsed()) / 1000,
              static_cast<unsigned long long>(window.lastRequest().id), qPrintable(Memory::now().text()));
      last = storm.step();
      shadow.check();
      QVERIFY2(shadow.stale.isEmpty(), qPrintable(QStringLiteral("during or after event %1 (%2): %3").arg(i).arg(last, shadow.stale)));
      QVERIFY2(strayWindows(window).isEmpty(), qPrintable(QStringLiteral("after event %1 (%2), windows are open: %3")
                                                              .arg(i)
                                                              .arg(last, strayWindows(window).join(QStringLiteral(", ")))));
      QVERIFY2(modals.opened.isEmpty(), qPrintable(QStringLiteral("after event %1 (%2), a modal dialog opened: %3")
                                                       .arg(i)
                                                       .arg(last, modals.opened.join(QStringLiteral(", ")))));
    }
    const qint64 stormMs = clock.elapsed();
    QVERIFY2(storm.missedClicks.isEmpty(), qPrintable(storm.missedClicks.join(QStringLiteral(", "))));

    // The final input, run: every shown pane answers it as the engine does alone.
    QVERIFY2(storm.finalRun(), "the final Run started no request");
    QVERIFY2(storm.settle(), "the engine did not become idle after the final Run");
    QTest::qWait(300);  // nothing more starts by itself
    QVERIFY(!window.engine().isBusy());
    QVERIFY(window.engine().hasPack());
    QCOMPARE(window.engine().currentRunId(), window.lastRequest().id);
    shadow.check();
    QVERIFY2(shadow.stale.isEmpty(), qPrintable(shadow.stale));
    const Memory end = Memory::now();

    const RunRequest request = window.lastRequest();
    const QHash<QString, QString> alone = answersAlone(window.engine().pack().dir, request);
    QVERIFY2(!alone.isEmpty(), "the final request did not run on a fresh engine");
    for (OutputPane* pane : window.panes()) {
      const QString& mode = pane->mode().name;
      if (pane->isHidden()) {
        QVERIFY2(pane->text().isEmpty(), qPrintable(mode));  // not run, and cleared
        continue;
      }
      QVERIFY2(request.modes.contains(mode), qPrintable(mode));
      QVERIFY2(pane->state() == OutputPane::State::Done || pane->state() == OutputPane::State::Failed,
               qPrintable(QStringLiteral("%1: %2").arg(mode, pane->stateText())));
      QCOMPARE(pane->text(), alone.value(mode));
    }

    QStringList counts;
    for (auto it = storm.counts.cbegin(); it != storm.counts.cend(); ++it) counts << QStringLiteral("%1 %2").arg(it.key()).arg(*it);
    counts.sort();
    qInfo("%d events in %.1f s (%s); %d packs loaded; final request %llu: %s, %lld modes",
          events, static_cast<double>(stormMs) / 1000, qPrintable(counts.join(QStringLiteral(", "))), shadow.loads,
          static_cast<unsigned long long>(request.id), qPrintable(window.engine().pack().name),
          static_cast<long long>(request.modes.size()));
    qInfo("after the warm-up (%d events): %s; at the end: %s; grown %+lld KiB resident (bound %lld), %+lld KiB heap (bound %lld)",
          warmUp, qPrintable(warm.text()), qPrintable(end.text()), end.residentKiB - warm.residentKiB,
          kMaxResidentGrowthKiB, end.heapKiB - warm.heapKiB, kMaxHeapGrowthKiB);
    QVERIFY(warm.residentKiB > 0 && end.residentKiB > 0);
    QVERIFY2(end.residentKiB - warm.residentKiB <= kMaxResidentGrowthKiB, "resident memory grew after the warm-up");
    if (warm.heapKiB >= 0) QVERIFY2(end.heapKiB - warm.heapKiB <= kMaxHeapGrowthKiB, "the heap grew after the warm-up");
  }
};

QTEST_MAIN(TestStudioWindowStress)
#include "test_studio_window_stress.moc"

#include "ui/main_window.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QRandomGenerator>
#include <QScreen>
#include <QSignalBlocker>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolBar>
#include <QVBoxLayout>
#include <algorithm>

#include "l2s/error.h"
#include "l2s/install_paths.h"
#include "ui/about_dialog.h"
#include "ui/app_icon.h"
#include "ui/comparison_panel.h"
#include "ui/elided_label.h"
#include "ui/empty_state.h"
#include "ui/format.h"
#include "ui/guide_dialog.h"
#include "ui/input_guide.h"
#include "ui/input_panel.h"
#include "ui/message_bar.h"
#include "ui/metrics_chart.h"
#include "ui/model_card_view.h"
#include "ui/open_models_dialog.h"
#include "ui/output_pane.h"
#include "ui/pack_figures.h"
#include "ui/recent_packs_menu.h"
#include "ui/run_settings_panel.h"
#include "ui/task_selector.h"
#include "ui/window_geometry.h"

namespace l2s::studio {
namespace {

// Fair runs go one at a time, the product's own modes first: their answers
// show soonest, and each run is timed alone either way.
int runRank(l2s::ModeKind kind) {
  switch (kind) {
    case l2s::ModeKind::L2s: return 0;
    case l2s::ModeKind::Llm: return 1;
    case l2s::ModeKind::Slm: return 2;
    case l2s::ModeKind::Verified: return 3;
  }
  return 4;
}

// A menu entry for an example: one line, elided; the whole text in the tooltip.
QString exampleLabel(const QString& example, const QFontMetrics& metrics) {
  QString line = example.simplified();
  line.replace(QLatin1Char('&'), QLatin1String("&&"));  // not a shortcut marker
  return metrics.elidedText(line, Qt::ElideRight, metrics.averageCharWidth() * 70);
}

constexpr int kGuidePauseMs = 150;

// The available area of the screen a geometry is on; empty when it is on none.
QRect availableAreaAt(const QPoint& point) {
  const QScreen* screen = QGuiApplication::screenAt(point);
  return screen ? screen->availableGeometry() : QRect();
}

}  // namespace

MainWindow::MainWindow(StudioSettings& settings, QWidget* parent) : QMainWindow(parent), settings_(settings) {
  setObjectName(QStringLiteral("mainWindow"));
  setWindowTitle(tr("LLM-to-SLM Studio"));
  setWindowIcon(appIcon());

  debounce_.setSingleShot(true);
  debounce_.setInterval(settings_.debounceMs());
  connect(&debounce_, &QTimer::timeout, this, &MainWindow::runNow);
  guideTimer_.setSingleShot(true);
  guideTimer_.setInterval(kGuidePauseMs);
  connect(&guideTimer_, &QTimer::timeout, this, &MainWindow::updateInputGuide);
  connect(&tokenCounter_, &TokenCounter::counted, this, &MainWindow::showTokenCount);

  buildActions();
  messageBar_ = new MessageBar(this);
  emptyState_ = new EmptyState(this);
  connect(emptyState_, &EmptyState::openPackRequested, this, &MainWindow::chooseAndOpenPack);
  connect(emptyState_, &EmptyState::openModelsRequested, this, &MainWindow::chooseAndOpenModels);
  stack_ = new QStackedWidget(this);
  stack_->addWidget(emptyState_);
  stack_->addWidget(buildWorkspace());
  auto* central = new QWidget(this);
  auto* layout = new QVBoxLayout(central);
  layout->setContentsMargins(6, 6, 6, 0);
  layout->addWidget(messageBar_);
  layout->addWidget(stack_, 1);
  setCentralWidget(central);

  buildMenus();
  buildToolBar();
  buildDocks();
  buildStatusBar();
  connectEngine();
  connectReplay();
  connectSettings();
  restoreLayout();
  updateActions();
  updateStatusLabels();
}

MainWindow::~MainWindow() = default;

// ---------------------------------------------------------------- building

void MainWindow::buildActions() {
  openPackAction_ = new QAction(tr("&Open model pack…"), this);
  openPackAction_->setShortcut(QKeySequence::Open);
  openPackAction_->setToolTip(tr("Open a model pack folder (Ctrl+O)"));
  connect(openPackAction_, &QAction::triggered, this, &MainWindow::chooseAndOpenPack);

  openModelsAction_ = new QAction(tr("Open model &folders…"), this);
  openModelsAction_->setShortcut(QKeySequence(tr("Ctrl+Shift+O")));
  connect(openModelsAction_, &QAction::triggered, this, &MainWindow::chooseAndOpenModels);

  quitAction_ = new QAction(tr("&Quit"), this);
  quitAction_->setShortcut(QKeySequence::Quit);
  quitAction_->setMenuRole(QAction::QuitRole);
  connect(quitAction_, &QAction::triggered, this, &QWidget::close);

  runAction_ = new QAction(tr("▶ &Run"), this);
  runAction_->setObjectName(QStringLiteral("runAction"));
  runAction_->setShortcuts({QKeySequence(tr("Ctrl+Return")), QKeySequence(tr("Ctrl+Enter"))});
  runAction_->setToolTip(tr("Generate the answers now (Ctrl+Enter)"));
  connect(runAction_, &QAction::triggered, this, &MainWindow::runNow);

  stopAction_ = new QAction(tr("■ &Stop"), this);
  stopAction_->setObjectName(QStringLiteral("stopAction"));
  stopAction_->setShortcut(QKeySequence(Qt::Key_Escape));
  stopAction_->setToolTip(tr("Stop the runs in flight, or the replay (Esc)"));
  connect(stopAction_, &QAction::triggered, this, &MainWindow::stop);

  replayAction_ = new QAction(tr("⟲ Re&play"), this);
  replayAction_->setObjectName(QStringLiteral("replayAction"));
  replayAction_->setShortcut(QKeySequence(tr("Ctrl+R")));
  connect(replayAction_, &QAction::triggered, this, &MainWindow::replay);

  liveAction_ = new QAction(tr("&Translate as you type"), this);
  liveAction_->setCheckable(true);
  liveAction_->setShortcut(QKeySequence(tr("Ctrl+T")));
  liveAction_->setToolTip(tr("Start new runs whenever you pause typing (Ctrl+T)"));
  connect(liveAction_, &QAction::toggled, &settings_, &StudioSettings::setTranslateAsYouType);

  policyGroup_ = new QActionGroup(this);
  fairAction_ = new QAction(tr("&Fair: one run after the other"), policyGroup_);
  raceAction_ = new QAction(tr("&Race: all runs at once"), policyGroup_);
  fairAction_->setStatusTip(policyExplanation(RunPolicy::Fair));
  raceAction_->setStatusTip(policyExplanation(RunPolicy::Race));
  for (QAction* action : {fairAction_, raceAction_}) action->setCheckable(true);
  connect(fairAction_, &QAction::triggered, this, [this] { settings_.setRunPolicy(RunPolicy::Fair); });
  connect(raceAction_, &QAction::triggered, this, [this] { settings_.setRunPolicy(RunPolicy::Race); });

  copyAction_ = new QAction(tr("&Copy LLM → SLM answer"), this);
  copyAction_->setShortcut(QKeySequence(tr("Ctrl+Shift+C")));
  connect(copyAction_, &QAction::triggered, this, &MainWindow::copyResult);

  focusInputAction_ = new QAction(tr("&Edit the input"), this);
  focusInputAction_->setShortcut(QKeySequence(tr("Ctrl+L")));
  connect(focusInputAction_, &QAction::triggered, this, [this] { promptEditor()->setFocus(); });

  guideAction_ = new QAction(tr("Studio &guide"), this);
  guideAction_->setObjectName(QStringLiteral("guideAction"));
  guideAction_->setShortcut(QKeySequence::HelpContents);
  connect(guideAction_, &QAction::triggered, this, [this] {
    auto* guide = new GuideDialog(this);
    guide->setAttribute(Qt::WA_DeleteOnClose);
    guide->show();  // beside the window, not blocking it
  });

  aboutAction_ = new QAction(tr("&About LLM-to-SLM Studio"), this);
  aboutAction_->setMenuRole(QAction::AboutRole);
  connect(aboutAction_, &QAction::triggered, this, [this] { AboutDialog(this).exec(); });
}

void MainWindow::buildMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  file->addAction(openPackAction_);
  file->addAction(openModelsAction_);
  auto* recent = new RecentPacksMenu(settings_, file);
  connect(recent, &RecentPacksMenu::openRequested, this, &MainWindow::openPack);
  file->addMenu(recent);
  file->addSeparator();
  file->addAction(quitAction_);

  QMenu* edit = menuBar()->addMenu(tr("&Edit"));
  edit->addAction(copyAction_);
  edit->addAction(tr("Copy LLM-only answer"), this, [this] {
    if (OutputPane* llm = pane(engine_.pack().llmMode())) llm->copyToClipboard();
  });
  edit->addAction(focusInputAction_);

  QMenu* run = menuBar()->addMenu(tr("&Run"));
  run->addAction(runAction_);
  run->addAction(stopAction_);
  run->addAction(replayAction_);
  run->addAction(liveAction_);
  run->addSeparator();
  QMenu* policy = run->addMenu(tr("Run &policy"));
  policy->addActions(policyGroup_->actions());

  // The preset's examples, one click to fill the input (filled as the task changes).
  examplesMenu_ = menuBar()->addMenu(tr("E&xamples"));
  examplesMenu_->setObjectName(QStringLiteral("examplesMenu"));
  fillExamplesMenu();

  // One entry per pane (added as a pack loads), then the docks (buildDocks).
  viewMenu_ = menuBar()->addMenu(tr("&View"));
  viewMenu_->setObjectName(QStringLiteral("viewMenu"));
  panesEnd_ = viewMenu_->addSeparator();

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(guideAction_);
  help->addSeparator();
  help->addAction(aboutAction_);
  help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::buildToolBar() {
  QToolBar* bar = addToolBar(tr("Main"));
  bar->setObjectName(QStringLiteral("mainToolBar"));
  bar->setMovable(false);
  bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
  bar->addAction(openPackAction_);
  bar->addSeparator();
  task_ = new TaskSelector(settings_, bar);
  connect(task_, &TaskSelector::prefixChanged, this, [this] {
    input_->setExamples(task_->examples());
    fillExamplesMenu();
    guideTimer_.start();
    onRunSettingsChanged();
  });
  // A preset of another pack: that pack loads in the worker, and the runs follow it.
  connect(task_, &TaskSelector::packRequested, this, &MainWindow::openPack);
  bar->addWidget(task_);
  bar->addSeparator();
  bar->addAction(runAction_);
  bar->addAction(stopAction_);
  bar->addAction(replayAction_);
  bar->addAction(liveAction_);
}

QWidget* MainWindow::buildWorkspace() {
  input_ = new InputPanel(this);
  connect(input_->editor(), &QPlainTextEdit::textChanged, this, &MainWindow::onInputEdited);
  connect(input_, &InputPanel::exampleChosen, this, [this](const QString& example) {
    setPrompt(example);
    runNow();
  });

  paneSplitter_ = new QSplitter(Qt::Horizontal, this);
  paneSplitter_->setObjectName(QStringLiteral("paneSplitter"));
  paneSplitter_->addWidget(input_);  // the panes follow, one per mode, as a pack loads
  paneSplitter_->setChildrenCollapsible(false);
  paneSplitter_->setStretchFactor(0, 1);

  chart_ = new MetricsChart(this);
  comparison_ = new ComparisonPanel(this);
  bottomSplitter_ = new QSplitter(Qt::Horizontal, this);
  bottomSplitter_->setObjectName(QStringLiteral("bottomSplitter"));
  bottomSplitter_->addWidget(chart_);
  bottomSplitter_->addWidget(comparison_);
  bottomSplitter_->setStretchFactor(0, 1);
  bottomSplitter_->setStretchFactor(1, 0);
  bottomSplitter_->setChildrenCollapsible(false);

  verticalSplitter_ = new QSplitter(Qt::Vertical, this);
  verticalSplitter_->setObjectName(QStringLiteral("verticalSplitter"));
  verticalSplitter_->addWidget(paneSplitter_);
  verticalSplitter_->addWidget(bottomSplitter_);
  // Answers are mostly a sentence: the chart and the speedup get the height the panes do not need.
  verticalSplitter_->setStretchFactor(0, 2);
  verticalSplitter_->setStretchFactor(1, 3);
  verticalSplitter_->setChildrenCollapsible(false);
  return verticalSplitter_;
}

void MainWindow::buildDocks() {
  settingsDock_ = new QDockWidget(tr("Run settings"), this);
  settingsDock_->setObjectName(QStringLiteral("runSettingsDock"));
  settingsDock_->setWidget(new RunSettingsPanel(settings_, settingsDock_));
  addDockWidget(Qt::RightDockWidgetArea, settingsDock_);

  auto* cardDock = new QDockWidget(tr("Model card"), this);
  cardDock->setObjectName(QStringLiteral("modelCardDock"));
  modelCard_ = new ModelCardView(cardDock);
  cardDock->setWidget(modelCard_);
  addDockWidget(Qt::RightDockWidgetArea, cardDock);
  tabifyDockWidget(settingsDock_, cardDock);
  settingsDock_->raise();

  // The settings column can be closed (and brought back) from the toolbar, the View menu or Ctrl+Shift+S.
  QAction* settingsToggle = settingsDock_->toggleViewAction();
  settingsToggle->setText(tr("⚙ Settings"));
  settingsToggle->setShortcut(QKeySequence(tr("Ctrl+Shift+S")));
  settingsToggle->setToolTip(tr("Show or hide the run settings and the model card (Ctrl+Shift+S)"));
  viewMenu_->addAction(settingsToggle);
  viewMenu_->addAction(cardDock->toggleViewAction());
  if (auto* bar = findChild<QToolBar*>(QStringLiteral("mainToolBar"))) {
    bar->addSeparator();
    bar->addAction(settingsToggle);
  }
}

void MainWindow::buildStatusBar() {
  packLabel_ = new ElidedLabel(this);
  packLabel_->setMaximumWidth(320);
  policyLabel_ = new ElidedLabel(this);
  policyLabel_->setObjectName(QStringLiteral("policyStatus"));
  policyLabel_->setMaximumWidth(160);
  threadsLabel_ = new ElidedLabel(this);
  threadsLabel_->setMaximumWidth(160);
  for (ElidedLabel* label : {packLabel_, policyLabel_, threadsLabel_}) {
    label->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    statusBar()->addPermanentWidget(label);
  }
  statusBar()->showMessage(tr("Ready"));
}

void MainWindow::connectEngine() {
  connect(&engine_, &EngineHost::loadStarted, this, &MainWindow::onLoadStarted);
  connect(&engine_, &EngineHost::packLoaded, this, &MainWindow::onPackLoaded);
  connect(&engine_, &EngineHost::packFailed, this, &MainWindow::onPackFailed);
  connect(&engine_, &EngineHost::runStarted, this, &MainWindow::onRunStarted);
  connect(&engine_, &EngineHost::token, this, &MainWindow::onToken);
  connect(&engine_, &EngineHost::runFinished, this, &MainWindow::onRunFinished);
  connect(&engine_, &EngineHost::runFailed, this, &MainWindow::onRunFailed);
  connect(&engine_, &EngineHost::timingRun, this, &MainWindow::onTimingRun);
  connect(&engine_, &EngineHost::requestFinished, this, &MainWindow::onRequestFinished);
  connect(&engine_, &EngineHost::busyChanged, this, &MainWindow::updateActions);
}

void MainWindow::connectReplay() {
  // Recordings are cleared when a pack loads: every recorded mode has its pane.
  connect(&replay_, &ReplayPlayer::runStarted, this, [this](const QString& mode, double slowMotion) {
    pane(mode)->markStarted(slowMotion);
    chart_->addPoint(mode, 0, 0);
  });
  connect(&replay_, &ReplayPlayer::token, this,
          [this](const QString& mode, const QString& text, qint64 index, double ms) {
            pane(mode)->appendToken(text, index, ms);
            chart_->addPoint(mode, ms, index + 1);
          });
  connect(&replay_, &ReplayPlayer::runFinished, this,
          [this](const QString& mode, const RunMetrics& metrics, const QString& text) {
            pane(mode)->finish(metrics, text);
            pane(mode)->showMeasuredSpeed(samples_.tokensPerSecond(mode));
          });
  connect(&replay_, &ReplayPlayer::runFailed, this,
          [this](const QString& mode, const QString& message) { pane(mode)->fail(message); });
  connect(&replay_, &ReplayPlayer::finished, this, [this] {
    statusBar()->showMessage(tr("Replay done"), 5000);
    updateActions();
  });
}

void MainWindow::connectSettings() {
  connect(&settings_, &StudioSettings::translateAsYouTypeChanged, this, [this](bool enabled) {
    const QSignalBlocker blocker(liveAction_);
    liveAction_->setChecked(enabled);
    if (!enabled) debounce_.stop();
  });
  connect(&settings_, &StudioSettings::debounceMsChanged, &debounce_, qOverload<int>(&QTimer::setInterval));
  connect(&settings_, &StudioSettings::runPolicyChanged, this, [this] {
    updateStatusLabels();
    onRunSettingsChanged();
  });
  connect(&settings_, &StudioSettings::threadsChanged, this, [this] {
    updateStatusLabels();
    onRunSettingsChanged();
  });
  connect(&settings_, &StudioSettings::decodingChanged, this, &MainWindow::onRunSettingsChanged);
  connect(&settings_, &StudioSettings::replayFactorChanged, this, &MainWindow::updateActions);
  liveAction_->setChecked(settings_.translateAsYouType());
}

void MainWindow::restoreLayout() {
  const QRect available = screen()->availableGeometry();
  // The designed minimum, or the whole screen where that is smaller.
  setMinimumSize(kMinimumWindowSize.boundedTo(available.size()));
  // A saved geometry only where it still fits the screen it is on (the window
  // may have been saved on a larger or a second screen).
  bool restored = !settings_.windowGeometry().isEmpty() && restoreGeometry(settings_.windowGeometry());
  if (restored) {
    const QRect area = availableAreaAt(geometry().center());
    restored = !area.isEmpty() && fitsOn(geometry(), area);
  }
  if (!restored) {
    setWindowState(Qt::WindowNoState);
    setGeometry(initialWindowGeometry(available));
  }
  if (settings_.windowState().isEmpty() || !restoreState(settings_.windowState())) {
    // The settings column as narrow as its editors allow: the panes and the chart need the width.
    QTimer::singleShot(0, this, [this] {
      resizeDocks({settingsDock_}, {settingsDock_->widget()->minimumWidth()}, Qt::Horizontal);
    });
  }
  // The pane columns are restored once the first pack's panes exist (rebuildPanes).
  const QByteArray vertical = settings_.splitterState(verticalSplitter_->objectName());
  savedPaneSizes_ = restored ? settings_.splitterState(paneSplitter_->objectName()) : QByteArray();
  panesSized_ = restored && !savedPaneSizes_.isEmpty() && !vertical.isEmpty() && verticalSplitter_->restoreState(vertical);
}

// First time: every column as wide as the others, and the chart taller than
// the panes; once the page just shown has its geometry.
void MainWindow::sizePanesOnce() {
  if (panesSized_) return;
  panesSized_ = true;
  QTimer::singleShot(0, this, [this] {
    paneSplitter_->setSizes(QList<int>(paneSplitter_->count(), 1000));
    const int height = verticalSplitter_->height();
    verticalSplitter_->setSizes({height * 2 / 5, height - height * 2 / 5});
  });
}

void MainWindow::closeEvent(QCloseEvent* event) {
  engine_.stop();
  replay_.stop();
  settings_.setWindowGeometry(saveGeometry());
  settings_.setWindowState(saveState());
  settings_.setSplitterState(paneSplitter_->objectName(), paneSplitter_->saveState());
  settings_.setSplitterState(verticalSplitter_->objectName(), verticalSplitter_->saveState());
  settings_.sync();
  event->accept();
}

// ---------------------------------------------------------------- packs

void MainWindow::chooseAndOpenPack() {
  const QString start = settings_.lastPackDir().isEmpty() ? QDir::homePath() : settings_.lastPackDir();
  const QString dir = QFileDialog::getExistingDirectory(this, tr("Open model pack"), start);
  if (!dir.isEmpty()) openPack(dir);
}

void MainWindow::chooseAndOpenModels() {
  OpenModelsDialog dialog(settings_.lastModelFolders(), this);
  if (dialog.exec() == QDialog::Accepted) openModels(dialog.folders());
}

void MainWindow::openPack(const QString& dir) {
  startLoad({dir, {}}, tr("Loading the model pack %1…").arg(QDir::toNativeSeparators(dir)));
}

void MainWindow::openModels(const ModelFolders& folders) {
  const QString problem = OpenModelsDialog::problemWith(folders);
  if (!problem.isEmpty()) {
    messageBar_->showError(tr("Cannot open these model folders"), problem);
    if (!fallbackPack_.isEmpty() && !engine_.hasPack()) onPackFailed(problem);
    return;
  }
  startLoad({QString(), folders}, tr("Loading the models in %1…").arg(QDir::toNativeSeparators(folders.llm)));
}

QString MainWindow::buildDefaultPackDir() {
  return QString::fromStdString(l2s::find_installed_pack("default").string());
}

void MainWindow::setEmbeddedPacks(const QVector<EmbeddedPack>& packs) {
  embeddedPacks_ = packs;
  task_->setOtherPacks(packs);
}

void MainWindow::openStartupPack(const QString& commandLinePack, const QString& defaultPack) {
  if (!commandLinePack.isEmpty()) return openPack(commandLinePack);
  const bool hasDefault = !defaultPack.isEmpty() && QFileInfo(defaultPack).isDir();
  switch (settings_.lastOpened()) {
    case StudioSettings::LastOpened::Pack: {
      const QString last = settings_.lastPackDir();
      if (QFileInfo(last).isDir() || !hasDefault) {
        if (hasDefault && QDir(last) != QDir(defaultPack)) fallbackPack_ = defaultPack;
        return openPack(last);
      }
      startupNotice_ = tr("The last pack, %1, is gone; the default pack is open instead.")
                           .arg(QDir::toNativeSeparators(last));
      return openPack(defaultPack);
    }
    case StudioSettings::LastOpened::ModelFolders:
      if (hasDefault) fallbackPack_ = defaultPack;
      return openModels(settings_.lastModelFolders());
    case StudioSettings::LastOpened::Nothing: break;
  }
  if (hasDefault) return openPack(defaultPack);
  stack_->setCurrentWidget(emptyState_);
  emptyState_->showWelcome();
}

void MainWindow::startLoad(const PendingLoad& load, const QString& what) {
  debounce_.stop();
  stopReplay();
  pendingLoad_ = load;
  if (!engine_.hasPack()) {
    emptyState_->showLoading(what);
    stack_->setCurrentWidget(emptyState_);
  }
  statusBar()->showMessage(what);
  if (engine_.isRunning()) {
    stop();  // the load interrupts the runs in flight
  }
  if (load.packDir.isEmpty())
    engine_.loadModels(load.folders);
  else
    engine_.loadPack(load.packDir);
}

void MainWindow::onLoadStarted() { updateActions(); }

void MainWindow::onPackLoaded(const PackSummary& pack) {
  if (pendingLoad_) {
    if (pendingLoad_->packDir.isEmpty())
      settings_.rememberModelFolders(pendingLoad_->folders);
    else
      settings_.rememberPack(pendingLoad_->packDir);
    pendingLoad_.reset();
  }
  fallbackPack_.clear();
  // A replay asked for while this pack loaded is of the previous pack's runs:
  // its panes are about to go (or to show this pack's answers).
  stopReplay();
  messageBar_->hide();  // whatever it said was about the state before
  if (!startupNotice_.isEmpty()) messageBar_->showNotice(startupNotice_);
  startupNotice_.clear();
  setWindowTitle(tr("%1 — LLM-to-SLM Studio").arg(pack.name));
  tokenCounter_.setTokenizer(pack.tokenizer);
  task_->setPresets(pack.presets, pack.dir);
  rebuildPanes(pack);
  // The panel's figures: the first guided mode against the LLM, and against the first baseline.
  std::string guided, baseline;
  for (const ModeItem& mode : pack.modes) {
    if (mode.kind == l2s::ModeKind::L2s && guided.empty()) guided = mode.name.toStdString();
    if (mode.kind == l2s::ModeKind::Slm && baseline.empty()) baseline = mode.name.toStdString();
  }
  const double benchmarked = benchmarkSpeedup(pack.benchmark, guided, pack.llmMode().toStdString());
  const QString testSet = QString::fromStdString(pack.benchmark.test_set);
  const QString guidedTitle = pack.mode(QString::fromStdString(guided)) ? pack.mode(QString::fromStdString(guided))->title
                                                                         : QString();
  comparison_->setReference(
      benchmarked <= 0 ? QString()
      : testSet.isEmpty()
          ? tr("The pack's own benchmark: %1 per token for %2.").arg(formatSpeedup(benchmarked), guidedTitle)
          : tr("The pack's own benchmark, on %1: %2 per token for %3.")
                .arg(testSet, formatSpeedup(benchmarked), guidedTitle),
      referenceSource(pack.benchmark), whyNotTheSmallModelAlone(pack.benchmark, guided, baseline));
  modelCard_->showPack(pack);
  stack_->setCurrentIndex(1);
  sizePanesOnce();
  clearResults();
  recording_.clear();
  statusBar()->showMessage(tr("Loaded %1 in %2").arg(pack.name, formatDuration(pack.loadMs)), 8000);
  updateStatusLabels();
  updateActions();
  updateInputGuide();
  const bool runAsked = runAfterLoad_;
  runAfterLoad_ = false;
  if ((runAsked || settings_.translateAsYouType()) && !input_->text().trimmed().isEmpty()) runNow();
}

// One pane per mode of the pack; the same panes again when the next pack has
// the same modes (their columns stay as the user left them).
void MainWindow::rebuildPanes(const PackSummary& pack) {
  bool same = panes_.size() == pack.modes.size();
  for (int i = 0; same && i < panes_.size(); ++i)
    same = panes_[i]->mode().name == pack.modes[i].name && panes_[i]->title() == pack.modes[i].title;
  if (!same) {
    qDeleteAll(panes_);  // each leaves the splitter as it goes
    panes_.clear();
    qDeleteAll(paneActions_);
    paneActions_.clear();
    for (const ModeItem& mode : pack.modes) {
      auto* pane = new OutputPane(mode, paneSplitter_);
      paneSplitter_->addWidget(pane);
      paneSplitter_->setStretchFactor(paneSplitter_->count() - 1, 1);
      panes_ << pane;
      auto* action = new QAction(mode.title, this);
      action->setObjectName(QStringLiteral("showPane_%1").arg(mode.name));
      action->setCheckable(true);
      action->setStatusTip(mode.kind == l2s::ModeKind::Verified
                               ? tr("Show or hide the “%1” pane: the LLM's own answer, the small model drafting for "
                                    "it; one more LLM run per input, so hidden at first")
                                     .arg(mode.title)
                               : tr("Show or hide the “%1” pane; hidden panes are not run").arg(mode.title));
      connect(action, &QAction::toggled, this, [this, name = mode.name](bool shown) { setPaneShown(name, shown); });
      viewMenu_->insertAction(panesEnd_, action);
      paneActions_ << action;
    }
  }
  // The panes as the user left them with this pack, the others as they
  // start (verified ones hidden); never all hidden.
  const QStringList chosenShown = settings_.shownPanes(pack.name), chosenHidden = settings_.hiddenPanes(pack.name);
  auto shownAsChosen = [&](const ModeItem& mode) {
    if (chosenShown.contains(mode.name)) return true;
    return !chosenHidden.contains(mode.name) && shownByDefault(mode);
  };
  const bool anyShown = std::any_of(pack.modes.begin(), pack.modes.end(), shownAsChosen);
  for (int i = 0; i < panes_.size(); ++i) {
    const ModeItem& mode = panes_[i]->mode();
    const bool shown = anyShown ? shownAsChosen(mode) : shownByDefault(mode);
    panes_[i]->setVisible(shown);
    panes_[i]->clear();
    panes_[i]->setReference(referenceLine(pack.benchmark, mode.name), referenceSource(pack.benchmark));
    const QSignalBlocker blocker(paneActions_[i]);
    paneActions_[i]->setChecked(shown);
  }
  updatePaneActions();
  if (same) return;
  // New columns: as the user left them for a pack like this the first time, else equal.
  const bool restored = !savedPaneSizes_.isEmpty() && paneSplitter_->restoreState(savedPaneSizes_);
  savedPaneSizes_.clear();
  if (!restored && panesSized_)
    QTimer::singleShot(0, this, [this] { paneSplitter_->setSizes(QList<int>(paneSplitter_->count(), 1000)); });
}

void MainWindow::setPaneShown(const QString& mode, bool shown) {
  OutputPane* p = pane(mode);
  if (!p || !engine_.hasPack()) return;
  p->setVisible(shown);
  QStringList shownNames, hiddenNames;
  for (OutputPane* each : std::as_const(panes_)) (each->isHidden() ? hiddenNames : shownNames) << each->mode().name;
  settings_.setPanes(engine_.pack().name, shownNames, hiddenNames);
  updatePaneActions();
  if (shown) {
    // A shown pane gets its share of the width.
    QTimer::singleShot(0, this, [this] {
      QList<int> sizes;
      for (int i = 0; i < paneSplitter_->count(); ++i) sizes << (paneSplitter_->widget(i)->isHidden() ? 0 : 1000);
      paneSplitter_->setSizes(sizes);
    });
  }
  if (!engine_.isRunning()) chart_->reset(shownModes());
  onRunSettingsChanged();  // as you type: the shown panes are run again
}

// The last shown pane cannot be hidden: its entry is disabled.
void MainWindow::updatePaneActions() {
  int shown = 0;
  for (OutputPane* p : std::as_const(panes_)) shown += p->isHidden() ? 0 : 1;
  for (int i = 0; i < paneActions_.size(); ++i) paneActions_[i]->setEnabled(shown > 1 || panes_[i]->isHidden());
}

void MainWindow::fillExamplesMenu() {
  examplesMenu_->clear();
  const QStringList examples = task_ ? task_->examples() : QStringList();
  if (examples.isEmpty()) {
    examplesMenu_->addAction(tr("No examples for this task"))->setEnabled(false);
    return;
  }
  for (const QString& example : examples) {
    QAction* action = examplesMenu_->addAction(exampleLabel(example, examplesMenu_->fontMetrics()));
    action->setToolTip(example);
    action->setStatusTip(example);
    action->setData(example);
    connect(action, &QAction::triggered, this, [this, example] {
      setPrompt(example);
      runNow();
    });
  }
  examplesMenu_->setToolTipsVisible(true);
}

void MainWindow::onPackFailed(const QString& message) {
  const bool wasPack = pendingLoad_ && !pendingLoad_->packDir.isEmpty();
  pendingLoad_.reset();
  runAfterLoad_ = false;
  // A preset of the pack that failed may be selected: back to the open pack's.
  if (engine_.hasPack()) task_->setPresets(engine_.pack().presets, engine_.pack().dir);
  if (!fallbackPack_.isEmpty() && !engine_.hasPack()) {
    // The pack from last time fails now: the default pack stands in.
    startupNotice_ = tr("The last pack could not be opened (%1); the default pack is open instead.").arg(message);
    const QString fallback = fallbackPack_;
    fallbackPack_.clear();
    return openPack(fallback);
  }
  messageBar_->showError(wasPack ? tr("Could not open the model pack") : tr("Could not open the model folders"),
                         message);
  if (!engine_.hasPack()) {
    emptyState_->showWelcome();
    stack_->setCurrentWidget(emptyState_);
  }
  statusBar()->showMessage(engine_.hasPack() ? tr("Still using %1").arg(engine_.pack().name) : tr("No pack open"));
  updateActions();
}

// ---------------------------------------------------------------- input

OutputPane* MainWindow::pane(const QString& mode) const {
  for (OutputPane* p : panes_)
    if (p->mode().name == mode) return p;
  return nullptr;
}

QAction* MainWindow::paneAction(const QString& mode) const {
  for (QAction* action : paneActions_)
    if (action->objectName() == QStringLiteral("showPane_%1").arg(mode)) return action;
  return nullptr;
}

QPlainTextEdit* MainWindow::promptEditor() const { return input_->editor(); }

bool MainWindow::showsWorkspace() const { return stack_->currentIndex() == 1; }

void MainWindow::setPrompt(const QString& text) { promptEditor()->setPlainText(text); }

void MainWindow::onInputEdited() {
  guideTimer_.start();
  stopReplay();
  // The answers shown were for the text before this edit.
  for (OutputPane* p : std::as_const(panes_)) p->markStale();
  if (!settings_.translateAsYouType() || !engine_.hasPack()) return;
  debounce_.start();  // restarts: only a pause in typing runs
}

void MainWindow::onRunSettingsChanged() {
  // With translate-as-you-type, the answers follow the settings too.
  if (settings_.translateAsYouType() && engine_.hasPack() && !input_->text().trimmed().isEmpty())
    debounce_.start();
}

QVector<PromptSegment> MainWindow::segmentsFor(const QString& text) const {
  const QString prefix = task_->prefix();
  // Translation models read one sentence at a time, as they were trained;
  // desktop translators split the same way.
  if (task_->task() == QLatin1String("translate")) {
    QVector<PromptSegment> segments;
    for (const Sentence& sentence : splitSentences(text)) segments.push_back({prefix + sentence.text, sentence.separator});
    if (!segments.isEmpty()) return segments;
  }
  return {{prefix + text, QString()}};
}

// The token count and the notices follow the input after a short pause.
void MainWindow::updateInputGuide() {
  const QString text = input_->text();
  if (!engine_.hasPack() || text.trimmed().isEmpty()) {
    input_->setTokenCount(engine_.hasPack() ? tr("Up to %1 tokens per input").arg(engine_.pack().maxInputTokens)
                                            : QString(),
                          false);
    input_->setNotice(QString());
    return;
  }
  const QVector<PromptSegment> segments = segmentsFor(text);
  QStringList prompts;
  int longestWords = 0;
  for (const PromptSegment& segment : segments) {
    prompts << segment.prompt;
    longestWords = std::max(longestWords, wordCount(segment.prompt) - wordCount(task_->prefix()));
  }
  tokenCounter_.count(prompts);
  QStringList notices;
  const QString script = scriptNotice(text, engine_.pack().languages);
  if (!script.isEmpty()) notices << script;
  const QString length = lengthNotice(longestWords, task_->examples());
  if (!length.isEmpty()) notices << length;
  input_->setNotice(notices.join(QLatin1Char('\n')));
}

void MainWindow::showTokenCount(const QVector<qint64>& tokens) {
  if (tokens.isEmpty() || input_->text().trimmed().isEmpty()) return;
  const qint64 limit = engine_.pack().maxInputTokens;
  const qint64 longest = *std::max_element(tokens.begin(), tokens.end());
  if (*std::min_element(tokens.begin(), tokens.end()) < 0) {
    input_->setTokenCount(QString(), false);
    return;
  }
  if (tokens.size() == 1) {
    input_->setTokenCount(longest > limit
                              ? tr("%1 tokens: over this pack's limit of %2, so the end will be cut off. Shorten the input.")
                                    .arg(longest)
                                    .arg(limit)
                              : tr("%1 of %2 tokens").arg(longest).arg(limit),
                          longest > limit);
    return;
  }
  input_->setTokenCount(
      longest > limit
          ? tr("A sentence has %1 tokens: over this pack's limit of %2, so its end will be cut off. Shorten it.")
                .arg(longest)
                .arg(limit)
          : tr("%1 sentences, translated one by one; the longest has %2 of %3 tokens").arg(tokens.size()).arg(longest).arg(limit),
      longest > limit);
}

// ---------------------------------------------------------------- runs

QStringList MainWindow::modesToRun() const {
  QVector<ModeItem> modes = shownModes();
  std::stable_sort(modes.begin(), modes.end(),
                   [](const ModeItem& a, const ModeItem& b) { return runRank(a.kind) < runRank(b.kind); });
  QStringList names;
  for (const ModeItem& mode : std::as_const(modes)) names << mode.name;
  return names;
}

QVector<ModeItem> MainWindow::shownModes() const {
  QVector<ModeItem> modes;
  for (OutputPane* p : panes_)
    if (!p->isHidden()) modes << p->mode();
  return modes;
}

void MainWindow::runNow() {
  debounce_.stop();
  stopReplay();
  if (!engine_.hasPack()) {
    messageBar_->showNotice(tr("Open a model pack first (Ctrl+O)."));
    return;
  }
  if (pendingLoad_) {
    // Another pack is loading (a preset of it was chosen): the runs are its.
    runAfterLoad_ = true;
    statusBar()->showMessage(tr("Loading the pack; the run starts once it is open…"));
    return;
  }
  const QString text = input_->text();
  if (text.trimmed().isEmpty()) {
    stop();
    clearResults();
    statusBar()->showMessage(tr("Type a prompt to start."));
    return;
  }
  const DecodingSettings decoding = settings_.decoding();
  RunRequest request;
  request.segments = segmentsFor(text);
  request.modes = modesToRun();
  request.options = decoding.toOptions();
  request.options.truncate_input = true;  // visibly: onRunFinished says what was dropped
  request.policy = settings_.runPolicy();
  request.threads = settings_.threads();
  // Repeats make the speedup a measurement; a race is no measurement at all.
  request.timingRounds = request.policy == RunPolicy::Fair ? settings_.timingRuns() : 0;
  const bool sampling = decoding.strategy == DecodingStrategy::Sampling;
  if (sampling && decoding.newSeedEachRun)
    request.options.seed = QRandomGenerator::global()->bounded(1u, 1000000u);  // short enough to type back in
  try {
    request.options.validate();
  } catch (const l2s::Error& error) {
    messageBar_->showError(tr("These decoding settings cannot run"), QString::fromStdString(error.what()));
    return;
  }

  clearResults();
  recording_.clear();
  plannedRounds_ = request.timingRounds;
  const bool fair = request.policy == RunPolicy::Fair;
  const bool beam = decoding.strategy == DecodingStrategy::BeamSearch;
  for (const QString& mode : request.modes) {
    pane(mode)->setWholeAnswerAtOnce(beam);
    pane(mode)->markWaiting(fair && mode != request.modes.first() ? tr("waiting: one run at a time") : tr("starting…"));
  }
  chart_->reset(shownModes());
  comparison_->showWaiting();
  lastRequest_ = request;
  lastRequest_.id = engine_.startRun(request);
  QString status = fair ? tr("Running, one mode at a time…") : tr("Running all modes at once…");
  if (sampling) status += tr(" Sampling with seed %1.").arg(request.options.seed);
  statusBar()->showMessage(status);
  updateActions();
}

void MainWindow::stop() {
  debounce_.stop();
  if (replay_.isPlaying()) {
    stopReplay();
    statusBar()->showMessage(tr("Replay stopped"), 5000);
    return;
  }
  if (!engine_.isRunning()) return;
  engine_.stop();
  for (OutputPane* pane : std::as_const(panes_)) pane->markStopped();
  plannedRounds_ = samples_.timedRounds();  // no more timing runs are coming
  if (finished_.size() < 2 || !finished_.contains(engine_.pack().llmMode()))
    comparison_->showUnavailable(tr("Stopped before the runs to compare finished."));
  else
    updateSpeedup();
  statusBar()->showMessage(tr("Stopped"), 5000);
  updateActions();
}

void MainWindow::replay() {
  if (engine_.isRunning() || !recording_.canReplay()) {
    statusBar()->showMessage(tr("Nothing to replay yet: run first, and let the runs finish."), 5000);
    return;
  }
  debounce_.stop();
  QStringList modes;
  for (const RecordedRun& run : recording_.runs()) modes << run.mode;
  for (const QString& mode : modes) pane(mode)->clear();
  QVector<ModeItem> ordered;  // the panes' order, as a run draws them
  for (OutputPane* p : std::as_const(panes_))
    if (modes.contains(p->mode().name)) ordered << p->mode();
  chart_->reset(ordered);
  const int factor = settings_.replayFactor();
  replay_.play(recording_, factor);
  statusBar()->showMessage(tr("Replaying the last runs %1× slower, all at once, each at its own pace…").arg(factor));
  updateActions();
}

void MainWindow::stopReplay() {
  if (!replay_.isPlaying()) return;
  replay_.stop();
  for (OutputPane* pane : std::as_const(panes_)) pane->markStopped();
  updateActions();
}

// The first shown guided pane's answer: the product's own.
void MainWindow::copyResult() {
  OutputPane* guided = nullptr;
  for (OutputPane* p : std::as_const(panes_))
    if (!guided && !p->isHidden() && p->mode().kind == l2s::ModeKind::L2s) guided = p;
  if (!guided || guided->text().isEmpty()) {
    statusBar()->showMessage(tr("Nothing to copy yet."), 4000);
    return;
  }
  guided->copyToClipboard();
  statusBar()->showMessage(tr("Copied the %1 answer.").arg(guided->title()), 4000);
}

void MainWindow::clearResults() {
  finished_.clear();
  failed_.clear();
  samples_.clear();
  samples_.setBaseline(engine_.pack().llmMode());
  plannedRounds_ = 0;
  for (OutputPane* pane : std::as_const(panes_)) pane->clear();
  chart_->reset(shownModes());
  comparison_->clear();
}

void MainWindow::onRunStarted(quint64, const QString& mode) {
  OutputPane* p = pane(mode);
  if (!p) return;  // a run of a pack no longer shown
  recording_.start(mode);
  p->markStarted();
  chart_->addPoint(mode, 0, 0);
  statusBar()->showMessage(tr("Running %1…").arg(p->title()));
}

void MainWindow::onToken(quint64, const QString& mode, const QString& text, qint64 index, double elapsedMs) {
  if (!pane(mode)) return;
  recording_.addToken(mode, text, index, elapsedMs);
  pane(mode)->appendToken(text, index, elapsedMs);
  chart_->addPoint(mode, elapsedMs, index + 1);
}

void MainWindow::onRunFinished(quint64, const QString& mode, const RunMetrics& metrics, const QString& text) {
  if (!pane(mode)) return;
  recording_.finish(mode, metrics, text);
  pane(mode)->finish(metrics, text);
  if (metrics.truncatedTokens > 0)
    messageBar_->showNotice(tr("%1 tokens were dropped from the end of the prompt: this pack reads at most %2.")
                                .arg(metrics.truncatedTokens)
                                .arg(metrics.promptTokens));
  finished_.insert(mode, metrics);
  samples_.add(0, mode, metrics);
  updateSpeedup();
}

void MainWindow::onRunFailed(quint64, const QString& mode, const QString& message) {
  if (!pane(mode)) return;
  recording_.fail(mode, message);
  pane(mode)->fail(message);
  failed_.insert(mode, message);
  updateSpeedup();
}

void MainWindow::onTimingRun(quint64, int round, const QString& mode, const RunMetrics& metrics) {
  if (!pane(mode)) return;
  samples_.add(round, mode, metrics);
  pane(mode)->showMeasuredSpeed(samples_.tokensPerSecond(mode));
  if (round == plannedRounds_ && mode == modesToRun().last())
    statusBar()->showMessage(tr("Measured: %1 timing runs of each mode").arg(round), 8000);
  updateSpeedup();
}

void MainWindow::onRequestFinished(quint64) {
  plannedRounds_ = samples_.timedRounds();  // all that will come
  updateSpeedup();
  statusBar()->showMessage(failed_.isEmpty() ? tr("Done") : tr("Done, with errors: see the panes"), 8000);
  updateActions();
}

// Every small model's mode that ran against the LLM alone; the first guided
// one is the headline.
void MainWindow::updateSpeedup() {
  const QString llm = engine_.pack().llmMode();
  const OutputPane* llmPane = pane(llm);
  if (!llmPane || !lastRequest_.modes.contains(llm)) {
    comparison_->showUnavailable(tr("No speedup: the LLM alone did not run. Show its pane (View) to compare."));
    return;
  }
  if (failed_.contains(llm)) {
    comparison_->showUnavailable(tr("No speedup: the %1 run failed.").arg(llmPane->title()));
    return;
  }
  QVector<ModeItem> compared;
  bool pending = false, anySpeedup = false;
  for (OutputPane* p : std::as_const(panes_)) {
    const QString& mode = p->mode().name;
    if (mode == llm || !lastRequest_.modes.contains(mode)) continue;
    compared << p->mode();
    pending = pending || (!finished_.contains(mode) && !failed_.contains(mode));
    if (finished_.contains(llm) && finished_.contains(mode))
      anySpeedup = anySpeedup || computeSpeedup(finished_.value(llm), finished_.value(mode)).has_value();
  }
  if (compared.isEmpty()) {
    comparison_->showUnavailable(tr("No speedup: only the LLM ran. Show a small model's pane (View) to compare."));
    return;
  }
  if (!finished_.contains(llm)) return;
  if (anySpeedup)
    comparison_->showSpeedup(samples_, compared, llmPane->title(), plannedRounds_);
  else if (!pending)
    comparison_->showUnavailable(tr("No speedup: the runs failed, were stopped or generated nothing."));
}

void MainWindow::updateActions() {
  const bool hasPack = engine_.hasPack();
  runAction_->setEnabled(hasPack);
  stopAction_->setEnabled(engine_.isRunning() || replay_.isPlaying());
  copyAction_->setEnabled(hasPack);
  replayAction_->setEnabled(!engine_.isRunning() && recording_.canReplay());
  replayAction_->setToolTip(tr("Replay the last runs %1× slower, all at once, each at its true pace (Ctrl+R)")
                                .arg(settings_.replayFactor()));
}

void MainWindow::updateStatusLabels() {
  packLabel_->setFullText(engine_.hasPack() ? tr("Pack: %1").arg(engine_.pack().name) : tr("No pack"));
  const RunPolicy policy = settings_.runPolicy();
  policyLabel_->setFullText(tr("Policy: %1").arg(policyTitle(policy)));
  policyLabel_->setExplanation(policyExplanation(policy));
  (policy == RunPolicy::Race ? raceAction_ : fairAction_)->setChecked(true);
  comparison_->setPolicy(policy);
  const int threads = settings_.threads();
  threadsLabel_->setFullText(threads == 0 ? tr("Threads: all cores") : tr("Threads: %1").arg(threads));
}

}  // namespace l2s::studio

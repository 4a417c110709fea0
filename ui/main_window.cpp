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
#include <QLabel>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QSignalBlocker>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolBar>
#include <QVBoxLayout>

#include "engine/common/error.h"
#include "engine/common/install_paths.h"
#include "ui/about_dialog.h"
#include "ui/app_icon.h"
#include "ui/comparison_panel.h"
#include "ui/empty_state.h"
#include "ui/format.h"
#include "ui/message_bar.h"
#include "ui/metrics_chart.h"
#include "ui/model_card_view.h"
#include "ui/open_models_dialog.h"
#include "ui/output_pane.h"
#include "ui/recent_packs_menu.h"
#include "ui/run_settings_panel.h"
#include "ui/speedup.h"
#include "ui/task_selector.h"

namespace l2s::studio {
namespace {

int key(l2s::Mode mode) { return static_cast<int>(mode); }

// Fair runs go one at a time, the product's own mode first: its answer shows
// soonest, and each run is timed alone either way.
const QVector<l2s::Mode> kRunOrder = {l2s::Mode::L2s, l2s::Mode::Llm, l2s::Mode::Slm};

}  // namespace

MainWindow::MainWindow(StudioSettings& settings, QWidget* parent) : QMainWindow(parent), settings_(settings) {
  setObjectName(QStringLiteral("mainWindow"));
  setWindowTitle(tr("LLM-to-SLM Studio"));
  setWindowIcon(appIcon());
  resize(1500, 900);

  debounce_.setSingleShot(true);
  debounce_.setInterval(settings_.debounceMs());
  connect(&debounce_, &QTimer::timeout, this, &MainWindow::runNow);

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
  stopAction_->setToolTip(tr("Stop the runs in flight (Esc)"));
  connect(stopAction_, &QAction::triggered, this, &MainWindow::stop);

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
  connect(focusInputAction_, &QAction::triggered, this, [this] { prompt_->setFocus(); });

  aboutAction_ = new QAction(tr("&About LLM-to-SLM Studio"), this);
  aboutAction_->setShortcut(QKeySequence::HelpContents);
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
  edit->addAction(tr("Copy LLM-only answer"), this, [this] { pane(l2s::Mode::Llm)->copyToClipboard(); });
  edit->addAction(focusInputAction_);

  QMenu* run = menuBar()->addMenu(tr("&Run"));
  run->addAction(runAction_);
  run->addAction(stopAction_);
  run->addAction(liveAction_);
  run->addSeparator();
  QMenu* policy = run->addMenu(tr("Run &policy"));
  policy->addActions(policyGroup_->actions());

  viewMenu_ = menuBar()->addMenu(tr("&View"));  // filled by buildDocks

  QMenu* help = menuBar()->addMenu(tr("&Help"));
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
  connect(task_, &TaskSelector::prefixChanged, this, &MainWindow::onRunSettingsChanged);
  bar->addWidget(task_);
  bar->addSeparator();
  bar->addAction(runAction_);
  bar->addAction(stopAction_);
  bar->addAction(liveAction_);
}

QWidget* MainWindow::buildWorkspace() {
  auto* input = new QWidget(this);
  auto* title = new QLabel(tr("Input"), input);
  QFont titleFont = title->font();
  titleFont.setBold(true);
  titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
  title->setFont(titleFont);
  prompt_ = new QPlainTextEdit(input);
  prompt_->setObjectName(QStringLiteral("prompt"));
  prompt_->setPlaceholderText(tr("Type or paste text here."));
  connect(prompt_, &QPlainTextEdit::textChanged, this, &MainWindow::onInputEdited);
  auto* hint = new QLabel(tr("Ctrl+Enter runs now. Esc stops."), input);
  hint->setForegroundRole(QPalette::PlaceholderText);
  auto* inputLayout = new QVBoxLayout(input);
  inputLayout->setContentsMargins(0, 0, 0, 0);
  inputLayout->addWidget(title);
  inputLayout->addWidget(prompt_, 1);
  inputLayout->addWidget(hint);

  paneSplitter_ = new QSplitter(Qt::Horizontal, this);
  paneSplitter_->setObjectName(QStringLiteral("paneSplitter"));
  paneSplitter_->addWidget(input);
  for (l2s::Mode mode : allModes()) {
    auto* pane = new OutputPane(mode, paneSplitter_);
    panes_.insert(key(mode), pane);
    paneSplitter_->addWidget(pane);
  }
  paneSplitter_->setChildrenCollapsible(false);

  chart_ = new MetricsChart(this);
  comparison_ = new ComparisonPanel(this);
  auto* bottom = new QSplitter(Qt::Horizontal, this);
  bottom->addWidget(chart_);
  bottom->addWidget(comparison_);
  bottom->setStretchFactor(0, 1);

  verticalSplitter_ = new QSplitter(Qt::Vertical, this);
  verticalSplitter_->setObjectName(QStringLiteral("verticalSplitter"));
  verticalSplitter_->addWidget(paneSplitter_);
  verticalSplitter_->addWidget(bottom);
  verticalSplitter_->setStretchFactor(0, 3);
  verticalSplitter_->setStretchFactor(1, 2);
  return verticalSplitter_;
}

void MainWindow::buildDocks() {
  auto* settingsDock = new QDockWidget(tr("Run settings"), this);
  settingsDock->setObjectName(QStringLiteral("runSettingsDock"));
  settingsDock->setWidget(new RunSettingsPanel(settings_, settingsDock));
  addDockWidget(Qt::RightDockWidgetArea, settingsDock);

  auto* cardDock = new QDockWidget(tr("Model card"), this);
  cardDock->setObjectName(QStringLiteral("modelCardDock"));
  modelCard_ = new ModelCardView(cardDock);
  cardDock->setWidget(modelCard_);
  addDockWidget(Qt::RightDockWidgetArea, cardDock);
  tabifyDockWidget(settingsDock, cardDock);
  settingsDock->raise();

  viewMenu_->addAction(settingsDock->toggleViewAction());
  viewMenu_->addAction(cardDock->toggleViewAction());
}

void MainWindow::buildStatusBar() {
  packLabel_ = new QLabel(this);
  policyLabel_ = new QLabel(this);
  policyLabel_->setObjectName(QStringLiteral("policyStatus"));
  threadsLabel_ = new QLabel(this);
  statusBar()->addPermanentWidget(packLabel_);
  statusBar()->addPermanentWidget(policyLabel_);
  statusBar()->addPermanentWidget(threadsLabel_);
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
  connect(&engine_, &EngineHost::requestFinished, this, &MainWindow::onRequestFinished);
  connect(&engine_, &EngineHost::busyChanged, this, &MainWindow::updateActions);
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
  liveAction_->setChecked(settings_.translateAsYouType());
}

void MainWindow::restoreLayout() {
  if (!settings_.windowGeometry().isEmpty()) restoreGeometry(settings_.windowGeometry());
  if (!settings_.windowState().isEmpty()) restoreState(settings_.windowState());
  const QByteArray panes = settings_.splitterState(paneSplitter_->objectName());
  panesSized_ = !panes.isEmpty() && paneSplitter_->restoreState(panes);
  const QByteArray vertical = settings_.splitterState(verticalSplitter_->objectName());
  if (!vertical.isEmpty()) verticalSplitter_->restoreState(vertical);
}

void MainWindow::closeEvent(QCloseEvent* event) {
  engine_.stop();
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
    return;
  }
  startLoad({QString(), folders}, tr("Loading the models in %1…").arg(QDir::toNativeSeparators(folders.llm)));
}

QString MainWindow::buildDefaultPackDir() {
  return QString::fromStdString(l2s::find_installed_pack("default").string());
}

void MainWindow::openStartupPack(const QString& commandLinePack, const QString& defaultPack) {
  if (!commandLinePack.isEmpty()) return openPack(commandLinePack);
  switch (settings_.lastOpened()) {
    case StudioSettings::LastOpened::Pack: return openPack(settings_.lastPackDir());
    case StudioSettings::LastOpened::ModelFolders: return openModels(settings_.lastModelFolders());
    case StudioSettings::LastOpened::Nothing: break;
  }
  if (!defaultPack.isEmpty() && QFileInfo(defaultPack).isDir()) return openPack(defaultPack);
  stack_->setCurrentWidget(emptyState_);
  emptyState_->showWelcome();
}

void MainWindow::startLoad(const PendingLoad& load, const QString& what) {
  debounce_.stop();
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
  messageBar_->hide();  // whatever it said was about the state before
  setWindowTitle(tr("%1 — LLM-to-SLM Studio").arg(pack.name));
  task_->setPresets(pack.presets);
  for (l2s::Mode mode : allModes()) {
    pane(mode)->setVisible(pack.hasMode(mode));
    pane(mode)->clear();
  }
  modelCard_->showPack(pack);
  stack_->setCurrentIndex(1);
  if (!panesSized_) {
    // First time: the input as wide as each pane (the splitter would size them
    // by content), once the page just shown has its geometry.
    panesSized_ = true;
    QTimer::singleShot(0, this, [this] { paneSplitter_->setSizes(QList<int>(paneSplitter_->count(), 1000)); });
  }
  clearResults();
  statusBar()->showMessage(tr("Loaded %1 in %2").arg(pack.name, formatDuration(pack.loadMs)), 8000);
  updateStatusLabels();
  updateActions();
  if (settings_.translateAsYouType() && !prompt_->toPlainText().trimmed().isEmpty()) runNow();
}

void MainWindow::onPackFailed(const QString& message) {
  const bool wasPack = pendingLoad_ && !pendingLoad_->packDir.isEmpty();
  pendingLoad_.reset();
  messageBar_->showError(wasPack ? tr("Could not open the model pack") : tr("Could not open the model folders"),
                         message);
  if (!engine_.hasPack()) {
    emptyState_->showWelcome();
    stack_->setCurrentWidget(emptyState_);
  }
  statusBar()->showMessage(engine_.hasPack() ? tr("Still using %1").arg(engine_.pack().name) : tr("No pack open"));
  updateActions();
}

// ---------------------------------------------------------------- runs

OutputPane* MainWindow::pane(l2s::Mode mode) const { return panes_.value(key(mode)); }

bool MainWindow::showsWorkspace() const { return stack_->currentIndex() == 1; }

void MainWindow::setPrompt(const QString& text) { prompt_->setPlainText(text); }

void MainWindow::onInputEdited() {
  if (!settings_.translateAsYouType() || !engine_.hasPack()) return;
  debounce_.start();  // restarts: only a pause in typing runs
}

void MainWindow::onRunSettingsChanged() {
  // With translate-as-you-type, the answers follow the settings too.
  if (settings_.translateAsYouType() && engine_.hasPack() && !prompt_->toPlainText().trimmed().isEmpty())
    debounce_.start();
}

QVector<l2s::Mode> MainWindow::modesToRun() const {
  QVector<l2s::Mode> modes;
  for (l2s::Mode mode : kRunOrder)
    if (engine_.pack().hasMode(mode)) modes << mode;
  return modes;
}

void MainWindow::runNow() {
  debounce_.stop();
  if (!engine_.hasPack()) {
    messageBar_->showNotice(tr("Open a model pack first (Ctrl+O)."));
    return;
  }
  const QString text = prompt_->toPlainText();
  if (text.trimmed().isEmpty()) {
    stop();
    clearResults();
    statusBar()->showMessage(tr("Type a prompt to start."));
    return;
  }
  RunRequest request;
  request.prompt = task_->prefix() + text;
  request.modes = modesToRun();
  request.options = settings_.decoding().toOptions();
  request.options.truncate_input = true;  // visibly: onRunFinished says what was dropped
  request.policy = settings_.runPolicy();
  request.threads = settings_.threads();
  try {
    request.options.validate();
  } catch (const l2s::Error& error) {
    messageBar_->showError(tr("These decoding settings cannot run"), QString::fromStdString(error.what()));
    return;
  }

  clearResults();
  const bool fair = request.policy == RunPolicy::Fair;
  for (l2s::Mode mode : request.modes)
    pane(mode)->markWaiting(fair && mode != request.modes.first() ? tr("waiting for its turn (fair policy)")
                                                                   : tr("starting…"));
  chart_->reset(request.modes);
  comparison_->showWaiting();
  engine_.startRun(request);
  statusBar()->showMessage(fair ? tr("Running, one mode at a time…") : tr("Running all modes at once…"));
  updateActions();
}

void MainWindow::stop() {
  debounce_.stop();
  if (!engine_.isRunning()) return;
  engine_.stop();
  for (OutputPane* pane : std::as_const(panes_)) pane->markStopped();
  if (!(finished_.contains(key(l2s::Mode::Llm)) && finished_.contains(key(l2s::Mode::L2s))))
    comparison_->showUnavailable(tr("Stopped before both runs finished."));
  statusBar()->showMessage(tr("Stopped"), 5000);
  updateActions();
}

void MainWindow::copyResult() {
  OutputPane* l2sPane = pane(l2s::Mode::L2s);
  if (l2sPane->text().isEmpty()) {
    statusBar()->showMessage(tr("Nothing to copy yet."), 4000);
    return;
  }
  l2sPane->copyToClipboard();
  statusBar()->showMessage(tr("Copied the LLM → SLM answer."), 4000);
}

void MainWindow::clearResults() {
  finished_.clear();
  failed_.clear();
  for (OutputPane* pane : std::as_const(panes_)) pane->clear();
  chart_->reset(engine_.hasPack() ? modesToRun() : QVector<l2s::Mode>{});
  comparison_->clear();
}

void MainWindow::onRunStarted(quint64, l2s::Mode mode) {
  pane(mode)->markStarted();
  chart_->addPoint(mode, 0, 0);
  statusBar()->showMessage(tr("Running %1…").arg(modeTitle(mode)));
}

void MainWindow::onToken(quint64, l2s::Mode mode, const QString& text, qint64 index, double elapsedMs) {
  pane(mode)->appendToken(text, index, elapsedMs);
  chart_->addPoint(mode, elapsedMs, index + 1);
}

void MainWindow::onRunFinished(quint64, l2s::Mode mode, const RunMetrics& metrics, const QString& text) {
  pane(mode)->finish(metrics, text);
  if (metrics.truncatedTokens > 0)
    messageBar_->showNotice(tr("%1 tokens were dropped from the end of the prompt: this pack reads at most %2.")
                                .arg(metrics.truncatedTokens)
                                .arg(metrics.promptTokens));
  finished_.insert(key(mode), metrics);
  updateSpeedup();
}

void MainWindow::onRunFailed(quint64, l2s::Mode mode, const QString& message) {
  pane(mode)->fail(message);
  failed_.insert(key(mode), message);
  updateSpeedup();
}

void MainWindow::onRequestFinished(quint64) {
  statusBar()->showMessage(failed_.isEmpty() ? tr("Done") : tr("Done, with errors: see the panes"), 8000);
  updateActions();
}

void MainWindow::updateSpeedup() {
  const int llm = key(l2s::Mode::Llm), l2s = key(l2s::Mode::L2s);
  if (failed_.contains(llm) || failed_.contains(l2s)) {
    comparison_->showUnavailable(tr("No speedup: a run failed."));
    return;
  }
  if (!finished_.contains(llm) || !finished_.contains(l2s)) return;
  if (const std::optional<Speedup> speedup = computeSpeedup(finished_.value(llm), finished_.value(l2s)))
    comparison_->showSpeedup(*speedup);
  else
    comparison_->showUnavailable(tr("No speedup: a run was stopped or generated nothing."));
}

void MainWindow::updateActions() {
  const bool hasPack = engine_.hasPack();
  runAction_->setEnabled(hasPack);
  stopAction_->setEnabled(engine_.isRunning());
  copyAction_->setEnabled(hasPack);
}

void MainWindow::updateStatusLabels() {
  packLabel_->setText(engine_.hasPack() ? tr("Pack: %1").arg(engine_.pack().name) : tr("No pack"));
  const RunPolicy policy = settings_.runPolicy();
  policyLabel_->setText(tr("Policy: %1").arg(policyTitle(policy)));
  policyLabel_->setToolTip(policyExplanation(policy));
  (policy == RunPolicy::Race ? raceAction_ : fairAction_)->setChecked(true);
  comparison_->setPolicy(policy);
  const int threads = settings_.threads();
  threadsLabel_->setText(threads == 0 ? tr("Threads: all cores") : tr("Threads: %1").arg(threads));
}

}  // namespace l2s::studio

#pragma once
// The studio's window: an input editor and one output pane per mode side by
// side, the live chart and speedup below, run settings and the model card in
// docks. It wires widgets to the EngineHost and never waits on the engine.
#include <QHash>
#include <QMainWindow>
#include <QTimer>
#include <optional>

#include "ui/engine_host.h"
#include "ui/settings.h"

class QAction;
class QActionGroup;
class QLabel;
class QMenu;
class QPlainTextEdit;
class QSplitter;
class QStackedWidget;

namespace l2s::studio {

class ComparisonPanel;
class EmptyState;
class MessageBar;
class MetricsChart;
class ModelCardView;
class OutputPane;
class TaskSelector;

class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(StudioSettings& settings, QWidget* parent = nullptr);
  ~MainWindow() override;

  void openPack(const QString& dir);
  void openModels(const ModelFolders& folders);
  // Opens the pack named on the command line, else the last one, else the
  // default pack; with none of them, shows how to open one.
  void openStartupPack(const QString& commandLinePack, const QString& defaultPack = buildDefaultPackDir());
  // The installed pack called "default" (engine/common/install_paths.h; in the
  // build tree, resources/packs/default); empty when there is none.
  static QString buildDefaultPackDir();
  void setPrompt(const QString& text);

  // For tests and the screenshot tool.
  EngineHost& engine() { return engine_; }
  OutputPane* pane(l2s::Mode mode) const;
  MetricsChart* chart() const { return chart_; }
  ComparisonPanel* comparison() const { return comparison_; }
  MessageBar* messageBar() const { return messageBar_; }
  QPlainTextEdit* promptEditor() const { return prompt_; }
  bool showsWorkspace() const;

 public slots:
  void runNow();
  void stop();
  void copyResult();  // the LLM → SLM answer
  void chooseAndOpenPack();
  void chooseAndOpenModels();

 protected:
  void closeEvent(QCloseEvent* event) override;

 private:
  struct PendingLoad {
    QString packDir;  // empty: model folders
    ModelFolders folders;
  };

  void buildActions();
  void buildMenus();
  void buildToolBar();
  QWidget* buildWorkspace();
  void buildDocks();
  void buildStatusBar();
  void connectEngine();
  void connectSettings();
  void restoreLayout();

  void startLoad(const PendingLoad& load, const QString& what);
  void onLoadStarted();
  void onPackLoaded(const PackSummary& pack);
  void onPackFailed(const QString& message);
  void onRunStarted(quint64 id, l2s::Mode mode);
  void onToken(quint64 id, l2s::Mode mode, const QString& text, qint64 index, double elapsedMs);
  void onRunFinished(quint64 id, l2s::Mode mode, const RunMetrics& metrics, const QString& text);
  void onRunFailed(quint64 id, l2s::Mode mode, const QString& message);
  void onRequestFinished(quint64 id);

  void onInputEdited();  // debounced when translating as you type
  void onRunSettingsChanged();
  QVector<l2s::Mode> modesToRun() const;
  void clearResults();
  void updateSpeedup();
  void updateActions();
  void updateStatusLabels();

  StudioSettings& settings_;
  EngineHost engine_;
  QTimer debounce_;  // a pause in typing starts a run
  std::optional<PendingLoad> pendingLoad_;
  QHash<int, RunMetrics> finished_;  // by l2s::Mode, for the shown request
  QHash<int, QString> failed_;       // by l2s::Mode
  bool panesSized_ = false;          // the pane splitter has sizes (restored or set)

  QStackedWidget* stack_ = nullptr;
  EmptyState* emptyState_ = nullptr;
  MessageBar* messageBar_ = nullptr;
  QPlainTextEdit* prompt_ = nullptr;
  QHash<int, OutputPane*> panes_;  // by l2s::Mode
  MetricsChart* chart_ = nullptr;
  ComparisonPanel* comparison_ = nullptr;
  TaskSelector* task_ = nullptr;
  ModelCardView* modelCard_ = nullptr;
  QSplitter* verticalSplitter_ = nullptr;
  QSplitter* paneSplitter_ = nullptr;
  QMenu* viewMenu_ = nullptr;
  QLabel* packLabel_ = nullptr;
  QLabel* policyLabel_ = nullptr;
  QLabel* threadsLabel_ = nullptr;

  QAction* openPackAction_ = nullptr;
  QAction* openModelsAction_ = nullptr;
  QAction* quitAction_ = nullptr;
  QAction* runAction_ = nullptr;
  QAction* stopAction_ = nullptr;
  QAction* liveAction_ = nullptr;
  QAction* copyAction_ = nullptr;
  QAction* focusInputAction_ = nullptr;
  QAction* aboutAction_ = nullptr;
  QActionGroup* policyGroup_ = nullptr;
  QAction* fairAction_ = nullptr;
  QAction* raceAction_ = nullptr;
};

}  // namespace l2s::studio

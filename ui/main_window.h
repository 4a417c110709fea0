#pragma once
// The studio's window: an input column and one output pane per mode of the
// pack side by side (View hides panes), the live chart and speedups below, run
// settings and the model card in docks. It wires widgets to the EngineHost and
// never waits on the engine.
#include <QHash>
#include <QMainWindow>
#include <QTimer>
#include <optional>

#include "ui/embedded_packs.h"
#include "ui/engine_host.h"
#include "ui/replay.h"
#include "ui/settings.h"
#include "ui/speedup.h"
#include "ui/token_counter.h"

class QAction;
class QActionGroup;
class QDockWidget;
class QMenu;
class QPlainTextEdit;
class QSplitter;
class QStackedWidget;

namespace l2s::studio {

class ComparisonPanel;
class ElidedLabel;
class EmptyState;
class InputPanel;
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
  // default pack; the default pack also stands in when the last one is gone
  // or fails. With none of them, shows how to open one.
  void openStartupPack(const QString& commandLinePack, const QString& defaultPack = buildDefaultPackDir());
  // The installed pack called "default" (engine/common/install_paths.h; in the
  // build tree, resources/packs/default); empty when there is none.
  static QString buildDefaultPackDir();
  // The packs the studio came with (embedded_packs.h): their presets join the
  // task list, and choosing one opens its pack.
  void setEmbeddedPacks(const QVector<EmbeddedPack>& packs);
  void setPrompt(const QString& text);

  // For tests and the screenshot tool.
  EngineHost& engine() { return engine_; }
  OutputPane* pane(const QString& mode) const;  // null when the pack has no such mode
  QVector<OutputPane*> panes() const { return panes_; }  // in the pack's order, hidden ones included
  QAction* paneAction(const QString& mode) const;  // View › the pane's checkable entry
  QMenu* examplesMenu() const { return examplesMenu_; }
  MetricsChart* chart() const { return chart_; }
  ComparisonPanel* comparison() const { return comparison_; }
  MessageBar* messageBar() const { return messageBar_; }
  InputPanel* inputPanel() const { return input_; }
  QPlainTextEdit* promptEditor() const;
  bool showsWorkspace() const;
  bool isReplaying() const { return replay_.isPlaying(); }
  const RunRequest& lastRequest() const { return lastRequest_; }  // the request last started, with its id

 public slots:
  void runNow();
  void stop();
  void replay();
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
  void connectReplay();
  void connectSettings();
  void restoreLayout();
  void sizePanesOnce();

  void startLoad(const PendingLoad& load, const QString& what);
  void onLoadStarted();
  void onPackLoaded(const PackSummary& pack);
  void onPackFailed(const QString& message);
  void onRunStarted(quint64 id, const QString& mode);
  void onToken(quint64 id, const QString& mode, const QString& text, qint64 index, double elapsedMs);
  void onRunFinished(quint64 id, const QString& mode, const RunMetrics& metrics, const QString& text);
  void onRunFailed(quint64 id, const QString& mode, const QString& message);
  void onTimingRun(quint64 id, int round, const QString& mode, const RunMetrics& metrics);
  void onRequestFinished(quint64 id);

  void onInputEdited();  // debounced when translating as you type
  void onRunSettingsChanged();
  void updateInputGuide();
  void showTokenCount(const QVector<qint64>& tokens);
  // The input as the models read it: one segment, or a sentence each for translation.
  QVector<PromptSegment> segmentsFor(const QString& text) const;
  QStringList modesToRun() const;          // the shown panes' modes, in run order
  QVector<ModeItem> shownModes() const;    // the shown panes' modes, in pane order
  void rebuildPanes(const PackSummary& pack);
  void setPaneShown(const QString& mode, bool shown);
  void updatePaneActions();
  void fillExamplesMenu();
  void clearResults();
  void stopReplay();
  void updateSpeedup();
  void updateActions();
  void updateStatusLabels();

  StudioSettings& settings_;
  EngineHost engine_;
  TokenCounter tokenCounter_;
  ReplayPlayer replay_;
  QTimer debounce_;    // a pause in typing starts a run
  QTimer guideTimer_;  // a pause in typing updates the token count and notices
  std::optional<PendingLoad> pendingLoad_;
  QString fallbackPack_;   // opened if the startup pack fails
  QString startupNotice_;  // shown once the pack that stood in has loaded
  QVector<EmbeddedPack> embeddedPacks_;
  bool runAfterLoad_ = false;            // Run was asked for while another pack loads
  QHash<QString, RunMetrics> finished_;  // by mode, for the shown request
  QHash<QString, QString> failed_;       // by mode
  TimingSamples samples_;            // the shown request's runs and timing runs
  int plannedRounds_ = 0;            // timing rounds the shown request asked for
  RunRecording recording_;           // the shown request's streamed runs
  RunRequest lastRequest_;
  bool panesSized_ = false;  // the splitters have sizes (restored or set)

  QStackedWidget* stack_ = nullptr;
  EmptyState* emptyState_ = nullptr;
  MessageBar* messageBar_ = nullptr;
  InputPanel* input_ = nullptr;
  QVector<OutputPane*> panes_;     // one per mode of the pack, in its order
  QVector<QAction*> paneActions_;  // View › one per pane, in the same order
  QAction* panesEnd_ = nullptr;    // View: the separator after the pane entries
  QMenu* examplesMenu_ = nullptr;
  QByteArray savedPaneSizes_;      // restored once the first pack's panes exist
  MetricsChart* chart_ = nullptr;
  ComparisonPanel* comparison_ = nullptr;
  TaskSelector* task_ = nullptr;
  ModelCardView* modelCard_ = nullptr;
  QDockWidget* settingsDock_ = nullptr;
  QSplitter* verticalSplitter_ = nullptr;
  QSplitter* paneSplitter_ = nullptr;
  QSplitter* bottomSplitter_ = nullptr;
  QMenu* viewMenu_ = nullptr;
  ElidedLabel* packLabel_ = nullptr;
  ElidedLabel* policyLabel_ = nullptr;
  ElidedLabel* threadsLabel_ = nullptr;

  QAction* openPackAction_ = nullptr;
  QAction* openModelsAction_ = nullptr;
  QAction* quitAction_ = nullptr;
  QAction* runAction_ = nullptr;
  QAction* stopAction_ = nullptr;
  QAction* replayAction_ = nullptr;
  QAction* liveAction_ = nullptr;
  QAction* copyAction_ = nullptr;
  QAction* focusInputAction_ = nullptr;
  QAction* guideAction_ = nullptr;
  QAction* aboutAction_ = nullptr;
  QActionGroup* policyGroup_ = nullptr;
  QAction* fairAction_ = nullptr;
  QAction* raceAction_ = nullptr;
};

}  // namespace l2s::studio

#pragma once
// The studio's settings: a typed layer over QSettings. Every key and default
// lives in settings.cpp; values read back out of range fall back to their
// defaults; setters emit a change signal only when the value changes.
#include <QByteArray>
#include <QObject>
#include <QStringList>
#include <memory>

#include "ui/decoding_settings.h"
#include "ui/engine_types.h"

class QSettings;

namespace l2s::studio {

class StudioSettings : public QObject {
  Q_OBJECT

 public:
  // The user's settings (the application's organisation and name).
  explicit StudioSettings(QObject* parent = nullptr);
  // Settings kept in one INI file (tests, portable installs).
  explicit StudioSettings(const QString& iniFile, QObject* parent = nullptr);
  ~StudioSettings() override;

  static constexpr int kMaxRecentPacks = 8;
  static constexpr int kMaxThreads = 256;
  static constexpr int kMaxDebounceMs = 5000;
  static constexpr int kMaxTimingRuns = 20;
  static constexpr int kMaxReplayFactor = 100;

  RunPolicy runPolicy() const;
  void setRunPolicy(RunPolicy policy);
  int threads() const;  // 0: all cores
  static int defaultThreads();  // 1 on machines with two cores or fewer, else 0 (all cores)
  void setThreads(int threads);
  bool translateAsYouType() const;
  void setTranslateAsYouType(bool enabled);
  int debounceMs() const;  // the pause in typing that starts a run
  void setDebounceMs(int ms);
  // Fair runs: how many more times each mode runs, unseen, to time it (0: only the streamed run).
  int timingRuns() const;
  void setTimingRuns(int runs);
  int replayFactor() const;  // a replay is this many times slower than the runs were
  void setReplayFactor(int factor);
  DecodingSettings decoding() const;
  void setDecoding(const DecodingSettings& decoding);
  QString presetName() const;  // empty: a custom prefix
  void setPresetName(const QString& name);
  bool hasPresetChoice() const;  // false until a preset or the custom prefix was chosen
  QString customPrefix() const;
  void setCustomPrefix(const QString& prefix);

  // What to reopen at start: the last pack folder or the last model folders.
  enum class LastOpened { Nothing, Pack, ModelFolders };
  LastOpened lastOpened() const;
  QString lastPackDir() const;
  ModelFolders lastModelFolders() const;
  void rememberPack(const QString& dir);  // also puts it first among the recent packs
  void rememberModelFolders(const ModelFolders& folders);
  QStringList recentPacks() const;  // newest first
  void removeRecentPack(const QString& dir);
  void clearRecentPacks();

  QByteArray windowGeometry() const;
  void setWindowGeometry(const QByteArray& geometry);
  QByteArray windowState() const;
  void setWindowState(const QByteArray& state);
  QByteArray splitterState(const QString& name) const;
  void setSplitterState(const QString& name, const QByteArray& state);
  // The panes (mode names) hidden and shown with the View menu, per pack
  // name. A mode in neither list was never chosen for: its pane has its
  // default (shownByDefault). Settings from before the shown list have only
  // the hidden one.
  QStringList hiddenPanes(const QString& packName) const;
  QStringList shownPanes(const QString& packName) const;
  void setPanes(const QString& packName, const QStringList& shown, const QStringList& hidden);

  void sync();

 signals:
  void runPolicyChanged(l2s::studio::RunPolicy policy);
  void threadsChanged(int threads);
  void translateAsYouTypeChanged(bool enabled);
  void debounceMsChanged(int ms);
  void timingRunsChanged(int runs);
  void replayFactorChanged(int factor);
  void decodingChanged(const l2s::studio::DecodingSettings& decoding);
  void presetChanged();
  void recentPacksChanged(const QStringList& packs);

 private:
  void setRecentPacks(const QStringList& packs);
  std::unique_ptr<QSettings> settings_;
};

}  // namespace l2s::studio

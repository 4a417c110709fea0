#pragma once
// Chooses the task: one of the open pack's presets (Translate, Summarize,
// ...), a preset of another pack the studio came with, which opens that pack,
// or a custom prefix, which is put before the user's text.
#include <QWidget>

#include "ui/embedded_packs.h"
#include "ui/settings.h"

class QComboBox;
class QLineEdit;

namespace l2s::studio {

class TaskSelector : public QWidget {
  Q_OBJECT

 public:
  explicit TaskSelector(StudioSettings& settings, QWidget* parent = nullptr);

  // The packs whose presets are offered besides the open pack's.
  void setOtherPacks(const QVector<EmbeddedPack>& packs);
  // The open pack's presets (`packDir`: its folder; empty for model folders);
  // the remembered one is selected again if the open pack has it.
  void setPresets(const QVector<PresetItem>& presets, const QString& packDir = QString());
  QString prefix() const;
  QString task() const;          // the preset's task ("translate", ...); "custom" for a custom prefix
  QStringList examples() const;  // the preset's example inputs
  QString presetName() const;    // empty for a custom prefix

 signals:
  void prefixChanged();
  // A preset of another pack was chosen: the window opens that pack.
  void packRequested(const QString& dir);

 private:
  struct Entry {
    PresetItem preset;
    QString packDir;  // empty: the open pack's
  };
  void rebuild();
  void showPrefix();
  bool isCustom() const;
  const Entry* currentEntry() const;
  const PresetItem* currentPreset() const;

  StudioSettings& settings_;
  QVector<EmbeddedPack> otherPacks_;
  QVector<PresetItem> presets_;  // the open pack's
  QString packDir_;              // the open pack's folder
  QVector<Entry> entries_;       // as listed
  QComboBox* presetBox_;
  QLineEdit* prefixEdit_;
  QString lastPresetPrefix_;  // a new custom prefix starts from the preset's
};

}  // namespace l2s::studio

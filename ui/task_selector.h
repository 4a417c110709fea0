#pragma once
// Chooses the task: one of the pack's presets (Translate, Summarize, ...) or
// a custom prefix, which is put before the user's text.
#include <QWidget>

#include "ui/settings.h"

class QComboBox;
class QLineEdit;

namespace l2s::studio {

class TaskSelector : public QWidget {
  Q_OBJECT

 public:
  explicit TaskSelector(StudioSettings& settings, QWidget* parent = nullptr);

  // The pack's presets; the remembered one is selected again if present.
  void setPresets(const QVector<PresetItem>& presets);
  QString prefix() const;
  QString task() const;          // the preset's task ("translate", ...); "custom" for a custom prefix
  QStringList examples() const;  // the preset's example inputs

 signals:
  void prefixChanged();

 private:
  void showPrefix();
  bool isCustom() const;
  const PresetItem* currentPreset() const;

  StudioSettings& settings_;
  QVector<PresetItem> presets_;
  QComboBox* presetBox_;
  QLineEdit* prefixEdit_;
  QString lastPresetPrefix_;  // a new custom prefix starts from the preset's
};

}  // namespace l2s::studio

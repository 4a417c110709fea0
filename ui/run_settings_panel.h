#pragma once
// Edits how answers are generated: decoding (max new tokens, greedy, sampling
// or beam search) and running (policy, threads, translate-as-you-type). Reads
// and writes StudioSettings directly, and follows its changes.
#include <QWidget>

#include "ui/settings.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QSpinBox;

namespace l2s::studio {

class RunSettingsPanel : public QWidget {
  Q_OBJECT

 public:
  explicit RunSettingsPanel(StudioSettings& settings, QWidget* parent = nullptr);

 private:
  void showSettings();
  void updateEnabled();
  void storeDecoding();

  StudioSettings& settings_;
  QSpinBox* maxNewTokens_;
  QComboBox* strategy_;
  QDoubleSpinBox* temperature_;
  QSpinBox* topK_;
  QDoubleSpinBox* topP_;
  QSpinBox* seed_;
  QSpinBox* beams_;
  QComboBox* policy_;
  QSpinBox* threads_;
  QCheckBox* translateAsYouType_;
  QSpinBox* debounce_;
};

}  // namespace l2s::studio

#pragma once
// Edits how answers are generated: decoding (max new tokens, greedy, sampling
// or beam search) and running (policy, threads, translate-as-you-type). Reads
// and writes StudioSettings directly, and follows its changes.
#include <QScrollArea>

#include "ui/settings.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QSpinBox;

namespace l2s::studio {

// Scrolls when the window is too short for it; never forces the window taller.
class RunSettingsPanel : public QScrollArea {
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
  QCheckBox* newSeedEachRun_;
  QSpinBox* beams_;
  QComboBox* policy_;
  QSpinBox* threads_;
  QSpinBox* timingRuns_;
  QSpinBox* replayFactor_;
  QCheckBox* translateAsYouType_;
  QSpinBox* debounce_;
};

}  // namespace l2s::studio

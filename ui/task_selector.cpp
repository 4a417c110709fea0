#include "ui/task_selector.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSignalBlocker>

namespace l2s::studio {
namespace {
constexpr int kCustomIndex = -1;  // item data of the "Custom prefix" entry
}

TaskSelector::TaskSelector(StudioSettings& settings, QWidget* parent) : QWidget(parent), settings_(settings) {
  presetBox_ = new QComboBox(this);
  presetBox_->setObjectName(QStringLiteral("preset"));
  // Long preset names elide in the toolbar rather than widen the window.
  presetBox_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  presetBox_->setMinimumContentsLength(24);
  presetBox_->setToolTip(tr("The task, from the pack's presets"));
  prefixEdit_ = new QLineEdit(this);
  prefixEdit_->setObjectName(QStringLiteral("prefix"));
  prefixEdit_->setPlaceholderText(tr("no prefix"));
  prefixEdit_->setMinimumWidth(140);
  prefixEdit_->setClearButtonEnabled(true);

  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(new QLabel(tr("Task"), this));
  layout->addWidget(presetBox_);
  layout->addWidget(prefixEdit_, 1);

  connect(presetBox_, &QComboBox::currentIndexChanged, this, [this] {
    settings_.setPresetName(isCustom() ? QString() : presetBox_->currentText());
    // A first custom prefix starts from the preset's, to edit rather than retype.
    if (isCustom() && settings_.customPrefix().isEmpty()) settings_.setCustomPrefix(lastPresetPrefix_);
    showPrefix();
  });
  connect(prefixEdit_, &QLineEdit::textEdited, this, [this](const QString& text) {
    if (!isCustom()) return;
    settings_.setCustomPrefix(text);
    emit prefixChanged();
  });
  setPresets({});
}

void TaskSelector::setPresets(const QVector<PresetItem>& presets) {
  presets_ = presets;
  {
    const QSignalBlocker blocker(presetBox_);
    presetBox_->clear();
    for (int i = 0; i < presets.size(); ++i) presetBox_->addItem(presets[i].name, i);
    presetBox_->addItem(tr("Custom prefix"), kCustomIndex);
    // The remembered choice: a preset by name, or the custom prefix (an empty name).
    const int remembered = settings_.hasPresetChoice()
                               ? (settings_.presetName().isEmpty() ? presetBox_->count() - 1
                                                                   : presetBox_->findText(settings_.presetName()))
                               : -1;
    presetBox_->setCurrentIndex(remembered >= 0 ? remembered : presets.isEmpty() ? presetBox_->count() - 1 : 0);
  }
  showPrefix();  // not stored: a pack without the remembered preset should not erase it
}

const PresetItem* TaskSelector::currentPreset() const {
  const int preset = presetBox_->currentData().toInt();
  return preset >= 0 && preset < presets_.size() ? &presets_[preset] : nullptr;
}

QString TaskSelector::prefix() const {
  const PresetItem* preset = currentPreset();
  return preset ? preset->prefix : prefixEdit_->text();
}

QString TaskSelector::task() const {
  const PresetItem* preset = currentPreset();
  return preset ? preset->task : QStringLiteral("custom");
}

QStringList TaskSelector::examples() const {
  const PresetItem* preset = currentPreset();
  return preset ? preset->examples : QStringList();
}

bool TaskSelector::isCustom() const { return presetBox_->currentData().toInt() == kCustomIndex; }

void TaskSelector::showPrefix() {
  const bool custom = isCustom();
  if (!custom) lastPresetPrefix_ = prefix();
  // A preset's prefix is shown, not editable: the field looks so.
  prefixEdit_->setEnabled(custom);
  prefixEdit_->setToolTip(custom ? tr("Put before your text, e.g. “translate English to German: ”")
                                 : tr("The preset's prefix. Choose “Custom prefix” to write your own."));
  prefixEdit_->setText(custom ? settings_.customPrefix() : prefix());
  emit prefixChanged();
}

}  // namespace l2s::studio

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
  presetBox_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  presetBox_->setToolTip(tr("The task, from the pack's presets"));
  prefixEdit_ = new QLineEdit(this);
  prefixEdit_->setObjectName(QStringLiteral("prefix"));
  prefixEdit_->setPlaceholderText(tr("no prefix"));
  prefixEdit_->setMinimumWidth(220);
  prefixEdit_->setClearButtonEnabled(true);
  prefixEdit_->setToolTip(tr("Put before your text, e.g. “translate English to German: ”"));

  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(new QLabel(tr("Task"), this));
  layout->addWidget(presetBox_);
  layout->addWidget(prefixEdit_, 1);

  connect(presetBox_, &QComboBox::currentIndexChanged, this, [this] {
    settings_.setPresetName(isCustom() ? QString() : presetBox_->currentText());
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
    const int remembered = presetBox_->findText(settings_.presetName());
    presetBox_->setCurrentIndex(remembered >= 0 && !settings_.presetName().isEmpty() ? remembered
                                : presets.isEmpty()                                  ? presetBox_->count() - 1
                                                                                     : 0);
  }
  showPrefix();  // not stored: a pack without the remembered preset should not erase it
}

QString TaskSelector::prefix() const {
  const int preset = presetBox_->currentData().toInt();
  return preset >= 0 && preset < presets_.size() ? presets_[preset].prefix : prefixEdit_->text();
}

bool TaskSelector::isCustom() const { return presetBox_->currentData().toInt() == kCustomIndex; }

void TaskSelector::showPrefix() {
  const bool custom = isCustom();
  prefixEdit_->setReadOnly(!custom);
  prefixEdit_->setText(custom ? settings_.customPrefix() : prefix());
  emit prefixChanged();
}

}  // namespace l2s::studio

#include "ui/task_selector.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSignalBlocker>
#include <algorithm>

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
  presetBox_->setToolTip(tr("The task: the open pack's presets, and those of the other packs that came with the "
                            "studio (choosing one opens its pack)"));
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
    if (const Entry* entry = currentEntry(); entry && !entry->packDir.isEmpty()) emit packRequested(entry->packDir);
  });
  connect(prefixEdit_, &QLineEdit::textEdited, this, [this](const QString& text) {
    if (!isCustom()) return;
    settings_.setCustomPrefix(text);
    emit prefixChanged();
  });
  setPresets({});
}

void TaskSelector::setOtherPacks(const QVector<EmbeddedPack>& packs) {
  otherPacks_ = packs;
  rebuild();
}

void TaskSelector::setPresets(const QVector<PresetItem>& presets, const QString& packDir) {
  presets_ = presets;
  packDir_ = packDir;
  rebuild();
}

// The open pack's presets where it is one of the other packs (else first),
// then each other pack's, then the custom prefix.
void TaskSelector::rebuild() {
  entries_.clear();
  bool openListed = false;
  for (const EmbeddedPack& pack : std::as_const(otherPacks_)) {
    if (samePackDir(pack.dir, packDir_)) {
      for (const PresetItem& preset : std::as_const(presets_)) entries_.push_back({preset, QString()});
      openListed = true;
      continue;
    }
    for (const PresetItem& preset : pack.presets) entries_.push_back({preset, pack.dir});
  }
  if (!openListed) {
    QVector<Entry> open;
    for (const PresetItem& preset : std::as_const(presets_)) open.push_back({preset, QString()});
    entries_ = open + entries_;
  }
  {
    const QSignalBlocker blocker(presetBox_);
    presetBox_->clear();
    int firstOwn = -1, remembered = -1;
    for (int i = 0; i < entries_.size(); ++i) {
      const Entry& entry = entries_[i];
      presetBox_->addItem(entry.preset.name, i);
      if (!entry.packDir.isEmpty()) {
        const auto pack = std::find_if(otherPacks_.cbegin(), otherPacks_.cend(),
                                       [&](const EmbeddedPack& p) { return p.dir == entry.packDir; });
        presetBox_->setItemData(i, tr("Opens the pack “%1”").arg(pack->name), Qt::ToolTipRole);
        continue;
      }
      if (firstOwn < 0) firstOwn = i;
      // The remembered choice, if the open pack has it: another pack's preset
      // is only chosen by the user, as it opens that pack.
      if (remembered < 0 && settings_.hasPresetChoice() && entry.preset.name == settings_.presetName()) remembered = i;
    }
    presetBox_->addItem(tr("Custom prefix"), kCustomIndex);
    const int custom = presetBox_->count() - 1;
    if (settings_.hasPresetChoice() && settings_.presetName().isEmpty()) remembered = custom;
    presetBox_->setCurrentIndex(remembered >= 0 ? remembered : firstOwn >= 0 ? firstOwn : custom);
  }
  showPrefix();  // not stored: a pack without the remembered preset should not erase it
}

const TaskSelector::Entry* TaskSelector::currentEntry() const {
  const int entry = presetBox_->currentData().toInt();
  return entry >= 0 && entry < entries_.size() ? &entries_[entry] : nullptr;
}

const PresetItem* TaskSelector::currentPreset() const {
  const Entry* entry = currentEntry();
  return entry ? &entry->preset : nullptr;
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

QString TaskSelector::presetName() const {
  const PresetItem* preset = currentPreset();
  return preset ? preset->name : QString();
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

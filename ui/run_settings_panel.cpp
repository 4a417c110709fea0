#include "ui/run_settings_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QScrollBar>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QThread>
#include <QVBoxLayout>
#include <limits>
#include <vector>

namespace l2s::studio {

RunSettingsPanel::RunSettingsPanel(StudioSettings& settings, QWidget* parent)
    : QScrollArea(parent), settings_(settings) {
  setObjectName(QStringLiteral("runSettings"));
  auto* content = new QWidget(this);

  maxNewTokens_ = new QSpinBox(content);
  maxNewTokens_->setObjectName(QStringLiteral("maxNewTokens"));
  maxNewTokens_->setRange(1, DecodingSettings::kMaxNewTokensLimit);
  maxNewTokens_->setToolTip(tr("Each run stops after this many tokens, or earlier at the end of its answer"));
  strategy_ = new QComboBox(content);
  strategy_->setObjectName(QStringLiteral("strategy"));
  strategy_->addItem(tr("Greedy"), static_cast<int>(DecodingStrategy::Greedy));
  strategy_->addItem(tr("Sampling"), static_cast<int>(DecodingStrategy::Sampling));
  strategy_->addItem(tr("Beam search"), static_cast<int>(DecodingStrategy::BeamSearch));
  strategy_->setToolTip(tr("Greedy: always the likeliest token (repeatable).\nSampling: a random token, shaped by "
                           "temperature, top-k and top-p.\nBeam search: keeps several candidate answers."));
  temperature_ = new QDoubleSpinBox(content);
  temperature_->setObjectName(QStringLiteral("temperature"));
  temperature_->setRange(0.05, DecodingSettings::kMaxTemperature);
  temperature_->setSingleStep(0.05);
  temperature_->setToolTip(tr("Sampling: below 1 keeps to likelier tokens, above 1 takes more chances"));
  topK_ = new QSpinBox(content);
  topK_->setObjectName(QStringLiteral("topK"));
  topK_->setRange(0, DecodingSettings::kMaxTopK);
  topK_->setSpecialValueText(tr("off"));
  topK_->setToolTip(tr("Sampling: choose only among the k likeliest tokens (off: all)"));
  topP_ = new QDoubleSpinBox(content);
  topP_->setObjectName(QStringLiteral("topP"));
  topP_->setRange(0.01, 1.0);
  topP_->setSingleStep(0.05);
  topP_->setToolTip(tr("Sampling: choose only among the likeliest tokens that together make up this probability "
                       "(1: all)"));
  seed_ = new QSpinBox(content);
  seed_->setObjectName(QStringLiteral("seed"));
  seed_->setRange(0, std::numeric_limits<int>::max());
  seed_->setToolTip(tr("Sampling: the same seed and settings give the same answer"));
  newSeedEachRun_ = new QCheckBox(tr("New seed each run"), content);
  newSeedEachRun_->setObjectName(QStringLiteral("newSeedEachRun"));
  newSeedEachRun_->setToolTip(tr("Sampling: every run draws a new seed (shown in the status bar), so Run gives a "
                                 "new sample; off: every run uses the seed above"));
  beams_ = new QSpinBox(content);
  beams_->setObjectName(QStringLiteral("beams"));
  beams_->setRange(1, DecodingSettings::kMaxBeams);
  beams_->setToolTip(tr("Beam search: how many candidate answers are kept; the answer shows when the search ends"));

  auto* decoding = new QGroupBox(tr("Decoding"), content);
  auto* decodingForm = new QFormLayout(decoding);
  decodingForm->addRow(tr("Max new tokens"), maxNewTokens_);
  decodingForm->addRow(tr("Strategy"), strategy_);
  decodingForm->addRow(tr("Temperature"), temperature_);
  decodingForm->addRow(tr("Top-k"), topK_);
  decodingForm->addRow(tr("Top-p"), topP_);
  decodingForm->addRow(tr("Seed"), seed_);
  decodingForm->addRow(newSeedEachRun_);
  decodingForm->addRow(tr("Beams"), beams_);

  policy_ = new QComboBox(content);
  policy_->setObjectName(QStringLiteral("policy"));
  policy_->addItem(tr("Fair: one at a time"), static_cast<int>(RunPolicy::Fair));
  policy_->addItem(tr("Race: all at once"), static_cast<int>(RunPolicy::Race));
  policy_->setToolTip(policyExplanation(RunPolicy::Fair) + QLatin1Char('\n') + policyExplanation(RunPolicy::Race));
  policy_->setItemData(0, policyExplanation(RunPolicy::Fair), Qt::ToolTipRole);
  policy_->setItemData(1, policyExplanation(RunPolicy::Race), Qt::ToolTipRole);
  threads_ = new QSpinBox(content);
  threads_->setObjectName(QStringLiteral("threads"));
  threads_->setRange(0, StudioSettings::kMaxThreads);
  threads_->setSpecialValueText(tr("All cores (%1)").arg(QThread::idealThreadCount()));
  threads_->setToolTip(tr("Compute threads for each run. On two cores, 1 (the default there) decodes these small "
                          "models faster and steadier than 2, and leaves a core to draw the window."));
  timingRuns_ = new QSpinBox(content);
  timingRuns_->setObjectName(QStringLiteral("timingRuns"));
  timingRuns_->setRange(0, StudioSettings::kMaxTimingRuns);
  timingRuns_->setSpecialValueText(tr("none"));
  timingRuns_->setToolTip(tr("Fair policy: after the answers show, each mode runs this many more times, interleaved "
                             "and unseen; the speedup shown is their median, with its range"));
  replayFactor_ = new QSpinBox(content);
  replayFactor_->setObjectName(QStringLiteral("replayFactor"));
  replayFactor_->setRange(1, StudioSettings::kMaxReplayFactor);
  replayFactor_->setPrefix(QStringLiteral("×"));
  replayFactor_->setToolTip(tr("Replay (Ctrl+R) plays the last runs this many times slower, each at its true pace"));
  translateAsYouType_ = new QCheckBox(tr("Translate as you type"), content);
  translateAsYouType_->setObjectName(QStringLiteral("translateAsYouType"));
  translateAsYouType_->setToolTip(tr("Start new runs whenever you pause typing (Ctrl+T)"));
  debounce_ = new QSpinBox(content);
  debounce_->setObjectName(QStringLiteral("debounce"));
  debounce_->setRange(0, StudioSettings::kMaxDebounceMs);
  debounce_->setSingleStep(50);
  debounce_->setSuffix(tr(" ms"));
  debounce_->setToolTip(tr("How long a pause in typing starts new runs"));

  auto* running = new QGroupBox(tr("Running"), content);
  auto* runningForm = new QFormLayout(running);
  runningForm->addRow(tr("Policy"), policy_);
  runningForm->addRow(tr("Threads"), threads_);
  runningForm->addRow(tr("Timing runs"), timingRuns_);
  runningForm->addRow(tr("Replay"), replayFactor_);
  runningForm->addRow(translateAsYouType_);
  runningForm->addRow(tr("Typing pause"), debounce_);

  auto* layout = new QVBoxLayout(content);
  layout->addWidget(decoding);
  layout->addWidget(running);
  layout->addStretch(1);
  setWidget(content);
  setWidgetResizable(true);
  setFrameShape(QFrame::NoFrame);
  setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  // As narrow as its widest editor: the dock must not widen the window.
  setMinimumWidth(content->minimumSizeHint().width() + verticalScrollBar()->sizeHint().width());

  showSettings();

  for (QSpinBox* box : {maxNewTokens_, topK_, seed_, beams_})
    connect(box, &QSpinBox::valueChanged, this, &RunSettingsPanel::storeDecoding);
  for (QDoubleSpinBox* box : {temperature_, topP_})
    connect(box, &QDoubleSpinBox::valueChanged, this, &RunSettingsPanel::storeDecoding);
  connect(strategy_, &QComboBox::currentIndexChanged, this, &RunSettingsPanel::storeDecoding);
  connect(newSeedEachRun_, &QCheckBox::toggled, this, &RunSettingsPanel::storeDecoding);
  connect(timingRuns_, &QSpinBox::valueChanged, &settings_, &StudioSettings::setTimingRuns);
  connect(replayFactor_, &QSpinBox::valueChanged, &settings_, &StudioSettings::setReplayFactor);
  connect(policy_, &QComboBox::currentIndexChanged, this,
          [this] { settings_.setRunPolicy(static_cast<RunPolicy>(policy_->currentData().toInt())); });
  connect(threads_, &QSpinBox::valueChanged, &settings_, &StudioSettings::setThreads);
  connect(translateAsYouType_, &QCheckBox::toggled, &settings_, &StudioSettings::setTranslateAsYouType);
  connect(debounce_, &QSpinBox::valueChanged, &settings_, &StudioSettings::setDebounceMs);

  // Settings may change elsewhere (menu actions, shortcuts).
  connect(&settings_, &StudioSettings::runPolicyChanged, this, &RunSettingsPanel::showSettings);
  connect(&settings_, &StudioSettings::threadsChanged, this, &RunSettingsPanel::showSettings);
  connect(&settings_, &StudioSettings::translateAsYouTypeChanged, this, &RunSettingsPanel::showSettings);
  connect(&settings_, &StudioSettings::debounceMsChanged, this, &RunSettingsPanel::showSettings);
  connect(&settings_, &StudioSettings::decodingChanged, this, &RunSettingsPanel::showSettings);
  connect(&settings_, &StudioSettings::timingRunsChanged, this, &RunSettingsPanel::showSettings);
  connect(&settings_, &StudioSettings::replayFactorChanged, this, &RunSettingsPanel::showSettings);
}

void RunSettingsPanel::showSettings() {
  const QList<QWidget*> editors = {maxNewTokens_, strategy_, temperature_, topK_,       topP_,
                                   seed_,         newSeedEachRun_, beams_,  policy_,     threads_,
                                   timingRuns_,   replayFactor_,   translateAsYouType_, debounce_};
  std::vector<QSignalBlocker> blockers;  // showing values is not editing them
  blockers.reserve(editors.size());
  for (QWidget* editor : editors) blockers.emplace_back(editor);
  const DecodingSettings d = settings_.decoding();
  maxNewTokens_->setValue(d.maxNewTokens);
  strategy_->setCurrentIndex(strategy_->findData(static_cast<int>(d.strategy)));
  temperature_->setValue(d.temperature);
  topK_->setValue(d.topK);
  topP_->setValue(d.topP);
  seed_->setValue(d.seed);
  newSeedEachRun_->setChecked(d.newSeedEachRun);
  beams_->setValue(d.numBeams);
  policy_->setCurrentIndex(policy_->findData(static_cast<int>(settings_.runPolicy())));
  threads_->setValue(settings_.threads());
  timingRuns_->setValue(settings_.timingRuns());
  replayFactor_->setValue(settings_.replayFactor());
  translateAsYouType_->setChecked(settings_.translateAsYouType());
  debounce_->setValue(settings_.debounceMs());
  updateEnabled();
}

void RunSettingsPanel::updateEnabled() {
  const auto strategy = static_cast<DecodingStrategy>(strategy_->currentData().toInt());
  const bool sampling = strategy == DecodingStrategy::Sampling;
  for (QWidget* editor : std::initializer_list<QWidget*>{temperature_, topK_, topP_, newSeedEachRun_})
    editor->setEnabled(sampling);
  seed_->setEnabled(sampling && !newSeedEachRun_->isChecked());
  beams_->setEnabled(strategy == DecodingStrategy::BeamSearch);
  debounce_->setEnabled(translateAsYouType_->isChecked());
}

void RunSettingsPanel::storeDecoding() {
  DecodingSettings d;
  d.strategy = static_cast<DecodingStrategy>(strategy_->currentData().toInt());
  d.maxNewTokens = maxNewTokens_->value();
  d.temperature = temperature_->value();
  d.topK = topK_->value();
  d.topP = topP_->value();
  d.seed = seed_->value();
  d.newSeedEachRun = newSeedEachRun_->isChecked();
  d.numBeams = beams_->value();
  updateEnabled();
  settings_.setDecoding(d);
}

}  // namespace l2s::studio

#include "ui/settings.h"

#include <QDir>
#include <QSettings>
#include <QThread>
#include <QUrl>
#include <limits>

namespace l2s::studio {
namespace {

// Keys and defaults, in one place. Decoding defaults are DecodingSettings'.
namespace key {
const QString policy = QStringLiteral("run/policy");
const QString threads = QStringLiteral("run/threads");
const QString translateAsYouType = QStringLiteral("run/translateAsYouType");
const QString debounceMs = QStringLiteral("run/debounceMs");
const QString timingRuns = QStringLiteral("run/timingRuns");
const QString replayFactor = QStringLiteral("run/replayFactor");
const QString strategy = QStringLiteral("decoding/strategy");
const QString maxNewTokens = QStringLiteral("decoding/maxNewTokens");
const QString temperature = QStringLiteral("decoding/temperature");
const QString topK = QStringLiteral("decoding/topK");
const QString topP = QStringLiteral("decoding/topP");
const QString seed = QStringLiteral("decoding/seed");
const QString newSeedEachRun = QStringLiteral("decoding/newSeedEachRun");
const QString numBeams = QStringLiteral("decoding/numBeams");
const QString presetName = QStringLiteral("task/preset");
const QString customPrefix = QStringLiteral("task/customPrefix");
const QString lastOpened = QStringLiteral("packs/lastOpened");
const QString lastPack = QStringLiteral("packs/last");
const QString recentPacks = QStringLiteral("packs/recent");
const QString llmDir = QStringLiteral("models/llm");
const QString slmDir = QStringLiteral("models/slm");
const QString projectorDir = QStringLiteral("models/projector");
const QString baselineDir = QStringLiteral("models/baseline");
const QString geometry = QStringLiteral("window/geometry");
const QString windowState = QStringLiteral("window/state");
const QString splitters = QStringLiteral("window/splitters/");
const QString hiddenPanes = QStringLiteral("view/hiddenPanes/");  // + the pack's name, percent-encoded
const QString shownPanes = QStringLiteral("view/shownPanes/");    // likewise
}  // namespace key

namespace fallback {
constexpr RunPolicy policy = RunPolicy::Fair;  // honest timings unless asked otherwise
constexpr bool translateAsYouType = true;
constexpr int debounceMs = 400;
constexpr int timingRuns = 5;     // enough for a median and a range, still well under a second per round
constexpr int replayFactor = 10;  // runs of 50-300 ms become half a second to three seconds
}  // namespace fallback

int readInt(const QSettings& settings, const QString& name, int fallbackValue, int lowest, int highest) {
  bool ok = false;
  const int value = settings.value(name, fallbackValue).toInt(&ok);
  return ok && value >= lowest && value <= highest ? value : fallbackValue;
}

double readDouble(const QSettings& settings, const QString& name, double fallbackValue) {
  bool ok = false;
  const double value = settings.value(name, fallbackValue).toDouble(&ok);
  return ok ? value : fallbackValue;
}

// Recent packs are compared as cleaned absolute paths, so "a/../b" and "b" are one.
QString normalPath(const QString& dir) { return QDir::cleanPath(QDir(dir).absolutePath()); }

// Pack names are free text ("English→German (Multi30k)"); a key must not split at '/'.
QString packKey(const QString& prefix, const QString& packName) {
  return prefix + QString::fromLatin1(QUrl::toPercentEncoding(packName));
}

}  // namespace

StudioSettings::StudioSettings(QObject* parent) : QObject(parent), settings_(std::make_unique<QSettings>()) {}

StudioSettings::StudioSettings(const QString& iniFile, QObject* parent)
    : QObject(parent), settings_(std::make_unique<QSettings>(iniFile, QSettings::IniFormat)) {}

StudioSettings::~StudioSettings() = default;

RunPolicy StudioSettings::runPolicy() const {
  bool ok = false;
  const RunPolicy policy = policyFromKey(settings_->value(key::policy).toString(), &ok);
  return ok ? policy : fallback::policy;
}

void StudioSettings::setRunPolicy(RunPolicy policy) {
  if (policy == runPolicy()) return;
  settings_->setValue(key::policy, policyKey(policy));
  emit runPolicyChanged(policy);
}

// Measured on a two-core machine shared with other work (l2s bench on 50
// test2016 sentences, 1 and 2 threads alternately, five times each; medians):
// under heavy load one thread decoded about twice as fast in both modes (LLM
// 95 against 50 tok/s, LLM → SLM 478 against 167); under light load as fast or
// a little faster (217 against 197, 1350 against 1232), and the speedup varied
// less either way (5.6-6.6x against 4.8-6.2x under light load). At batch 1 the
// small models gain nothing from a second thread that waits on a busy core, and
// the window keeps a core to draw on. With more cores, all of them.
int StudioSettings::defaultThreads() { return QThread::idealThreadCount() <= 2 ? 1 : 0; }

int StudioSettings::threads() const { return readInt(*settings_, key::threads, defaultThreads(), 0, kMaxThreads); }

void StudioSettings::setThreads(int threads) {
  threads = qBound(0, threads, kMaxThreads);
  if (threads == this->threads()) return;
  settings_->setValue(key::threads, threads);
  emit threadsChanged(threads);
}

bool StudioSettings::translateAsYouType() const {
  return settings_->value(key::translateAsYouType, fallback::translateAsYouType).toBool();
}

void StudioSettings::setTranslateAsYouType(bool enabled) {
  if (enabled == translateAsYouType()) return;
  settings_->setValue(key::translateAsYouType, enabled);
  emit translateAsYouTypeChanged(enabled);
}

int StudioSettings::debounceMs() const {
  return readInt(*settings_, key::debounceMs, fallback::debounceMs, 0, kMaxDebounceMs);
}

void StudioSettings::setDebounceMs(int ms) {
  ms = qBound(0, ms, kMaxDebounceMs);
  if (ms == debounceMs()) return;
  settings_->setValue(key::debounceMs, ms);
  emit debounceMsChanged(ms);
}

int StudioSettings::timingRuns() const {
  return readInt(*settings_, key::timingRuns, fallback::timingRuns, 0, kMaxTimingRuns);
}

void StudioSettings::setTimingRuns(int runs) {
  runs = qBound(0, runs, kMaxTimingRuns);
  if (runs == timingRuns()) return;
  settings_->setValue(key::timingRuns, runs);
  emit timingRunsChanged(runs);
}

int StudioSettings::replayFactor() const {
  return readInt(*settings_, key::replayFactor, fallback::replayFactor, 1, kMaxReplayFactor);
}

void StudioSettings::setReplayFactor(int factor) {
  factor = qBound(1, factor, kMaxReplayFactor);
  if (factor == replayFactor()) return;
  settings_->setValue(key::replayFactor, factor);
  emit replayFactorChanged(factor);
}

DecodingSettings StudioSettings::decoding() const {
  const DecodingSettings defaults;
  DecodingSettings d;
  bool ok = false;
  d.strategy = strategyFromKey(settings_->value(key::strategy, strategyKey(defaults.strategy)).toString(), &ok);
  if (!ok) d.strategy = defaults.strategy;
  d.maxNewTokens = readInt(*settings_, key::maxNewTokens, defaults.maxNewTokens, 1, DecodingSettings::kMaxNewTokensLimit);
  d.temperature = readDouble(*settings_, key::temperature, defaults.temperature);
  d.topK = readInt(*settings_, key::topK, defaults.topK, 0, DecodingSettings::kMaxTopK);
  d.topP = readDouble(*settings_, key::topP, defaults.topP);
  d.seed = readInt(*settings_, key::seed, defaults.seed, 0, std::numeric_limits<int>::max());
  d.newSeedEachRun = settings_->value(key::newSeedEachRun, defaults.newSeedEachRun).toBool();
  d.numBeams = readInt(*settings_, key::numBeams, defaults.numBeams, 1, DecodingSettings::kMaxBeams);
  return d.sanitized();
}

void StudioSettings::setDecoding(const DecodingSettings& decoding) {
  const DecodingSettings d = decoding.sanitized();
  if (d == this->decoding()) return;
  settings_->setValue(key::strategy, strategyKey(d.strategy));
  settings_->setValue(key::maxNewTokens, d.maxNewTokens);
  settings_->setValue(key::temperature, d.temperature);
  settings_->setValue(key::topK, d.topK);
  settings_->setValue(key::topP, d.topP);
  settings_->setValue(key::seed, d.seed);
  settings_->setValue(key::newSeedEachRun, d.newSeedEachRun);
  settings_->setValue(key::numBeams, d.numBeams);
  emit decodingChanged(d);
}

QString StudioSettings::presetName() const { return settings_->value(key::presetName).toString(); }

bool StudioSettings::hasPresetChoice() const { return settings_->contains(key::presetName); }

void StudioSettings::setPresetName(const QString& name) {
  // The custom prefix is stored as an empty name, which must be written even
  // though an absent key reads as empty too.
  if (hasPresetChoice() && name == presetName()) return;
  settings_->setValue(key::presetName, name);
  emit presetChanged();
}

QString StudioSettings::customPrefix() const { return settings_->value(key::customPrefix).toString(); }

void StudioSettings::setCustomPrefix(const QString& prefix) {
  if (prefix == customPrefix()) return;
  settings_->setValue(key::customPrefix, prefix);
  emit presetChanged();
}

StudioSettings::LastOpened StudioSettings::lastOpened() const {
  const QString kind = settings_->value(key::lastOpened).toString();
  if (kind == QLatin1String("pack") && !lastPackDir().isEmpty()) return LastOpened::Pack;
  if (kind == QLatin1String("models") && !lastModelFolders().llm.isEmpty()) return LastOpened::ModelFolders;
  return LastOpened::Nothing;
}

QString StudioSettings::lastPackDir() const { return settings_->value(key::lastPack).toString(); }

ModelFolders StudioSettings::lastModelFolders() const {
  return {settings_->value(key::llmDir).toString(), settings_->value(key::slmDir).toString(),
          settings_->value(key::projectorDir).toString(), settings_->value(key::baselineDir).toString()};
}

void StudioSettings::rememberPack(const QString& dir) {
  const QString path = normalPath(dir);
  settings_->setValue(key::lastOpened, QStringLiteral("pack"));
  settings_->setValue(key::lastPack, path);
  QStringList packs = recentPacks();
  packs.removeAll(path);
  packs.prepend(path);
  setRecentPacks(packs);
}

void StudioSettings::rememberModelFolders(const ModelFolders& folders) {
  settings_->setValue(key::lastOpened, QStringLiteral("models"));
  settings_->setValue(key::llmDir, folders.llm);
  settings_->setValue(key::slmDir, folders.slm);
  settings_->setValue(key::projectorDir, folders.projector);
  settings_->setValue(key::baselineDir, folders.baseline);
}

QStringList StudioSettings::recentPacks() const {
  QStringList packs;
  for (const QString& dir : settings_->value(key::recentPacks).toStringList())
    if (!dir.trimmed().isEmpty() && !packs.contains(dir)) packs << dir;
  return packs.mid(0, kMaxRecentPacks);
}

void StudioSettings::removeRecentPack(const QString& dir) {
  QStringList packs = recentPacks();
  if (packs.removeAll(normalPath(dir)) + packs.removeAll(dir) == 0) return;
  setRecentPacks(packs);
}

void StudioSettings::clearRecentPacks() {
  if (recentPacks().isEmpty()) return;
  setRecentPacks({});
}

void StudioSettings::setRecentPacks(const QStringList& packs) {
  const QStringList kept = packs.mid(0, kMaxRecentPacks);
  if (kept == recentPacks()) return;
  settings_->setValue(key::recentPacks, kept);
  emit recentPacksChanged(kept);
}

QByteArray StudioSettings::windowGeometry() const { return settings_->value(key::geometry).toByteArray(); }
void StudioSettings::setWindowGeometry(const QByteArray& geometry) { settings_->setValue(key::geometry, geometry); }
QByteArray StudioSettings::windowState() const { return settings_->value(key::windowState).toByteArray(); }
void StudioSettings::setWindowState(const QByteArray& state) { settings_->setValue(key::windowState, state); }

QByteArray StudioSettings::splitterState(const QString& name) const {
  return settings_->value(key::splitters + name).toByteArray();
}

void StudioSettings::setSplitterState(const QString& name, const QByteArray& state) {
  settings_->setValue(key::splitters + name, state);
}

QStringList StudioSettings::hiddenPanes(const QString& packName) const {
  return settings_->value(packKey(key::hiddenPanes, packName)).toStringList();
}

QStringList StudioSettings::shownPanes(const QString& packName) const {
  return settings_->value(packKey(key::shownPanes, packName)).toStringList();
}

void StudioSettings::setPanes(const QString& packName, const QStringList& shown, const QStringList& hidden) {
  auto store = [this](const QString& name, const QStringList& modes) {
    if (modes.isEmpty())
      settings_->remove(name);  // as settings from before kept "none hidden"
    else
      settings_->setValue(name, modes);
  };
  store(packKey(key::shownPanes, packName), shown);
  store(packKey(key::hiddenPanes, packName), hidden);
}

void StudioSettings::sync() { settings_->sync(); }

}  // namespace l2s::studio

#include "ui/engine_types.h"

#include <QCoreApplication>
#include <QHash>

namespace l2s::studio {

QString policyKey(RunPolicy policy) { return policy == RunPolicy::Race ? QStringLiteral("race") : QStringLiteral("fair"); }

RunPolicy policyFromKey(const QString& key, bool* ok) {
  const QString normal = key.trimmed().toLower();
  if (ok) *ok = normal == QLatin1String("fair") || normal == QLatin1String("race");
  return normal == QLatin1String("race") ? RunPolicy::Race : RunPolicy::Fair;
}

QString policyTitle(RunPolicy policy) {
  return policy == RunPolicy::Race ? QCoreApplication::translate("l2s", "Race")
                                   : QCoreApplication::translate("l2s", "Fair");
}

QString policyExplanation(RunPolicy policy) {
  return policy == RunPolicy::Race
             ? QCoreApplication::translate("l2s",
                                           "Race: all runs at once, sharing the cores — lively, but each run is slowed "
                                           "by the others, so timings are not a fair comparison.")
             : QCoreApplication::translate("l2s",
                                           "Fair: runs one after the other, each alone on the CPU, so their timings "
                                           "compare honestly.");
}

QString kindTitle(l2s::ModeKind kind) {
  switch (kind) {
    case l2s::ModeKind::Llm: return QCoreApplication::translate("l2s", "LLM only");
    case l2s::ModeKind::L2s: return QCoreApplication::translate("l2s", "LLM → SLM");
    case l2s::ModeKind::Slm: return QCoreApplication::translate("l2s", "SLM only");
    case l2s::ModeKind::Verified: return QCoreApplication::translate("l2s", "LLM, verified drafts");
  }
  return {};
}

QString familyTitle(const QString& family) {
  if (family == QLatin1String("t5")) return QStringLiteral("T5");
  if (family == QLatin1String("llama")) return QStringLiteral("Llama");
  return family;
}

namespace {

// The family of the model a verified mode drafts with (its guided mode's SLM);
// the engine describes the mode by the LLM, whose decoder writes the answer.
std::string drafterFamily(const l2s::ModeDescription& verified, const std::vector<l2s::ModeDescription>& modes) {
  for (const l2s::ModeDescription& description : modes)
    if (description.mode.name == verified.mode.guided_mode) return description.family;
  return verified.family;
}

}  // namespace

QVector<ModeItem> modeItems(const std::vector<l2s::ModeDescription>& modes) {
  QVector<ModeItem> items;
  QHash<int, int> ofKind;
  for (const l2s::ModeDescription& description : modes) {
    ModeItem item;
    item.name = QString::fromStdString(description.mode.name);
    item.kind = description.mode.kind;
    item.family = QString::fromStdString(item.kind == l2s::ModeKind::Verified ? drafterFamily(description, modes)
                                                                             : description.family);
    item.title = QStringLiteral("%1 (%2)").arg(kindTitle(item.kind), familyTitle(item.family));
    item.parameters = description.parameters;
    item.ordinal = ofKind[static_cast<int>(item.kind)]++;
    items << item;
  }
  // Two guided T5 pairs would share a title: the pack's mode names tell them apart.
  QHash<QString, int> titles;
  for (const ModeItem& item : std::as_const(items)) ++titles[item.title];
  for (ModeItem& item : items)
    if (titles.value(item.title) > 1)
      item.title = QStringLiteral("%1 (%2, %3)").arg(kindTitle(item.kind), familyTitle(item.family), item.name);
  return items;
}

bool shownByDefault(const ModeItem& mode) { return mode.kind != l2s::ModeKind::Verified; }

const ModeItem* PackSummary::mode(const QString& name) const {
  for (const ModeItem& item : modes)
    if (item.name == name) return &item;
  return nullptr;
}

QString PackSummary::llmMode() const {
  for (const ModeItem& item : modes)
    if (item.kind == l2s::ModeKind::Llm) return item.name;
  return QString();
}

RunMetrics toRunMetrics(const l2s::GenerationResult& result) {
  const l2s::GenerationMetrics& m = result.metrics;
  RunMetrics metrics;
  metrics.promptTokens = m.prompt_tokens;
  metrics.truncatedTokens = m.truncated_tokens;
  metrics.generatedTokens = m.generated_tokens;
  metrics.decodeSteps = static_cast<qint64>(m.token_ms.size());
  metrics.llmEncodeMs = m.llm_encode_ms;
  metrics.slmEncodeMs = m.slm_encode_ms;
  metrics.timeToFirstTokenMs = m.time_to_first_token_ms;
  metrics.decodeMs = m.decode_ms();
  metrics.totalMs = m.total_ms;
  metrics.tokensPerSecond = m.tokens_per_second();
  metrics.cancelled = result.cancelled;
  metrics.reachedEos = result.reached_eos;
  metrics.llmSteps = m.llm_steps;
  metrics.draftTokens = m.draft_tokens;
  metrics.acceptedTokens = m.accepted_tokens;
  return metrics;
}

double RunMetrics::acceptanceRate() const {
  return draftTokens > 0 ? static_cast<double>(acceptedTokens) / static_cast<double>(draftTokens) : 0;
}

double RunMetrics::tokensPerLlmStep() const {
  return llmSteps > 0 ? static_cast<double>(decodeSteps) / static_cast<double>(llmSteps) : 0;
}

void addSegment(RunMetrics& total, const RunMetrics& segment, bool first) {
  if (first) {
    total = segment;
    return;
  }
  total.promptTokens += segment.promptTokens;
  total.generatedTokens += segment.generatedTokens;
  total.decodeSteps += segment.decodeSteps;
  total.llmEncodeMs += segment.llmEncodeMs;
  total.slmEncodeMs += segment.slmEncodeMs;
  total.decodeMs += segment.decodeMs;
  total.totalMs += segment.totalMs;
  total.tokensPerSecond = total.decodeMs > 0 ? 1000.0 * static_cast<double>(total.decodeSteps) / total.decodeMs : 0;
  total.llmSteps += segment.llmSteps;
  total.draftTokens += segment.draftTokens;
  total.acceptedTokens += segment.acceptedTokens;
  total.cancelled = total.cancelled || segment.cancelled;
  total.reachedEos = total.reachedEos && segment.reachedEos;
}

PresetItem toPresetItem(const l2s::TaskPreset& preset) {
  PresetItem item{QString::fromStdString(preset.name), QString::fromStdString(preset.task),
                  QString::fromStdString(preset.prefix), {}};
  for (const std::string& example : preset.examples) item.examples << QString::fromStdString(example);
  return item;
}

void registerEngineTypes() {
  qRegisterMetaType<RunPolicy>("l2s::studio::RunPolicy");
  qRegisterMetaType<PromptSegment>("l2s::studio::PromptSegment");
  qRegisterMetaType<RunRequest>("l2s::studio::RunRequest");
  qRegisterMetaType<ModelFolders>("l2s::studio::ModelFolders");
  qRegisterMetaType<PackSummary>("l2s::studio::PackSummary");
  qRegisterMetaType<RunMetrics>("l2s::studio::RunMetrics");
}

}  // namespace l2s::studio

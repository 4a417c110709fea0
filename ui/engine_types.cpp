#include "ui/engine_types.h"

#include <QCoreApplication>

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

QString modeTitle(l2s::Mode mode) {
  switch (mode) {
    case l2s::Mode::Llm: return QCoreApplication::translate("l2s", "LLM only");
    case l2s::Mode::L2s: return QCoreApplication::translate("l2s", "LLM → SLM");
    case l2s::Mode::Slm: return QCoreApplication::translate("l2s", "SLM only");
  }
  return {};
}

QVector<l2s::Mode> allModes() { return {l2s::Mode::Llm, l2s::Mode::L2s, l2s::Mode::Slm}; }

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
  return metrics;
}

PresetItem toPresetItem(const l2s::TaskPreset& preset) {
  return {QString::fromStdString(preset.name), QString::fromStdString(preset.task),
          QString::fromStdString(preset.prefix)};
}

void registerEngineTypes() {
  qRegisterMetaType<l2s::Mode>("l2s::Mode");
  qRegisterMetaType<RunPolicy>("l2s::studio::RunPolicy");
  qRegisterMetaType<RunRequest>("l2s::studio::RunRequest");
  qRegisterMetaType<ModelFolders>("l2s::studio::ModelFolders");
  qRegisterMetaType<PackSummary>("l2s::studio::PackSummary");
  qRegisterMetaType<RunMetrics>("l2s::studio::RunMetrics");
}

}  // namespace l2s::studio

#pragma once
// Value types that cross from the engine worker's thread to the GUI thread as
// queued signal arguments. Plain copyable data, torch-free.
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVector>
#include <memory>

#include "l2s/generation_options.h"
#include "l2s/generation.h"
#include "l2s/pack_info.h"
#include "l2s/pack_runner.h"  // torch-free
#include "l2s/tokenizer.h"

namespace l2s::studio {

// How the runs of one request share the CPU.
enum class RunPolicy {
  Fair,  // one after the other, each alone on the CPU: honest timings
  Race,  // all at once, sharing the cores: a livelier demo, skewed timings
};
QString policyKey(RunPolicy policy);                // "fair", "race" (settings, command line)
RunPolicy policyFromKey(const QString& key, bool* ok = nullptr);
QString policyTitle(RunPolicy policy);               // "Fair", "Race"
QString policyExplanation(RunPolicy policy);         // one sentence for the UI

// What a kind of mode is called: "LLM only", "LLM → SLM", "SLM only", "LLM, verified drafts".
QString kindTitle(l2s::ModeKind kind);
// A model family as users write it: "t5" → "T5", "llama" → "Llama".
QString familyTitle(const QString& family);

// One of the pack's modes, as a pane shows it. The window makes one pane per
// mode of the pack, in the pack's order.
struct ModeItem {
  QString name;  // the pack's name for it: "llm", "l2s", "slm-llama", ...
  l2s::ModeKind kind = l2s::ModeKind::Llm;
  QString family;  // of the model that decodes (verified: that drafts): "t5", "llama"
  QString title;   // "LLM → SLM (Llama)": kind and family, unique within the pack
  qint64 parameters = 0;  // every weight the mode runs
  int ordinal = 0;        // 0 for the first mode of its kind, 1 for the second, ...
};
// The panes of a pack's modes, in its order, titled by kind and family (a
// verified mode's is its drafter's), with the pack's name for it where two
// would read alike.
QVector<ModeItem> modeItems(const std::vector<l2s::ModeDescription>& modes);
// Whether a mode's pane shows before the user chose: all but the verified
// ones, which run the LLM a second time for the LLM's own answer (docs/verified.md).
bool shownByDefault(const ModeItem& mode);

// A piece of the input that the models read on its own (a sentence, for
// translation); the answers are joined with `separator` after each.
struct PromptSegment {
  QString prompt;  // the preset prefix already applied
  QString separator;
};

// One generation request: every listed mode answers the same prompt.
struct RunRequest {
  quint64 id = 0;  // monotonic; the GUI shows only the newest request's events
  QVector<PromptSegment> segments;  // answered in order, streamed as one answer
  QStringList modes;  // the pack's mode names
  l2s::GenerationOptions options;
  RunPolicy policy = RunPolicy::Fair;
  int threads = 0;  // compute threads; 0: all cores
  // Fair only: after the streamed runs, each mode runs this many more times,
  // interleaved and unseen, for the timing statistics; fewer when a round,
  // timed like the streamed one, would end past the budget (a long paste).
  int timingRounds = 0;
  double timingBudgetMs = 5000;

  void setPrompt(const QString& prompt) { segments = {{prompt, QString()}}; }
};

// A pack assembled from separate Hugging Face folders.
struct ModelFolders {
  QString llm, slm, projector;
  QString baseline;  // optional
};

struct PresetItem {
  QString name;    // "Translate English to German"
  QString task;    // "translate", "summarize", ...
  QString prefix;  // "translate English to German: "
  QStringList examples;  // inputs like the pack's training data
};

// What the GUI needs to know about a loaded pack.
struct PackSummary {
  QString dir;          // the pack folder; empty for model folders
  ModelFolders folders;  // the model folders it runs
  QString name;
  QString description;
  QStringList languages;
  QString license;
  QString modelCard;  // Markdown
  QVector<PresetItem> presets;
  QVector<ModeItem> modes;  // one pane each, in the pack's order
  double loadMs = 0;
  l2s::PackBenchmark benchmark;  // the pack's own measured figures, if it has them
  // The LLM's tokenizer, read-only, for counting input tokens off the GUI thread.
  std::shared_ptr<const l2s::Tokenizer> tokenizer;
  qint64 maxInputTokens = l2s::kDefaultMaxInputTokens;  // the pack's max_input_tokens

  bool isPack() const { return !dir.isEmpty(); }
  const ModeItem* mode(const QString& name) const;  // null when the pack has none of that name
  bool hasMode(const QString& name) const { return mode(name) != nullptr; }
  // The mode every other one's speed is compared with: the LLM alone; empty without one.
  QString llmMode() const;
};

// The timings of one finished run (see engine/runtime/generation.h).
struct RunMetrics {
  qint64 promptTokens = 0;
  qint64 truncatedTokens = 0;  // prompt tokens dropped to fit the pack's max_input_tokens
  qint64 generatedTokens = 0;
  qint64 decodeSteps = 0;  // generated tokens plus the step that produced EOS
  double llmEncodeMs = 0;
  double slmEncodeMs = 0;
  double timeToFirstTokenMs = 0;
  double decodeMs = 0;
  double totalMs = 0;
  double tokensPerSecond = 0;  // decode steps / decode time
  bool cancelled = false;
  bool reachedEos = false;
  // Verified modes (0 in the others): the LLM's decoder passes, the tokens the
  // SLM drafted and those the LLM kept.
  qint64 llmSteps = 0;
  qint64 draftTokens = 0;
  qint64 acceptedTokens = 0;

  double msPerToken() const { return decodeSteps > 0 ? decodeMs / static_cast<double>(decodeSteps) : 0; }
  // As GenerationMetrics' (engine/include/l2s/generation.h), over every segment.
  double acceptanceRate() const;
  double tokensPerLlmStep() const;
};

RunMetrics toRunMetrics(const l2s::GenerationResult& result);
// One run over several segments: counts and times add up, the first token is
// the first segment's, and a run is cancelled if any segment was.
void addSegment(RunMetrics& total, const RunMetrics& segment, bool first);
PresetItem toPresetItem(const l2s::TaskPreset& preset);

// Registers the types above for queued connections. Idempotent.
void registerEngineTypes();

}  // namespace l2s::studio

Q_DECLARE_METATYPE(l2s::studio::RunPolicy)
Q_DECLARE_METATYPE(l2s::studio::PromptSegment)
Q_DECLARE_METATYPE(l2s::studio::RunRequest)
Q_DECLARE_METATYPE(l2s::studio::ModelFolders)
Q_DECLARE_METATYPE(l2s::studio::PackSummary)
Q_DECLARE_METATYPE(l2s::studio::RunMetrics)

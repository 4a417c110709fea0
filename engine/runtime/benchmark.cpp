#include "l2s/benchmark.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "l2s/error.h"
#include "l2s/latency_stats.h"
#include "l2s/stopwatch.h"

namespace l2s {
namespace {

template <typename Field>
std::vector<double> per_run(const std::vector<GenerationMetrics>& runs, Field field) {
  std::vector<double> values;
  for (const auto& run : runs) values.push_back(field(run));
  return values;
}

// Batch 1: prompt by prompt, every mode in turn (interleaved).
void run_interleaved(const PackRunner& pack, const std::vector<std::string>& prompts, const BenchmarkSettings& settings,
                     const BenchmarkProgress& progress, const CancelFlag* cancel, BenchmarkReport& report) {
  for (int64_t i = 0; i < settings.warmup_runs; ++i)
    for (const std::string& mode : settings.modes)
      pack.generate(mode, settings.prefix + prompts[static_cast<std::size_t>(i) % prompts.size()], settings.generation);

  const int64_t total = report.prompts * static_cast<int64_t>(settings.modes.size());
  int64_t done = 0;
  for (const std::string& prompt : prompts) {
    for (ModeSummary& summary : report.modes) {
      GenerationResult result = pack.generate(summary.mode, settings.prefix + prompt, settings.generation, {}, cancel);
      if (result.cancelled) {
        report.cancelled = true;
        return;
      }
      summary.outputs.push_back(std::move(result.text));
      summary.runs.push_back(std::move(result.metrics));
      if (progress) progress(++done, total);
    }
  }
}

// Batch N: each mode decodes the whole file in batches, one mode after the other.
void run_batched(const PackRunner& pack, const std::vector<std::string>& prompts, const BenchmarkSettings& settings,
                 const BenchmarkProgress& progress, const CancelFlag* cancel, BenchmarkReport& report) {
  std::vector<std::string> framed;
  for (const std::string& prompt : prompts) framed.push_back(settings.prefix + prompt);
  const std::vector<std::string> warmup(
      framed.begin(), framed.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(
                                           framed.size(), static_cast<std::size_t>(settings.batch_size))));
  const int64_t total = report.prompts * static_cast<int64_t>(settings.modes.size());
  int64_t before = 0;
  for (ModeSummary& summary : report.modes) {
    for (int64_t i = 0; i < settings.warmup_runs; ++i)
      pack.generate_batch(summary.mode, warmup, settings.generation, settings.batch_size);
    Stopwatch clock;
    std::vector<GenerationResult> results = pack.generate_batch(
        summary.mode, framed, settings.generation, settings.batch_size,
        [&](int64_t done, int64_t) {
          if (progress) progress(before + done, total);
        },
        cancel);
    summary.batched_seconds = clock.elapsed_ms() / 1000.0;
    before += report.prompts;
    for (GenerationResult& result : results) {
      if (result.cancelled) report.cancelled = true;
      summary.outputs.push_back(std::move(result.text));
      summary.runs.push_back(std::move(result.metrics));
    }
    if (report.cancelled) return;
  }
}

}  // namespace

int64_t ModeSummary::generated_tokens() const {
  int64_t tokens = 0;
  for (const auto& run : runs) tokens += run.generated_tokens;
  return tokens;
}

double ModeSummary::tokens_per_second() const {
  double decode_ms = 0;
  int64_t steps = 0;
  for (const auto& run : runs) {
    decode_ms += run.decode_ms();
    steps += static_cast<int64_t>(run.token_ms.size());
  }
  return decode_ms > 0 ? 1000.0 * static_cast<double>(steps) / decode_ms : 0;
}

double ModeSummary::ttft_ms_p50() const {
  return percentile(per_run(runs, [](const GenerationMetrics& m) { return m.time_to_first_token_ms; }), 0.5);
}

double ModeSummary::encode_ms_p50() const {
  return percentile(per_run(runs, [](const GenerationMetrics& m) { return m.llm_encode_ms + m.slm_encode_ms; }), 0.5);
}

double ModeSummary::token_ms_percentile(double q) const {
  std::vector<double> all;
  for (const auto& run : runs) all.insert(all.end(), run.token_ms.begin(), run.token_ms.end());
  return percentile(std::move(all), q);
}

double ModeSummary::weight_read_bound_ms(double gb_per_s) const {
  return gb_per_s > 0 ? static_cast<double>(decode_step_weight_bytes) / (gb_per_s * 1e6) : 0;
}

double ModeSummary::token_ms_over_bound(double gb_per_s) const {
  const double bound = weight_read_bound_ms(gb_per_s), tokens_per_s = tokens_per_second();
  return bound > 0 && tokens_per_s > 0 ? 1000.0 / tokens_per_s / bound : 0;
}

double ModeSummary::total_seconds() const {
  if (batched_seconds > 0) return batched_seconds;
  double ms = 0;
  for (const auto& run : runs) ms += run.total_ms;
  return ms / 1000.0;
}

namespace {

// The verification counts of every run, as one run's.
GenerationMetrics verification_totals(const std::vector<GenerationMetrics>& runs) {
  GenerationMetrics total;
  for (const auto& run : runs) {
    total.llm_steps += run.llm_steps;
    total.draft_tokens += run.draft_tokens;
    total.accepted_tokens += run.accepted_tokens;
    total.token_ms.insert(total.token_ms.end(), run.token_ms.begin(), run.token_ms.end());
  }
  return total;
}

}  // namespace

double ModeSummary::acceptance_rate() const { return verification_totals(runs).acceptance_rate(); }
double ModeSummary::tokens_per_llm_step() const { return verification_totals(runs).tokens_per_llm_step(); }

const ModeSummary* BenchmarkReport::find(const std::string& mode) const {
  for (const auto& summary : modes)
    if (summary.mode == mode) return &summary;
  return nullptr;
}

const ModeSummary* BenchmarkReport::first_of(ModeKind kind) const {
  for (const auto& summary : modes)
    if (summary.kind == kind) return &summary;
  return nullptr;
}

double BenchmarkReport::speedup_over_llm(const ModeSummary& mode) const {
  const ModeSummary* llm = first_of(ModeKind::Llm);
  return llm ? decode_speedup(mode.tokens_per_second(), llm->tokens_per_second()) : 0;
}

double BenchmarkReport::speedup_l2s_over_llm() const {
  const ModeSummary* l2s = first_of(ModeKind::L2s);
  return l2s ? speedup_over_llm(*l2s) : 0;
}

std::string BenchmarkReport::to_json() const {
  using nlohmann::json;
  const GenerationOptions& g = settings.generation;
  json root;
  root["machine"] = {{"cpu", machine.cpu},
                     {"cores", machine.cores},
                     {"threads", machine.threads},
                     {"libtorch", machine.libtorch},
                     {"blas", machine.blas},
                     {"memory_read_gb_per_s", machine.memory_read_gb_per_s}};
  root["settings"] = {{"prompts", prompts},
                      {"warmup_runs", settings.warmup_runs},
                      {"prefix", settings.prefix},
                      {"batch_size", settings.batch_size},
                      {"max_new_tokens", g.max_new_tokens},
                      {"do_sample", g.do_sample},
                      {"num_beams", g.num_beams},
                      {"temperature", g.temperature},
                      {"top_k", g.top_k},
                      {"top_p", g.top_p},
                      {"seed", g.seed},
                      {"repetition_penalty", g.repetition_penalty},
                      {"no_repeat_ngram_size", g.no_repeat_ngram_size},
                      {"length_penalty", g.length_penalty},
                      {"draft_tokens", g.draft_tokens},
                      {"truncate_input", g.truncate_input}};
  std::vector<std::string> scored_with;
  if (metrics::has_task_metrics(settings.task))
    for (const metrics::CorpusMetric& metric : metrics::task_metrics(settings.task).metrics)
      scored_with.push_back(metric.name);
  json modes_json = json::object();
  for (const ModeSummary& m : modes) {
    const double speedup = speedup_over_llm(m);
    json entry = {{"kind", mode_kind_name(m.kind)},
                  {"family", m.family},
                  {"parameters", m.parameters},
                  {"generated_tokens", m.generated_tokens()},
                  {"tokens_per_s", m.tokens_per_second()},
                  {"ttft_ms_p50", m.ttft_ms_p50()},
                  {"encode_ms_p50", m.encode_ms_p50()},
                  {"token_ms_p50", m.token_ms_percentile(0.5)},
                  {"token_ms_p90", m.token_ms_percentile(0.9)},
                  {"token_ms_p99", m.token_ms_percentile(0.99)},
                  {"total_s", m.total_seconds()},
                  {"decode_weight_bytes_per_step", m.decode_step_weight_bytes},
                  {"weight_read_bound_ms", m.weight_read_bound_ms(machine.memory_read_gb_per_s)},
                  {"token_ms_over_bound", m.token_ms_over_bound(machine.memory_read_gb_per_s)},
                  {"speedup_over_llm", speedup > 0 ? json(speedup) : json(nullptr)},
                  {"outputs", m.outputs}};
    if (m.kind == ModeKind::Verified) {
      entry["acceptance_rate"] = m.acceptance_rate();
      entry["tokens_per_llm_step"] = m.tokens_per_llm_step();
    }
    json metrics_json = json::object();
    for (const metrics::MetricValue& metric : m.metrics) metrics_json[metric.name] = metric.value;
    entry["metrics"] = metrics_json;
    // Reports had "bleu" and "chrf" beside the speed figures before "metrics":
    // kept for the tasks scored with them (null without references).
    for (const std::string& name : scored_with)
      if (name == "bleu" || name == "chrf") {
        const metrics::MetricValue* value = metrics::find_metric(m.metrics, name);
        entry[name] = value ? json(value->value) : json(nullptr);
      }
    modes_json[m.mode] = entry;
  }
  root["modes"] = modes_json;
  root["task"] = settings.task;
  const double speedup = speedup_l2s_over_llm();
  root["speedup_l2s_over_llm"] = speedup > 0 ? json(speedup) : json(nullptr);
  root["cancelled"] = cancelled;
  return root.dump(2) + "\n";
}

BenchmarkReport run_benchmark(const PackRunner& pack, const std::vector<std::string>& prompts,
                              const std::vector<std::string>& references, const BenchmarkSettings& settings,
                              const BenchmarkProgress& progress, const CancelFlag* cancel) {
  if (prompts.empty()) throw Error("no prompts to run");
  if (!references.empty() && references.size() != prompts.size())
    throw Error("there are " + std::to_string(prompts.size()) + " prompts but " + std::to_string(references.size()) +
                " references: the files must be line-aligned");
  if (settings.modes.empty()) throw Error("no modes to run");
  settings.generation.validate();
  if (settings.batch_size < 1) throw Error("the batch size must be at least 1");
  const metrics::TaskMetrics* task = references.empty() ? nullptr : &metrics::task_metrics(settings.task);

  BenchmarkReport report;
  report.settings = settings;
  report.prompts = static_cast<int64_t>(prompts.size());
  report.machine = machine_info();
  report.machine.memory_read_gb_per_s = measure_memory_read();
  for (const std::string& mode : settings.modes) {
    const ModeDescription description = pack.describe(mode);  // throws for a mode the pack lacks
    ModeSummary summary;
    summary.mode = mode;
    summary.kind = description.mode.kind;
    summary.family = description.family;
    summary.parameters = description.parameters;
    summary.decode_step_weight_bytes = description.decode_step_weight_bytes;
    report.modes.push_back(std::move(summary));
  }
  if (settings.batch_size > 1) {
    run_batched(pack, prompts, settings, progress, cancel, report);
  } else {
    run_interleaved(pack, prompts, settings, progress, cancel, report);
  }
  if (task && !report.cancelled)
    for (ModeSummary& summary : report.modes) summary.metrics = metrics::score_corpus(*task, summary.outputs, references);
  return report;
}

}  // namespace l2s

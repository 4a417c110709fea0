#pragma once
// Runs a file of prompts through several modes of one pack and summarises
// speed (and quality, given references). Prompts are interleaved across modes
// (prompt 1 in every mode, then prompt 2, ...) so that machine noise and
// thermal drift hit all modes alike; each run has the CPU to itself.
#include <functional>
#include <string>
#include <vector>

#include "l2s/metrics/metric_registry.h"
#include "l2s/machine_info.h"
#include "l2s/pack_runner.h"

namespace l2s {

struct BenchmarkSettings {
  std::vector<std::string> modes = {"llm", "l2s"};  // mode names of the pack
  GenerationOptions generation;
  std::string prefix;       // prepended to every prompt (a task preset)
  std::string task = "translate";  // the preset's task: its metrics score the outputs
  int64_t warmup_runs = 1;  // unmeasured runs per mode before measuring
  // Prompts decoded at once (PackRunner::generate_batch). Above 1 each mode
  // runs the whole file in turn (no interleaving), warm-up = its first batch.
  int64_t batch_size = 1;
};

struct ModeSummary {
  std::string mode;          // the pack's mode name
  ModeKind kind = ModeKind::L2s;
  std::string family;        // of the model that decodes
  int64_t parameters = 0;
  int64_t decode_step_weight_bytes = 0;  // weights read per decode step
  double batched_seconds = 0;  // wall time of the batched run (batch_size > 1); 0 at batch 1
  std::vector<std::string> outputs;  // one per prompt
  std::vector<GenerationMetrics> runs;
  metrics::MetricValues metrics;  // the task's metrics (metric_registry.h); empty without references

  int64_t generated_tokens() const;
  double tokens_per_second() const;  // all generated tokens / all decode time
  double ttft_ms_p50() const;
  double encode_ms_p50() const;      // LLM + SLM encoder per prompt
  double token_ms_percentile(double q) const;  // over every generated token
  double total_seconds() const;      // the runs' totals (batch 1), or the batched run's wall time
  // The time one step takes to read the decoder's weights at `gb_per_s`,
  // and the measured time per generated token over it (1: at the limit;
  // below 1 at batch N, where a step's weights serve N rows). 0 if unknown.
  double weight_read_bound_ms(double gb_per_s) const;
  double token_ms_over_bound(double gb_per_s) const;
  // Mode verified, over every run: drafted tokens the LLM kept, and
  // generated tokens (EOS included) per pass of the LLM's decoder; 0 otherwise.
  double acceptance_rate() const;
  double tokens_per_llm_step() const;
};

struct BenchmarkReport {
  MachineInfo machine;
  BenchmarkSettings settings;
  int64_t prompts = 0;
  std::vector<ModeSummary> modes;
  bool cancelled = false;

  const ModeSummary* find(const std::string& mode) const;
  const ModeSummary* first_of(ModeKind kind) const;
  // A mode's tokens/s over the LLM's, measured in this run; 0 if either is missing.
  double speedup_over_llm(const ModeSummary& mode) const;
  // The same for the first guided mode (the pack's headline figure).
  double speedup_l2s_over_llm() const;
  // The documented JSON report (docs/bench.md).
  std::string to_json() const;
};

// Called after each measured run: completed runs and the total.
using BenchmarkProgress = std::function<void(int64_t done, int64_t total)>;

// Throws l2s::Error for bad inputs (no prompts, references of another length,
// a mode the pack lacks, references for a task without metrics).
BenchmarkReport run_benchmark(const PackRunner& pack, const std::vector<std::string>& prompts,
                              const std::vector<std::string>& references, const BenchmarkSettings& settings,
                              const BenchmarkProgress& progress = {}, const CancelFlag* cancel = nullptr);

}  // namespace l2s

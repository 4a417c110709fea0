#include "cli/report.h"

#include <algorithm>
#include <cstdio>
#include <iomanip>
#include <sstream>

#include "l2s/latency_stats.h"

namespace l2s::cli {

std::string fixed(double value, int decimals) {
  std::ostringstream text;
  text << std::fixed << std::setprecision(decimals) << value;
  return text.str();
}

namespace {

void print_row(std::ostream& out, const std::string& label, const std::vector<std::string>& cells) {
  out << std::left << std::setw(24) << label;
  for (const auto& cell : cells) out << std::right << std::setw(14) << cell;
  out << "\n";
}

}  // namespace

void print_metrics_table(std::ostream& out, const std::vector<std::pair<std::string, GenerationMetrics>>& runs) {
  std::vector<std::string> names;
  for (const auto& run : runs) names.push_back(run.first);
  print_row(out, "", names);
  auto row = [&](const std::string& label, auto value) {
    std::vector<std::string> cells;
    for (const auto& run : runs) cells.push_back(value(run.second));
    print_row(out, label, cells);
  };
  row("prompt tokens", [](const GenerationMetrics& m) { return std::to_string(m.prompt_tokens); });
  row("LLM encode ms", [](const GenerationMetrics& m) { return fixed(m.llm_encode_ms, 1); });
  row("SLM encode ms", [](const GenerationMetrics& m) { return fixed(m.slm_encode_ms, 1); });
  row("time to first token ms", [](const GenerationMetrics& m) { return fixed(m.time_to_first_token_ms, 1); });
  row("generated tokens", [](const GenerationMetrics& m) { return std::to_string(m.generated_tokens); });
  row("tokens/s", [](const GenerationMetrics& m) { return fixed(m.tokens_per_second(), 1); });
  row("per token ms p50", [](const GenerationMetrics& m) { return fixed(percentile(m.token_ms, 0.5), 2); });
  row("total ms", [](const GenerationMetrics& m) { return fixed(m.total_ms, 1); });
  if (std::any_of(runs.begin(), runs.end(), [](const auto& run) { return run.second.llm_steps > 0; })) {
    auto verified = [](auto value) {
      return [value](const GenerationMetrics& m) { return m.llm_steps > 0 ? value(m) : std::string("-"); };
    };
    row("drafts accepted", verified([](const GenerationMetrics& m) {
          return std::to_string(m.accepted_tokens) + "/" + std::to_string(m.draft_tokens);
        }));
    row("tokens per LLM step", verified([](const GenerationMetrics& m) { return fixed(m.tokens_per_llm_step(), 2); }));
    row("LLM steps per token", verified([](const GenerationMetrics& m) {
          return fixed(1.0 / m.tokens_per_llm_step(), 2);
        }));
  }
}

void print_benchmark_report(std::ostream& out, const BenchmarkReport& report) {
  const MachineInfo& machine = report.machine;
  out << "machine: " << machine.cpu << ", " << machine.cores << " cores, " << machine.threads
      << " threads, libtorch " << machine.libtorch << ", BLAS " << machine.blas << "\n";
  out << "memory read bandwidth: " << fixed(machine.memory_read_gb_per_s, 1) << " GB/s (measured)\n";
  out << "task: " << report.settings.task << "\n";
  const int64_t batch = report.settings.batch_size;
  out << "prompts: " << report.prompts << " (batch " << batch << ", " << report.settings.warmup_runs
      << (batch > 1 ? " warm-up batch(es) per mode, modes one after the other)\n\n"
                    : " warm-up run(s) per mode, modes interleaved per prompt)\n\n");
  std::vector<std::string> names;
  for (const auto& mode : report.modes) names.push_back(mode.mode);
  print_row(out, "", names);
  auto row = [&](const std::string& label, auto value) {
    std::vector<std::string> cells;
    for (const auto& mode : report.modes) cells.push_back(value(mode));
    print_row(out, label, cells);
  };
  row("kind", [](const ModeSummary& m) { return std::string(mode_kind_name(m.kind)); });
  row("family", [](const ModeSummary& m) { return m.family; });
  row("parameters (M)", [](const ModeSummary& m) { return fixed(static_cast<double>(m.parameters) / 1e6, 2); });
  row("tokens/s", [](const ModeSummary& m) { return fixed(m.tokens_per_second(), 1); });
  row("TTFT ms p50", [](const ModeSummary& m) { return fixed(m.ttft_ms_p50(), 1); });
  row("encode ms p50", [](const ModeSummary& m) { return fixed(m.encode_ms_p50(), 1); });
  row("per token ms p50", [](const ModeSummary& m) { return fixed(m.token_ms_percentile(0.5), 2); });
  row("per token ms p90", [](const ModeSummary& m) { return fixed(m.token_ms_percentile(0.9), 2); });
  row("per token ms p99", [](const ModeSummary& m) { return fixed(m.token_ms_percentile(0.99), 2); });
  row("generated tokens", [](const ModeSummary& m) { return std::to_string(m.generated_tokens()); });
  row("total s", [](const ModeSummary& m) { return fixed(m.total_seconds(), 2); });
  const double bandwidth = machine.memory_read_gb_per_s;
  row("weights read/step MB", [](const ModeSummary& m) {
    return fixed(static_cast<double>(m.decode_step_weight_bytes) / 1e6, 1);
  });
  row("weight-read bound ms", [&](const ModeSummary& m) { return fixed(m.weight_read_bound_ms(bandwidth), 2); });
  row("token time / bound", [&](const ModeSummary& m) { return fixed(m.token_ms_over_bound(bandwidth), 2); });
  if (report.first_of(ModeKind::Verified)) {
    auto verified = [](auto value) {
      return [value](const ModeSummary& m) { return m.kind == ModeKind::Verified ? value(m) : std::string("-"); };
    };
    row("acceptance rate", verified([](const ModeSummary& m) { return fixed(m.acceptance_rate(), 3); }));
    row("tokens per LLM step", verified([](const ModeSummary& m) { return fixed(m.tokens_per_llm_step(), 2); }));
    row("LLM steps per token", verified([](const ModeSummary& m) { return fixed(1.0 / m.tokens_per_llm_step(), 2); }));
  }
  if (!report.modes.empty())
    for (const metrics::MetricValue& metric : report.modes.front().metrics)
      row(metric.label, [&](const ModeSummary& m) {
        const metrics::MetricValue* value = metrics::find_metric(m.metrics, metric.name);
        return value ? fixed(value->value, 2) : std::string("-");
      });
  if (const double speedup = report.speedup_l2s_over_llm(); speedup > 0)
    out << "\nspeedup l2s over llm (tokens/s, same run): " << fixed(speedup, 2) << "x\n";
  if (const ModeSummary* verified = report.first_of(ModeKind::Verified))
    if (const double speedup = report.speedup_over_llm(*verified); speedup > 0)
      out << "speedup " << verified->mode << " over llm (tokens/s, same run): " << fixed(speedup, 2) << "x\n";
}

}  // namespace l2s::cli

// `l2s bench` and `l2s eval`: a file of prompts through several modes of a
// pack, with speed figures (bench) or quality scores (eval) and a JSON report.
#include <iostream>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/decoding_flags.h"
#include "cli/pack_flags.h"
#include "cli/progress_bar.h"
#include "cli/report.h"
#include "l2s/error.h"
#include "l2s/atomic_file.h"
#include "l2s/text_lines.h"
#include "l2s/metrics/metric_registry.h"
#include "l2s/benchmark.h"

namespace l2s::cli {
namespace {

std::vector<OptionSpec> options(bool eval) {
  std::vector<OptionSpec> specs = {
      {"src", true, "prompts, one per line (UTF-8)"},
      {"ref", true, eval ? "references, line-aligned with --src (required)"
                         : "references, line-aligned with --src: adds the task's metrics"},
      {eval ? "mode" : "modes", true,
       eval ? "a mode of the pack: llm, l2s (default), slm, verified, ..."
            : "comma-separated mode names of the pack (llm, l2s, slm, verified, ...), or all (default llm,l2s)"},
      {"preset", true, "the pack preset (by name) whose prefix and task apply (default: its first)"},
      {"prefix", true, "text prepended to every prompt (default: the preset's prefix)"},
      {"task", true, "translate (BLEU, chrF) or summarize (ROUGE-1/2/L) (default: the preset's task)"},
      {"limit", true, "use only the first N prompts"},
      {"warmup", true, "unmeasured runs per mode first (default 1)"},
      {"batch-size", true, "prompts decoded at once (default 1); above 1 the modes run one after the other"},
      {"json", true, "also write the report as JSON to this file"},
      {"help", false, "show this text"},
  };
  return with_options(with_options(with_options(specs, pack_option_specs()), decoding_option_specs()),
                      engine_option_specs());
}

int run(const Argv& argv, bool eval) {
  const std::vector<OptionSpec> specs = options(eval);
  Args args = Args::parse(argv, specs);
  const char* name = eval ? "eval" : "bench";
  if (args.has("help")) {
    std::cout << "usage: l2s " << name << " --pack DIR --src FILE " << (eval ? "--ref FILE [--mode M]" : "[--ref FILE] [--modes M,M]")
              << " [OPTIONS]\n\n"
              << (eval ? "Scores one mode of a pack on a test set with the metrics of its task: corpus BLEU and\n"
                         "chrF as sacreBLEU computes them (translate), or ROUGE-1/2/L as rouge_score does (summarize).\n\n"
                       : "Measures the modes of a pack on a file of prompts, at batch 1 (or --batch-size N), after a\n"
                         "warm-up, and how close each mode's decoding runs to the time its weights take to read.\n\n")
              << describe_options(specs);
    return 0;
  }
  if (!args.has("src")) throw Error("--src FILE is required");
  if (eval && !args.has("ref")) throw Error("--ref FILE is required");
  if (!args.positional().empty()) throw Error("unexpected argument '" + args.positional().front() + "'");
  if (args.has("task")) metrics::task_metrics(args.get("task"));  // an unknown task fails before any work

  BenchmarkSettings settings;
  settings.generation = read_decoding_options(args);
  settings.warmup_runs = args.get_int("warmup", eval ? 0 : 1, 0, 1000);
  settings.batch_size = args.get_int("batch-size", 1, 1, 4096);
  std::vector<std::string> prompts = io::read_text_lines(args.get("src"), "prompt");
  std::vector<std::string> references;
  if (args.has("ref")) {
    references = io::read_text_lines(args.get("ref"), "reference");
    io::check_line_aligned(prompts, args.get("src"), references, args.get("ref"));
  }
  if (args.has("limit")) {
    const auto limit = static_cast<std::size_t>(args.get_int("limit", 0, 1, INT64_MAX));
    if (prompts.size() > limit) prompts.resize(limit);
    if (references.size() > limit) references.resize(limit);
  }

  PackRunner pack = load_pack(args);
  settings.modes = parse_modes(eval ? args.get("mode", "l2s") : args.get("modes", "llm,l2s"), pack.info());
  if (eval && settings.modes.size() != 1) throw Error("l2s eval scores one mode: use l2s bench for several");
  const std::vector<TaskPreset>& presets = pack.info().presets;
  const TaskPreset* preset = args.has("preset") ? &find_preset(pack.info(), args.get("preset"))
                             : presets.empty()  ? nullptr
                                                : &presets.front();
  settings.prefix = args.has("prefix") ? args.get("prefix") : preset ? preset->prefix : std::string();
  settings.task = args.has("task")                    ? args.get("task")
                  : preset && !preset->task.empty() ? preset->task
                                                      : settings.task;
  ProgressBar bar(name, static_cast<int64_t>(prompts.size() * settings.modes.size()));
  BenchmarkReport report =
      run_benchmark(pack, prompts, references, settings, [&](int64_t done, int64_t) { bar.update(done); });
  bar.finish();
  for (const ModeSummary& summary : report.modes)
    report_truncation(std::string("l2s ") + name + ": " + summary.mode, summary.runs);
  print_benchmark_report(std::cout, report);
  if (args.has("json")) {
    io::write_text_atomically(args.get("json"), report.to_json());
    std::cout << "report written to " << args.get("json") << "\n";
  }
  return 0;
}

}  // namespace

int run_bench(const Argv& argv) { return run(argv, false); }
int run_eval(const Argv& argv) { return run(argv, true); }

}  // namespace l2s::cli

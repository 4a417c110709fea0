// `l2s compare`: the same prompt through the LLM alone and through LLM-to-SLM.
#include <algorithm>
#include <iostream>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/decoding_flags.h"
#include "cli/pack_flags.h"
#include "cli/report.h"
#include "l2s/error.h"

namespace l2s::cli {
namespace {

std::vector<OptionSpec> options() {
  std::vector<OptionSpec> specs = {
      {"preset", true, "prepend the prefix of this pack preset (by name)"},
      {"modes", true, "comma-separated mode names, or all (default: llm and every guided mode)"},
      {"with-baseline", false, "also run the pack's SLM-alone baselines"},
      {"help", false, "show this text"},
  };
  return with_options(with_options(with_options(specs, pack_option_specs()), decoding_option_specs()),
                      engine_option_specs());
}

std::string preset_prefix(const PackRunner& pack, const Args& args) {
  return args.has("preset") ? find_preset(pack.info(), args.get("preset")).prefix : "";
}

}  // namespace

int run_compare(const Argv& argv) {
  const std::vector<OptionSpec> specs = options();
  Args args = Args::parse(argv, specs);
  if (args.has("help")) {
    std::cout << "usage: l2s compare --pack DIR [OPTIONS] TEXT | -\n\n"
                 "Runs the LLM alone, then each LLM-to-SLM pair, on the same prompt, one after the\n"
                 "other, and prints the outputs, their timings and each mode's speedup over the LLM.\n\n"
              << describe_options(specs);
    return 0;
  }
  const GenerationOptions options = read_decoding_options(args);
  PackRunner pack = load_pack(args);
  if (args.positional().empty()) throw Error("no prompt: give TEXT, or - for standard input");
  const std::string prompt = preset_prefix(pack, args) + read_prompt(args.positional());

  std::vector<std::string> modes;
  if (args.has("modes")) {
    if (args.has("with-baseline")) throw Error("give either --modes or --with-baseline, not both");
    modes = parse_modes(args.get("modes"), pack.info());
  } else {
    modes.push_back("llm");
    for (const PackMode& mode : pack.info().guided) modes.push_back(mode.name);
    if (args.has("with-baseline")) {
      if (!pack.info().has_baseline()) throw Error("the pack has no SLM baseline (--with-baseline)");
      for (const PackMode& mode : pack.info().baselines) modes.push_back(mode.name);
    }
  }
  std::vector<std::pair<std::string, GenerationMetrics>> runs;
  for (const std::string& mode : modes) {
    std::cout << "[" << mode << "] ";
    std::cout.flush();
    GenerationResult result = pack.generate(mode, prompt, options, [](const TokenEvent& event) {
      std::cout << event.text;
      std::cout.flush();
    });
    std::cout << "\n";
    report_truncation("l2s compare: " + mode, {result.metrics});
    runs.emplace_back(mode, result.metrics);
  }
  std::cout << "\n";
  print_metrics_table(std::cout, runs);
  const auto llm = std::find_if(runs.begin(), runs.end(), [](const auto& run) { return run.first == "llm"; });
  if (llm == runs.end()) return 0;
  for (const auto& [mode, metrics] : runs) {
    const double speedup = decode_speedup(metrics.tokens_per_second(), llm->second.tokens_per_second());
    if (mode != "llm" && speedup > 0) std::cout << "speedup " << mode << " over llm (tokens/s): " << speedup << "x\n";
  }
  return 0;
}

}  // namespace l2s::cli

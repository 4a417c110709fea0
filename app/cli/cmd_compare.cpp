// `l2s compare`: the same prompt through the LLM alone and through LLM-to-SLM.
#include <iostream>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/decoding_flags.h"
#include "cli/pack_flags.h"
#include "cli/report.h"
#include "engine/common/error.h"

namespace l2s::cli {
namespace {

std::vector<OptionSpec> options() {
  std::vector<OptionSpec> specs = {
      {"preset", true, "prepend the prefix of this pack preset (by name)"},
      {"with-baseline", false, "also run the SLM baseline, when the pack has one"},
      {"help", false, "show this text"},
  };
  return with_options(with_options(specs, pack_option_specs()), decoding_option_specs());
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
                 "Runs the LLM alone, then LLM-to-SLM, on the same prompt, one after the other,\n"
                 "and prints both outputs, their timings and the speedup.\n\n"
              << describe_options(specs);
    return 0;
  }
  const GenerationOptions options = read_decoding_options(args);
  PackRunner pack = load_pack(args);
  if (args.positional().empty()) throw Error("no prompt: give TEXT, or - for standard input");
  const std::string prompt = preset_prefix(pack, args) + read_prompt(args.positional());

  std::vector<Mode> modes = {Mode::Llm, Mode::L2s};
  if (args.has("with-baseline")) {
    if (!pack.has_mode(Mode::Slm)) throw Error("the pack has no SLM baseline (--with-baseline)");
    modes.push_back(Mode::Slm);
  }
  std::vector<std::pair<std::string, GenerationMetrics>> runs;
  for (Mode mode : modes) {
    std::cout << "[" << mode_name(mode) << "] ";
    std::cout.flush();
    GenerationResult result = pack.generate(mode, prompt, options, [](const TokenEvent& event) {
      std::cout << event.text;
      std::cout.flush();
    });
    std::cout << "\n";
    report_truncation(std::string("l2s compare: ") + mode_name(mode), {result.metrics});
    runs.emplace_back(mode_name(mode), result.metrics);
  }
  std::cout << "\n";
  print_metrics_table(std::cout, runs);
  const double llm = runs[0].second.tokens_per_second(), l2s = runs[1].second.tokens_per_second();
  if (llm > 0) std::cout << "\nspeedup l2s over llm (tokens/s): " << l2s / llm << "x\n";
  return 0;
}

}  // namespace l2s::cli

// `l2s generate`: stream one prompt's answer, from a T5 model or a pack mode.
#include <iostream>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/decoding_flags.h"
#include "cli/pack_flags.h"
#include "cli/report.h"
#include "engine/common/error.h"
#include "engine/runtime/pack_runner.h"
#include "engine/runtime/generator.h"

namespace l2s::cli {
namespace {

std::vector<OptionSpec> options() {
  std::vector<OptionSpec> specs = {
      {"model", true, "a Hugging Face model folder of any supported family (config.json, model.safetensors, "
                      "spiece.model or tokenizer.model)"},
      {"mode", true, "with a pack: a mode name: llm, l2s (default), slm, verified (the LLM's exact greedy output, "
                     "checking the SLM's drafts: --draft-tokens), ..."},
      {"ids", false, "print token ids instead of text"},
      {"input-ids", true, "with --model: the prompt as token ids, e.g. \"13 7 100 1\""},
      {"stats", false, "print timings to standard error afterwards"},
      {"help", false, "show this text"},
  };
  return with_options(with_options(specs, pack_option_specs()), decoding_option_specs());
}

const char* kUsage =
    "usage: l2s generate (--model DIR | --pack DIR [--mode M]) [OPTIONS] [TEXT | -]\n\n"
    "Streams the answer to TEXT (or standard input with -) as it is generated. With --model,\n"
    "TEXT is framed as the model's family does (T5: EOS appended; Llama: BOS first) and\n"
    "--input-ids are used exactly as given (a Llama prompt includes its BOS).\n\n";

// Prints each token as it arrives.
TokenCallback printer(bool print_ids) {
  return [print_ids](const TokenEvent& event) {
    if (print_ids)
      std::cout << (event.index ? " " : "") << event.id;
    else
      std::cout << event.text;
    std::cout.flush();
  };
}

int generate_with_model(const Args& args, const GenerationOptions& options) {
  if (args.has("mode")) throw Error("--mode applies to packs; with --model there is one model");
  const bool print_ids = args.has("ids");
  Generator generator = Generator::load(args.get("model"));
  std::vector<int64_t> input_ids;
  if (args.has("input-ids")) {
    input_ids = parse_token_ids({args.get("input-ids")});
  } else {
    if (args.positional().empty()) throw Error("no prompt: give TEXT, - for standard input, or --input-ids");
    input_ids = generator.tokenize(read_prompt(args.positional()));
  }
  if (!print_ids && !generator.has_tokenizer())
    throw Error("the model folder has no tokenizer (spiece.model or tokenizer.model), so output can only be shown "
                "as ids: add --ids");
  GenerationResult result = generator.generate(input_ids, options, printer(print_ids));
  if (print_ids && result.reached_eos) std::cout << (result.tokens.empty() ? "" : " ") << generator.eos_token_id();
  std::cout << "\n";
  report_truncation("l2s generate", {result.metrics});
  if (args.has("stats")) print_metrics_table(std::cerr, {{"model", result.metrics}});
  return 0;
}

int generate_with_pack(const Args& args, const GenerationOptions& options) {
  if (args.has("input-ids")) throw Error("--input-ids works with --model only; a pack takes text");
  PackRunner pack = load_pack(args);
  const std::string mode = pack.info().mode(args.get("mode", "l2s")).name;
  if (args.positional().empty()) throw Error("no prompt: give TEXT, or - for standard input");
  GenerationResult result = pack.generate(mode, read_prompt(args.positional()), options, printer(args.has("ids")));
  std::cout << "\n";
  report_truncation("l2s generate", {result.metrics});
  if (args.has("stats")) print_metrics_table(std::cerr, {{mode, result.metrics}});
  return 0;
}

}  // namespace

int run_generate(const Argv& argv) {
  const std::vector<OptionSpec> specs = options();
  Args args = Args::parse(argv, specs);
  if (args.has("help")) {
    std::cout << kUsage << describe_options(specs);
    return 0;
  }
  if (args.has("input-ids") && !args.positional().empty()) throw Error("give either TEXT or --input-ids, not both");
  if (args.has("model") == names_pack(args))
    throw Error("name the model with either --model DIR or --pack DIR (see l2s generate --help)");
  const GenerationOptions options = read_decoding_options(args);
  return args.has("model") ? generate_with_model(args, options) : generate_with_pack(args, options);
}

}  // namespace l2s::cli

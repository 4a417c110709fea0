// `l2s generate`: stream one prompt's answer, from a T5 model or a pack mode.
#include <algorithm>
#include <iostream>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/decoding_flags.h"
#include "cli/pack_flags.h"
#include "cli/report.h"
#include "cli/progress_bar.h"
#include "l2s/error.h"
#include "l2s/atomic_file.h"
#include "l2s/text_lines.h"
#include "l2s/pack_runner.h"
#include "l2s/generator.h"
#include "l2s/stopwatch.h"

namespace l2s::cli {
namespace {

std::vector<OptionSpec> options() {
  std::vector<OptionSpec> specs = {
      {"model", true, "a Hugging Face model folder of any supported family (config.json, model.safetensors, "
                      "spiece.model or tokenizer.model)"},
      {"mode", true, "with a pack: a mode name: llm, l2s (default), slm, verified (the LLM's own output, greedy or "
                     "--sample, checking the SLM's drafts: --draft-tokens), ..."},
      {"ids", false, "print token ids instead of text"},
      {"input-ids", true, "with --model: the prompt as token ids, e.g. \"13 7 100 1\""},
      {"stats", false, "print timings to standard error afterwards"},
      {"input-file", true, "with a pack: prompts, one per line (UTF-8); one answer line each, in order"},
      {"output", true, "with --input-file: write the answers to this file instead of standard output"},
      {"batch-size", true, "with --input-file: prompts decoded at once (default 1); beam search runs one at a time"},
      {"help", false, "show this text"},
  };
  return with_options(with_options(with_options(specs, pack_option_specs()), decoding_option_specs()),
                      engine_option_specs());
}

const char* kUsage =
    "usage: l2s generate (--model DIR | --pack DIR [--mode M]) [OPTIONS] [TEXT | -]\n\n"
    "Streams the answer to TEXT (or standard input with -) as it is generated. With --model,\n"
    "TEXT is framed as the model's family does (T5: EOS appended; Llama: BOS first) and\n"
    "--input-ids are used exactly as given (a Llama prompt includes its BOS).\n"
    "With --input-file, every line of FILE is a prompt: batches of --batch-size prompts of\n"
    "similar length are decoded together, and the answers are written one per line, in the\n"
    "order of FILE (a line break inside an answer becomes a space).\n\n";

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
  if (args.has("input-file") || args.has("output") || args.has("batch-size"))
    throw Error("--input-file, --output and --batch-size apply to packs (--pack DIR)");
  const bool print_ids = args.has("ids");
  Generator generator = Generator::load(args.get("model"), read_engine_options(args));
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

// Every line of --input-file through one mode, in batches; one answer line each.
int generate_file(const Args& args, const PackRunner& pack, const std::string& mode, const GenerationOptions& options) {
  if (!args.positional().empty()) throw Error("give either TEXT or --input-file, not both");
  const std::string input = args.get("input-file");
  const std::vector<std::string> prompts = io::read_text_lines(input, "prompt");
  const int64_t batch_size = args.get_int("batch-size", 1, 1, 4096);
  if (options.num_beams > 1 && batch_size > 1)
    std::cerr << "l2s generate: beam search is not batched; the prompts run one at a time\n";
  const Stopwatch clock;
  ProgressBar bar("generate", static_cast<int64_t>(prompts.size()));
  std::vector<GenerationResult> results;
  try {
    results = pack.generate_batch(mode, prompts, options, batch_size, [&](int64_t done, int64_t) { bar.update(done); });
  } catch (const Error& e) {
    throw Error(input + ": " + e.what());
  }
  bar.finish();
  std::string text;
  std::vector<GenerationMetrics> runs;
  for (GenerationResult& result : results) {
    std::replace_if(result.text.begin(), result.text.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
    text += result.text + "\n";
    runs.push_back(result.metrics);
  }
  if (args.has("output")) {
    io::write_text_atomically(args.get("output"), text);
  } else {
    std::cout << text;
  }
  report_truncation("l2s generate", runs);
  if (args.has("stats")) {
    int64_t tokens = 0, steps = 0;
    double decode_ms = 0;
    for (const GenerationMetrics& run : runs) {
      tokens += run.generated_tokens;
      steps += static_cast<int64_t>(run.token_ms.size());
      decode_ms += run.decode_ms();
    }
    std::cerr << mode << ": " << prompts.size() << " prompts at batch " << batch_size << ", " << tokens
              << " tokens generated, " << fixed(decode_ms > 0 ? 1000.0 * static_cast<double>(steps) / decode_ms : 0, 1)
              << " tokens/s decoding, " << fixed(clock.elapsed_ms() / 1000.0, 2) << " s in all\n";
  }
  return 0;
}

int generate_with_pack(const Args& args, const GenerationOptions& options) {
  if (args.has("input-ids")) throw Error("--input-ids works with --model only; a pack takes text");
  PackRunner pack = load_pack(args);
  const std::string mode = pack.info().mode(args.get("mode", "l2s")).name;
  if (args.has("input-file")) return generate_file(args, pack, mode, options);
  if (args.has("output") || args.has("batch-size")) throw Error("--output and --batch-size apply with --input-file");
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

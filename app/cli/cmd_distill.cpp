// `l2s distill`: a teacher model's greedy translations of a training set's
// sources, written line-aligned as new targets (sequence-level knowledge
// distillation), for a student to train on in place of the references.
#include <iostream>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/progress_bar.h"
#include "cli/report.h"
#include "l2s/error.h"
#include "l2s/atomic_file.h"
#include "l2s/text_lines.h"
#include "l2s/metrics/bleu.h"
#include "l2s/metrics/chrf.h"
#include "l2s/training/distillation.h"

namespace l2s::cli {
namespace {

std::vector<OptionSpec> options() {
  return {
      {"model", true, "the teacher: a Hugging Face T5 folder (config.json, model.safetensors, spiece.model)"},
      {"src", true, "training sources, one per line (UTF-8)"},
      {"out", true, "where the teacher's outputs go, line-aligned with --src (written atomically)"},
      {"ref", true, "the training targets, line-aligned: scored, and kept where the teacher's output is empty or cut"},
      {"prefix", true, "text prepended to every source, e.g. \"translate English to German: \""},
      {"max-source-len", true, "longest source in tokens, EOS included (default 512)"},
      {"max-new-tokens", true, "longest output in tokens (default 128)"},
      {"max-tokens", true, "padded tokens per batch (default 8192)"},
      {"threads", true, "compute threads (default: all cores)"},
      {"help", false, "show this text"},
  };
}

}  // namespace

int run_distill(const Argv& argv) {
  const std::vector<OptionSpec> specs = options();
  Args args = Args::parse(argv, specs);
  if (args.has("help")) {
    std::cout << "usage: l2s distill --model DIR --src FILE --out FILE [--ref FILE] [OPTIONS]\n\n"
                 "Translates every source with the teacher (greedy, batched) and writes the outputs as\n"
                 "targets for a student: sequence-level knowledge distillation. See docs/training.md.\n\n"
              << describe_options(specs);
    return 0;
  }
  for (const char* required : {"model", "src", "out"})
    if (!args.has(required)) throw Error(std::string("--") + required + " is required");
  if (!args.positional().empty()) throw Error("unexpected argument '" + args.positional().front() + "'");

  training::DistillationOptions settings;
  settings.source_prefix = args.get("prefix");
  settings.max_source_len = args.get_int("max-source-len", 512, 2, 1 << 20);
  settings.max_new_tokens = args.get_int("max-new-tokens", 128, 1, 1 << 20);
  settings.max_tokens = args.get_int("max-tokens", 8192, 1, INT64_MAX);
  settings.threads = static_cast<int>(args.get_int("threads", 0, 0, 1024));

  const std::vector<std::string> sources = io::read_text_lines(args.get("src"), "source");
  std::vector<std::string> references;
  if (args.has("ref")) {
    references = io::read_text_lines(args.get("ref"), "reference");
    io::check_line_aligned(sources, args.get("src"), references, args.get("ref"));
  }
  ProgressBar bar("distill", static_cast<int64_t>(sources.size()));
  training::DistilledText result = training::distill(args.get("model"), sources, settings,
                                                     [&](int64_t done, int64_t) { bar.update(done); });
  bar.finish();

  std::string scores;
  if (!references.empty())
    scores = "teacher against the references: BLEU " +
             fixed(metrics::corpus_bleu(result.outputs, references).score, 2) + ", chrF " +
             fixed(metrics::corpus_chrf(result.outputs, references).score, 2) + "\n";

  // Training refuses empty targets, and an output cut at the limit is a
  // teacher stuck repeating itself: with --ref, both keep their reference.
  std::vector<std::size_t> empty;
  for (std::size_t i = 0; i < result.outputs.size(); ++i)
    if (result.outputs[i].empty()) empty.push_back(i);
  if (references.empty() && !empty.empty())
    throw Error("the teacher output nothing for " + std::to_string(empty.size()) + " source(s), the first on line " +
                std::to_string(empty.front() + 1) + " of " + args.get("src") +
                "; give --ref to keep their reference targets (nothing was written)");
  if (!references.empty()) {
    for (std::size_t i : empty) result.outputs[i] = references[i];
    for (int64_t i : result.cut_lines) result.outputs[i] = references[i];
  }

  std::string text;
  for (const auto& line : result.outputs) text += line + "\n";
  io::write_text_atomically(args.get("out"), text);

  std::cout << "distilled " << sources.size() << " sources into " << args.get("out") << " ("
            << result.output_tokens << " tokens";
  const std::string fate = references.empty() ? "" : ", replaced by their reference";
  if (!result.cut_lines.empty())
    std::cout << "; " << result.cut_lines.size() << " cut at --max-new-tokens (the first on line "
              << result.cut_lines.front() + 1 << ")" << fate;
  if (!empty.empty()) std::cout << "; " << empty.size() << " empty" << fate;
  std::cout << ")\n";
  std::cout << scores;
  return 0;
}

}  // namespace l2s::cli

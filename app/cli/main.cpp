// `l2s`: the command line of LLM-to-SLM Studio.
#include <cstring>
#include <iostream>
#include <string>

#include "cli/commands.h"
#include "l2s/error.h"
#include "l2s/version.h"

namespace {

const char* kUsage = R"(usage: l2s COMMAND [OPTIONS]

Fast text generation with a large model's encoder and a small model's decoder.

commands:
  generate    generate text with a model (t5, llama) or a pack mode (streams tokens)
  compare     one prompt through the LLM alone and through each LLM-to-SLM pair, timed
  bench       speed (and quality) of a pack's modes on a file of prompts
  eval        the task's metrics (BLEU and chrF, or ROUGE) of one pack mode on a test set
  score       BLEU, chrF or ROUGE of a hypothesis file against a reference file
  tokenizer   train or apply a sentencepiece tokenizer
  convert     rewrite a model folder's weights as f16, bf16 or f32
  average     the mean of a training run's last checkpoints
  train       train a model (t5, llama), or a projector and SLM on a frozen LLM
  distill     a teacher's translations of a training set, as a student's targets
  plot        draw training curves from a training log as SVG

Run `l2s COMMAND --help` for the options of a command.
  --help       show this text
  --version    show the version
)";

struct Command {
  const char* name;
  int (*run)(const l2s::cli::Argv&);
};

const Command kCommands[] = {
    {"generate", l2s::cli::run_generate},
    {"compare", l2s::cli::run_compare},
    {"bench", l2s::cli::run_bench},
    {"eval", l2s::cli::run_eval},
    {"score", l2s::cli::run_score},
    {"tokenizer", l2s::cli::run_tokenizer},
    {"convert", l2s::cli::run_convert},
    {"average", l2s::cli::run_average},
    {"train", l2s::cli::run_train},
    {"distill", l2s::cli::run_distill},
    {"plot", l2s::cli::run_plot},
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) {
    std::cout << kUsage;
    return argc < 2 ? 2 : 0;
  }
  if (!std::strcmp(argv[1], "--version")) {
    std::cout << "l2s " << L2S_VERSION << "\n";
    return 0;
  }
  const l2s::cli::Argv rest(argv + 2, argv + argc);
  for (const auto& command : kCommands) {
    if (std::strcmp(argv[1], command.name) != 0) continue;
    try {
      return command.run(rest);
    } catch (const l2s::Error& e) {
      std::cout.flush();
      std::cerr << "l2s " << command.name << ": error: " << e.what() << "\n";
      return 1;
    } catch (const std::exception& e) {
      std::cout.flush();
      std::cerr << "l2s " << command.name << ": internal error: " << e.what() << "\n";
      return 3;
    }
  }
  std::cerr << "l2s: unknown command '" << argv[1] << "' (see l2s --help)\n";
  return 2;
}

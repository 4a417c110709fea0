// `l2s train`: trains a T5 (mode lm) or an LLM-to-SLM pair (mode l2s) from a
// JSON config file, with command-line flags overriding its keys. Ctrl-C saves
// a checkpoint and stops; --resume continues exactly where it stopped.
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/progress_bar.h"
#include "cli/report.h"
#include "l2s/error.h"
#include "l2s/training/stop_signal.h"
#include "l2s/training/trainer.h"
#include "l2s/training/training_config.h"
#include "cli/train_group.h"
#include "l2s/error.h"
#include "l2s/training/stop_signal.h"
#include "l2s/training/trainer.h"
#include "l2s/training/training_config.h"

namespace l2s::cli {
namespace {

std::string flag_name(const std::string& key) {
  std::string name = key;
  for (char& c : name)
    if (c == '_') c = '-';
  return name;
}

std::vector<OptionSpec> option_specs() {
  std::vector<OptionSpec> specs = {
      {"config", true, "JSON config file (keys below; flags override it)"},
      {"print-config", false, "print the effective config as JSON and exit"},
      {"help", false, "show this text"},
  };
  for (const OptionSpec& spec : train_group_options()) specs.push_back(spec);
  for (const auto& key : training::training_config_keys())
    specs.push_back({flag_name(key.name), key.kind != training::ConfigValueKind::Boolean, key.help});
  return specs;
}

std::string read_config_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot read the training config");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Messages go to stderr, clearing a progress bar drawn on the same line.
void say(const std::string& text) {
  std::fprintf(stderr, "%s%s\n", isatty(STDERR_FILENO) ? "\r\033[K" : "", text.c_str());
  std::fflush(stderr);
}

std::string scientific(double value) {
  char text[64];
  std::snprintf(text, sizeof text, "%.2e", value);
  return text;
}

// ", BLEU 21.37, chrF 48.02": the task's dev metrics.
std::string metric_list(const metrics::MetricValues& values) {
  std::string text;
  for (const metrics::MetricValue& value : values) text += ", " + value.label + " " + fixed(value.value, 2);
  return text;
}

}  // namespace

int run_train(const Argv& argv) {
  const std::vector<OptionSpec> specs = option_specs();
  Args args = Args::parse(argv, specs);
  if (args.has("help")) {
    std::cout << "usage: l2s train --config FILE [--KEY VALUE ...] [--nproc N | --world-size W --rank R "
                 "--master ADDR:PORT]\n\n"
                 "Trains a T5 model (mode lm) or a projector and SLM on a frozen LLM (mode l2s).\n"
                 "Every config key can be given as a flag (--max-tokens 4096 sets \"max_tokens\").\n"
                 "Ctrl-C saves a checkpoint and stops; --resume continues from it. --nproc and --world-size\n"
                 "train data-parallel on several processes or machines. See docs/training.md.\n\n"
              << describe_options(specs);
    return 0;
  }
  if (!args.positional().empty()) throw Error("unexpected argument '" + args.positional().front() + "'");

  const std::string source = args.has("config") ? args.get("config") : "command line";
  const std::string text = args.has("config") ? read_config_file(args.get("config")) : "{}";
  std::vector<std::pair<std::string, std::string>> overrides;
  for (const auto& key : training::training_config_keys())
    if (args.has(flag_name(key.name))) overrides.emplace_back(key.name, args.get(flag_name(key.name)));
  const training::TrainingConfig config = training::parse_training_config(text, source, overrides);
  if (args.has("print-config")) {
    std::cout << training::training_config_to_json(config);
    return 0;
  }

  if (args.has("nproc")) {
    if (args.has("world-size") || args.has("rank") || args.has("master"))
      throw Error("--nproc starts its own group: leave out --world-size, --rank and --master");
    const int64_t nproc = args.get_int("nproc", 1, 1, 256);
    if (nproc > 1) return run_local_group(static_cast<int>(nproc), argv, config.dist_timeout_s + 10);
  }
  const training::DistributedOptions group = distributed_options(args);
  const bool lead = group.rank == 0;  // the other ranks stay quiet: rank 0 speaks for the group

  std::atomic<bool>& stop = training::install_stop_signal_handlers();
  std::unique_ptr<ProgressBar> bar;
  int64_t first_step = 0;
  training::TrainingCallbacks callbacks;
  callbacks.stop_setup = [&stop] { return stop.load(); };
  if (lead) callbacks.on_message = [](const std::string& message) { say(message); };
  if (lead) callbacks.on_step = [&](const training::TrainingProgress& p) {
    if (!bar) {  // counts this run's steps, so the ETA holds after a resume
      first_step = p.step - 1;
      bar = std::make_unique<ProgressBar>("train", p.total_steps - first_step);
    }
    bar->update(p.step - first_step, "step " + std::to_string(p.step) + "/" + std::to_string(p.total_steps) +
                                         " loss " + fixed(p.loss, 3) + " " + fixed(p.tokens_per_s, 0) +
                                         " tok/s lr " + scientific(p.lr));
  };
  if (lead) callbacks.on_eval = [](int64_t step, const training::DevScores& s) {
    say("step " + std::to_string(step) + ": dev loss " + fixed(s.loss, 4) + metric_list(s.metrics) + " (" +
        std::to_string(s.examples) + " examples)");
  };

  training::Trainer trainer(config, callbacks, group);
  const training::TrainingResult result = trainer.run(&stop);
  if (bar && result.outcome == training::TrainingOutcome::Finished) bar->finish();
  if (!lead) return result.outcome == training::TrainingOutcome::Interrupted ? 130 : 0;
  if (result.outcome == training::TrainingOutcome::Interrupted) {
    say("interrupted at step " + std::to_string(result.step) + " of " + std::to_string(result.total_steps) +
        "; checkpoint " + result.checkpoint + "; continue with --resume");
    return 130;
  }
  std::cout << "trained " << result.step << " steps (" << fixed(result.tokens_per_s, 0) << " tokens/s)";
  if (result.last_dev)
    std::cout << "; dev loss " << fixed(result.last_dev->loss, 4) << metric_list(result.last_dev->metrics);
  std::cout << "\nmodel: " << config.output << (config.mode == training::TrainingMode::L2s ? "/{slm,projector}" : "")
            << "\nlog:   " << config.output << "/train.jsonl\n";
  return 0;
}

}  // namespace l2s::cli

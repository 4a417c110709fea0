#pragma once
// The `l2s` subcommands. Each takes the arguments after its name and returns
// the process exit code; bad input throws l2s::Error (exit 1, message shown).
#include <string>
#include <vector>

namespace l2s::cli {

using Argv = std::vector<std::string>;

int run_generate(const Argv& argv);
int run_tokenizer(const Argv& argv);
int run_compare(const Argv& argv);
int run_bench(const Argv& argv);
int run_eval(const Argv& argv);
int run_convert(const Argv& argv);
int run_average(const Argv& argv);
int run_train(const Argv& argv);
int run_plot(const Argv& argv);
int run_distill(const Argv& argv);
int run_score(const Argv& argv);

}  // namespace l2s::cli

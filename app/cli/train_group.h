#pragma once
// `l2s train` as one rank of a data-parallel group: the rank's place from
// --world-size/--rank/--master (or WORLD_SIZE, RANK, MASTER_ADDR and
// MASTER_PORT, as torchrun sets them), and --nproc N, which starts N ranks
// of the same command on this machine and waits for them.
#include <string>
#include <vector>

#include "cli/args.h"
#include "cli/commands.h"
#include "l2s/training/distributed_options.h"

namespace l2s::cli {

std::vector<OptionSpec> train_group_options();

// The rank's place in its group; world size 1 when nothing sets one.
training::DistributedOptions distributed_options(const Args& args);

// Starts `nproc` copies of `l2s train argv...` (without --nproc) as ranks
// 0..nproc-1 of a group on 127.0.0.1 and a free port, and waits. When a rank
// fails, the others get `grace_s` to stop on their own (they report the lost
// rank) before they are killed. Returns the first failing rank's exit code.
int run_local_group(int nproc, const Argv& argv, double grace_s);

}  // namespace l2s::cli

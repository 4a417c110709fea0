#pragma once
// Where a process stands in a data-parallel training group (l2s train
// --nproc, or --world-size/--rank/--master): torch-free, for front ends.
#include <string>

namespace l2s::training {

struct DistributedOptions {
  int world_size = 1;  // 1: no group
  int rank = 0;
  std::string master_addr = "127.0.0.1";  // where rank 0 hosts the rendezvous store
  int master_port = 29500;
  double timeout_s = 300;  // joining, and each collective
};

}  // namespace l2s::training

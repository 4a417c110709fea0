#pragma once
// What a benchmark ran on: stated with every figure it reports.
#include <string>

namespace l2s {

struct MachineInfo {
  std::string cpu;          // model name from /proc/cpuinfo
  int cores = 0;            // logical cores
  int threads = 0;          // libtorch intra-op threads in use
  std::string libtorch;     // version
  std::string blas;         // BLAS library actually mapped into the process
};

MachineInfo machine_info();

}  // namespace l2s

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
  double memory_read_gb_per_s = 0;  // measured by measure_memory_read(); 0 when not measured
};

MachineInfo machine_info();

// The memory read bandwidth in GB/s (1e9 bytes) as this process sees it: the
// median of several sums over a buffer far larger than the caches, with the
// compute threads in use. Takes a fraction of a second.
double measure_memory_read();

}  // namespace l2s

#include "l2s/machine_info.h"

#include <torch/csrc/api/include/torch/version.h>

#include <fstream>

#include "engine/runtime/threads.h"

namespace l2s {
namespace {

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("model name", 0) == 0) {
      const auto colon = line.find(':');
      return colon == std::string::npos ? line : line.substr(line.find_first_not_of(' ', colon + 1));
    }
  return "unknown";
}

// The BLAS shared object loaded in this process: the alternative Debian
// picked decides whether matmul is fast (OpenBLAS) or ~30x slower (reference).
std::string mapped_blas() {
  std::ifstream in("/proc/self/maps");
  for (std::string line; std::getline(in, line);) {
    const auto slash = line.find('/');
    if (slash == std::string::npos) continue;
    const std::string path = line.substr(slash);
    if (path.find("blas") != std::string::npos) return path;
  }
  return "none mapped";
}

}  // namespace

MachineInfo machine_info() {
  MachineInfo info;
  info.cpu = cpu_model();
  info.cores = available_cores();
  info.threads = compute_threads();
  info.libtorch = TORCH_VERSION;
  info.blas = mapped_blas();
  return info;
}

}  // namespace l2s

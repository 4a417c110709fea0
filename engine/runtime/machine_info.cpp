#include "l2s/machine_info.h"

#include <torch/csrc/api/include/torch/version.h>

#include <ATen/ATen.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <thread>
#include <vector>

#include "l2s/latency_stats.h"
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

double measure_memory_read() {
  constexpr int64_t kFloats = int64_t{1} << 26;  // 256 MiB: no cache holds it
  constexpr int kRuns = 7;
  const at::Tensor buffer = at::ones({kFloats});  // written once, so every page is mapped
  // As many readers as decoding has compute threads, each summing its share
  // (ATen's own pool is kept at one thread: threads.h).
  const int64_t readers = std::max(1, compute_threads());
  const int64_t share = kFloats / readers;
  std::vector<double> gb_per_s;
  for (int run = 0; run <= kRuns; ++run) {
    std::vector<float> sums(static_cast<std::size_t>(readers));
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> threads;
    for (int64_t r = 0; r < readers; ++r)
      threads.emplace_back([&, r] { sums[r] = buffer.narrow(0, r * share, share).sum().item<float>(); });
    for (std::thread& thread : threads) thread.join();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const bool summed = std::all_of(sums.begin(), sums.end(), [&](float sum) { return sum > 0; });
    if (run > 0 && summed && seconds > 0) gb_per_s.push_back(4.0 * static_cast<double>(share * readers) / seconds / 1e9);
  }
  return percentile(std::move(gb_per_s), 0.5);
}

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

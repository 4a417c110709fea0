#include "engine/runtime/threads.h"

#include <ATen/Parallel.h>
#include <dlfcn.h>

#include <atomic>
#include <thread>

namespace l2s {
namespace {

std::atomic<int> applied_threads{0};

// OpenBLAS's controls, looked up at run time: libtorch may use another BLAS.
using SetThreads = void (*)(int);
using GetParallel = int (*)();

SetThreads openblas_pthreads_setter() {
  auto get_parallel = reinterpret_cast<GetParallel>(dlsym(RTLD_DEFAULT, "openblas_get_parallel"));
  if (get_parallel == nullptr || get_parallel() != 1) return nullptr;  // 1: pthreads, 2: OpenMP, 0: sequential
  return reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
}

}  // namespace

int available_cores() {
  const unsigned cores = std::thread::hardware_concurrency();
  return cores == 0 ? 1 : static_cast<int>(cores);
}

void set_compute_threads(int threads) {
  const int count = threads > 0 ? threads : available_cores();
  if (SetThreads set_openblas_threads = openblas_pthreads_setter()) {
    set_openblas_threads(count);
    at::set_num_threads(1);
  } else {
    at::set_num_threads(count);
  }
  applied_threads = count;
}

int compute_threads() {
  const int count = applied_threads;
  return count > 0 ? count : available_cores();
}

}  // namespace l2s

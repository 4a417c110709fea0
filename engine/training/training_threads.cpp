#include "engine/training/training_threads.h"

#include <dlfcn.h>

#include "engine/runtime/threads.h"

namespace l2s::training {
namespace {

// OpenBLAS's controls, looked up at run time: libtorch may use another BLAS.
using SetThreads = void (*)(int);
using GetParallel = int (*)();

bool openblas_uses_its_own_threads() {
  auto get_parallel = reinterpret_cast<GetParallel>(dlsym(RTLD_DEFAULT, "openblas_get_parallel"));
  return get_parallel != nullptr && get_parallel() == 1;  // 1: pthreads, 2: OpenMP, 0: sequential
}

}  // namespace

int configure_training_threads(int threads) {
  const int count = threads > 0 ? threads : available_cores();
  auto set_openblas_threads = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
  if (set_openblas_threads && openblas_uses_its_own_threads()) {
    set_openblas_threads(count);
    set_compute_threads(1);
  } else {
    set_compute_threads(count);
  }
  return count;
}

}  // namespace l2s::training

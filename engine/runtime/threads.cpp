#include "engine/runtime/threads.h"

#include <ATen/Parallel.h>

#include <thread>

namespace l2s {

int available_cores() {
  const unsigned cores = std::thread::hardware_concurrency();
  return cores == 0 ? 1 : static_cast<int>(cores);
}

void set_compute_threads(int threads) { at::set_num_threads(threads <= 0 ? available_cores() : threads); }

int compute_threads() { return at::get_num_threads(); }

}  // namespace l2s

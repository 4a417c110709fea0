#pragma once

namespace l2s {

// Sets the threads libtorch uses for one operation (intra-op). libtorch
// defaults to one thread here; 0 means all cores.
void set_compute_threads(int threads);
int compute_threads();
int available_cores();

}  // namespace l2s

#pragma once

namespace l2s {

// Sets how many cores libtorch's work uses; 0 means all cores.
//
// With Debian's pthreads OpenBLAS, matrix products run on OpenBLAS's own
// threads whatever at::set_num_threads says, and libgomp's spinning ATen
// workers then fight them for the same cores. Measured on 2 cores
// (benchmarks/bench_decoding, batch-1 decoding): ATen at 2 threads decodes
// 1.4-4.7x slower than ATen at 1 thread with OpenBLAS at 2; training halves
// in speed likewise. So the count goes to OpenBLAS and ATen's element-wise
// work stays on one thread; with any other BLAS, ATen gets the count.
void set_compute_threads(int threads);
// The count last applied (all cores until set).
int compute_threads();
int available_cores();

}  // namespace l2s

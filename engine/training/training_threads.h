#pragma once
// Threads for training. With a pthreads OpenBLAS (Debian's default) the
// matrix products run on OpenBLAS's own threads, whatever at::set_num_threads
// says, and libgomp's spinning workers then compete with them for the same
// cores: measured on 2 cores, ATen at 2 threads trains about half as fast as
// ATen at 1 thread with OpenBLAS at 2. So `threads` goes to OpenBLAS and
// ATen's elementwise work stays on one thread; with any other BLAS, ATen
// gets `threads`. Results depend on the count, so a resumed run must keep it.
namespace l2s::training {

// 0: all cores. Returns the count applied.
int configure_training_threads(int threads);

}  // namespace l2s::training

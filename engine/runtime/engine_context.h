#pragma once
// Applies a loaded engine's EngineOptions: checks that the device and compute
// type can run here (libtorch side), and sets the thread count for a run.
#include "l2s/engine_options.h"

namespace l2s {
class LanguageModel;
}

namespace l2s {

// Throws l2s::Error when this build cannot honour `options` (a CUDA device
// with a CPU-only libtorch, a compute type other than f32 and bf16), naming it.
void check_engine_options(const EngineOptions& options);

// Stores a freshly loaded model's decode weights as options.dtype asks. On a
// CPU without AVX2, bf16 would be slower than f32: the model stays f32 and a
// notice says so on standard error.
void apply_compute_dtype(LanguageModel& model, const EngineOptions& options);

// libtorch's thread count is per calling thread: every run applies it.
void apply_threads(const EngineOptions& options);

}  // namespace l2s

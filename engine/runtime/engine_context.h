#pragma once
// Applies a loaded engine's EngineOptions: checks that the device and compute
// type can run here (libtorch side), and sets the thread count for a run.
#include "l2s/engine_options.h"

namespace l2s {

// Throws l2s::Error when this build cannot honour `options` (a CUDA device
// with a CPU-only libtorch, a compute type other than f32), naming it.
void check_engine_options(const EngineOptions& options);

// libtorch's thread count is per calling thread: every run applies it.
void apply_threads(const EngineOptions& options);

}  // namespace l2s

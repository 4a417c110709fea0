#include "engine/runtime/engine_context.h"

#include <ATen/Context.h>

#include "engine/runtime/threads.h"
#include "l2s/error.h"

namespace l2s {

void check_engine_options(const EngineOptions& options) {
  options.validate();
  if (options.device != "cpu") {
    if (!at::hasCUDA())
      throw Error("device " + options.device +
                  ": this build runs on a libtorch without CUDA (Debian's is CPU-only); use --device cpu");
    throw Error("device " + options.device + ": running on a GPU is not supported by this version of l2s yet");
  }
  if (options.dtype != "f32")
    throw Error("dtype " + options.dtype + ": this version computes in f32 only (packs may store f16/bf16 weights)");
}

void apply_threads(const EngineOptions& options) { set_compute_threads(options.threads); }

}  // namespace l2s

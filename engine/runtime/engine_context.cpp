#include "engine/runtime/engine_context.h"

#include <ATen/Context.h>

#include <iostream>
#include <mutex>
#include <string>

#include "engine/layers/small_rows_dense.h"
#include "engine/models/language_model.h"

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
  if (options.dtype != "f32" && options.dtype != "bf16")
    throw Error("dtype " + options.dtype + ": decoding stores weights as f32 or bf16 (packs may store f16 on disk)");
}

void apply_compute_dtype(LanguageModel& model, const EngineOptions& options) {
  if (options.dtype != "bf16") return;
  if (std::string(layers::small_rows_dense_isa()) == "generic") {
    static std::once_flag noticed;
    std::call_once(noticed, [] {
      std::cerr << "l2s: this CPU has no AVX2, so bf16 weights would decode slower than f32; computing in f32\n";
    });
    return;
  }
  model.store_decode_matrices(at::kBFloat16);
}

void apply_threads(const EngineOptions& options) { set_compute_threads(options.threads); }

}  // namespace l2s

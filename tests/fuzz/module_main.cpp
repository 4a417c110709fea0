// The libFuzzer executable of a target that runs models (L2S_FUZZ_MODEL_TARGETS
// in targets.cmake). The target's code, the engine and libtorch are a module
// that this program opens with RTLD_LOCAL and calls into: libtorch's
// libprotobuf then stays out of the process's global symbols, where the
// tokenizer plugin's sentencepiece would bind to it instead of its own
// protobuf and fail its version check. (Elsewhere RTLD_DEEPBIND keeps
// them apart, which AddressSanitizer refuses.) The module is instrumented
// like the rest, and libFuzzer counts its coverage once it is loaded here.
#include <dlfcn.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

using TestOneInput = int (*)(const uint8_t*, size_t);
TestOneInput module_entry = nullptr;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  void* module = dlopen(L2S_FUZZ_MODULE, RTLD_NOW | RTLD_LOCAL);
  if (module) module_entry = reinterpret_cast<TestOneInput>(dlsym(module, "LLVMFuzzerTestOneInput"));
  if (!module_entry) {
    std::fprintf(stderr, "cannot load the fuzz target's module %s: %s\n", L2S_FUZZ_MODULE, dlerror());
    std::exit(2);
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) { return module_entry(data, size); }

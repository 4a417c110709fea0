// libFuzzer target: a safetensors file (engine/io/safetensors.h). A file that
// opens must have every tensor's bytes inside the mapping: all are read.
#include "engine/io/safetensors.h"

#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = l2s::fuzz::write_scratch("model.safetensors", data, size);
  l2s::fuzz::expect_only_l2s_errors([&] {
    const auto file = l2s::io::SafetensorsFile::open(path);
    uint8_t sum = 0;
    for (const auto& info : file.tensors()) {
      if (info.numel() * static_cast<int64_t>(l2s::io::dtype_size(info.dtype)) != static_cast<int64_t>(info.nbytes))
        __builtin_trap();
      const auto* bytes = static_cast<const uint8_t*>(file.data(info));
      for (uint64_t i = 0; i < info.nbytes; ++i) sum ^= bytes[i];
    }
    asm volatile("" : : "r"(sum));
  });
  return 0;
}

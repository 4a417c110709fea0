// libFuzzer target: pack.json (engine/runtime/pack_info.h) in a folder that has
// the model folders a typical pack names, so that valid-looking packs get past
// the folder checks into modes, presets and the benchmark.
#include <filesystem>

#include "l2s/pack_info.h"

#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace fs = std::filesystem;
  static const fs::path pack = [] {
    const fs::path dir = l2s::fuzz::scratch_dir() / "pack";
    for (const char* model : {"llm", "slm", "projector", "slm_baseline", "slm2"}) fs::create_directories(dir / model);
    return dir;
  }();
  l2s::fuzz::write_scratch("pack/pack.json", data, size);
  l2s::fuzz::expect_only_l2s_errors([&] {
    const l2s::PackInfo info = l2s::read_pack_info(pack.string());
    for (const l2s::PackMode& mode : info.modes()) {
      if (info.mode(mode.name).name != mode.name) __builtin_trap();
    }
  });
  return 0;
}

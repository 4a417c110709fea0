#pragma once
// How a loaded model or pack computes: given when it is loaded (PackRunner,
// Generator), kept by it, applied to every generation it runs.
#include <string>

namespace l2s {

struct EngineOptions {
  std::string device = "cpu";  // "cpu", or "cuda" / "cuda:N"
  std::string dtype = "f32";   // how decoding stores its weights: "f32", or "bf16" (half the bytes per
                               // token, float32 arithmetic)
  int threads = 0;             // compute threads; 0: all cores

  // Checks the spelling of each setting; throws l2s::Error naming it. Whether
  // the device exists is checked when models load.
  void validate() const;
};

}  // namespace l2s

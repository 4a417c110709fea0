#include "l2s/engine_options.h"

#include <cctype>

#include "l2s/error.h"

namespace l2s {
namespace {

bool is_cuda(const std::string& device) {
  if (device == "cuda") return true;
  if (device.rfind("cuda:", 0) != 0 || device.size() == 5) return false;
  for (std::size_t i = 5; i < device.size(); ++i)
    if (!std::isdigit(static_cast<unsigned char>(device[i]))) return false;
  return true;
}

}  // namespace

void EngineOptions::validate() const {
  if (device != "cpu" && !is_cuda(device))
    throw Error("device '" + device + "' is not a device name (use cpu, cuda or cuda:N)");
  if (dtype != "f32" && dtype != "bf16" && dtype != "f16")
    throw Error("dtype '" + dtype + "' is not a compute type (use f32 or bf16)");
  if (threads < 0 || threads > 1024) throw Error("threads must be between 0 (all cores) and 1024");
}

}  // namespace l2s

#pragma once
// Loading and saving a model's parameters through its visitor (the Hugging
// Face name, the tensor slot and the expected shape of each parameter), so
// every model family checks checkpoints the same way.
#include <ATen/core/Tensor.h>

#include <functional>
#include <string>
#include <vector>

namespace l2s {

namespace io {
class Checkpoint;
enum class StorageDType;
}  // namespace io

using ParameterVisitor =
    std::function<void(const std::string& name, at::Tensor& tensor, const std::vector<int64_t>& shape)>;
// Calls the visitor on every parameter of one model (e.g. weights.visit(config, visitor)).
using ParameterWalk = std::function<void(const ParameterVisitor& visitor)>;

// Fills every visited slot from `checkpoint` as float32 (F16/BF16/F64 converted).
// Throws l2s::Error naming the checkpoint and the missing or misshapen tensor.
void load_parameters(const io::Checkpoint& checkpoint, const ParameterWalk& walk);

// Writes the visited tensors (detached) to one safetensors file, atomically,
// with transformers' {"format": "pt"} metadata.
void save_parameters(const std::string& path, const ParameterWalk& walk, io::StorageDType storage);

}  // namespace l2s

#include "engine/models/parameter_io.h"

#include <ATen/ATen.h>

#include "l2s/error.h"
#include "engine/io/checkpoint.h"

namespace l2s {

void load_parameters(const io::Checkpoint& checkpoint, const ParameterWalk& walk) {
  walk([&](const std::string& name, at::Tensor& tensor, const std::vector<int64_t>& shape) {
    if (!checkpoint.contains(name))
      throw Error(checkpoint.dir() + ": tensor '" + name + "' is missing from the checkpoint");
    tensor = checkpoint.load_float(name);
    if (tensor.sizes() != at::IntArrayRef(shape))
      throw Error(checkpoint.dir() + ": tensor '" + name + "' has shape " + io::shape_text(tensor.sizes().vec()) +
                  ", but config.json implies " + io::shape_text(shape));
  });
}

void save_parameters(const std::string& path, const ParameterWalk& walk, io::StorageDType storage) {
  std::vector<std::pair<std::string, at::Tensor>> named;
  walk([&](const std::string& name, at::Tensor& tensor, const std::vector<int64_t>&) {
    named.emplace_back(name, tensor.detach());
  });
  io::save_tensors(path, named, storage, {{"format", "pt"}});
}

}  // namespace l2s

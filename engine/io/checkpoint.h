#pragma once
// A Hugging Face checkpoint folder's weights: `model.safetensors`, or shards
// listed in `model.safetensors.index.json`. Bridges safetensors views to
// libtorch tensors.
#include <ATen/core/Tensor.h>

#include <map>
#include <string>
#include <vector>

#include "engine/io/safetensors.h"
#include "l2s/checkpoint_tools.h"

namespace l2s::io {

class Checkpoint {
 public:
  // Opens `dir`/model.safetensors or the sharded index in `dir`; throws
  // l2s::Error naming the folder/file and the problem.
  static Checkpoint open(const std::string& dir);
  // A single safetensors file (a projector, test data).
  static Checkpoint open_file(const std::string& path);

  const std::string& dir() const { return dir_; }  // for open_file(), the file's folder
  bool contains(const std::string& name) const;
  std::vector<std::string> names() const;
  const TensorInfo& info(const std::string& name) const;  // throws if absent
  // The tensor as float32 (F16/BF16/F64 converted; aligned F32 data shared
  // with the read-only mapping, without a copy). Throws if absent or integer.
  // READ-ONLY: the result may alias pages mapped without write permission, so
  // writing into it (in-place ops, optimizers) crashes; clone() it first.
  at::Tensor load_float(const std::string& name) const;
  // The tensor in its stored dtype (for integer test data), always a copy.
  at::Tensor load(const std::string& name) const;

 private:
  static Checkpoint open_shards(const std::string& dir, const std::string& index_path);
  // Indexes every tensor of `files`; a name found in two files is an error.
  static Checkpoint from_files(const std::string& dir, std::vector<SafetensorsFile> files);
  const SafetensorsFile& file_with(const std::string& name) const;  // throws if absent

  std::string dir_;
  std::vector<SafetensorsFile> files_;
  std::map<std::string, std::size_t> file_of_;  // tensor name -> index in files_
};


// Saves named tensors as one safetensors file, atomically. Floating tensors are
// stored as `storage`; integer tensors keep their dtype.
void save_tensors(const std::string& path, const std::vector<std::pair<std::string, at::Tensor>>& tensors,
                  StorageDType storage = StorageDType::F32,
                  const std::map<std::string, std::string>& metadata = {});

}  // namespace l2s::io

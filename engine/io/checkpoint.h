#pragma once
// A Hugging Face checkpoint folder's weights: `model.safetensors`, or shards
// listed in `model.safetensors.index.json`. Bridges safetensors views to
// libtorch tensors.
#include <ATen/core/Tensor.h>

#include <map>
#include <string>
#include <vector>

#include "engine/io/safetensors.h"

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

enum class StorageDType { F32, F16, BF16 };

// Saves named tensors as one safetensors file, atomically. Floating tensors are
// stored as `storage`; integer tensors keep their dtype.
void save_tensors(const std::string& path, const std::vector<std::pair<std::string, at::Tensor>>& tensors,
                  StorageDType storage = StorageDType::F32,
                  const std::map<std::string, std::string>& metadata = {});

// Rewrites the checkpoint folder `in_dir` into `out_dir` with floating
// tensors stored as `storage` (one model.safetensors, sharded or not before);
// the folder's other files (config.json, spiece.model, ...) are copied.
// Throws l2s::Error for a missing input, an output equal to the input, or a
// failed write; the output's files are each written atomically.
void convert_checkpoint_folder(const std::string& in_dir, const std::string& out_dir, StorageDType storage);

// Writes into `out_dir` the element-wise mean of the checkpoint folders
// `in_dirs` (checkpoints of one model, e.g. the last few of a training run),
// stored as `storage`; the first folder's other files are copied. Throws
// l2s::Error for fewer than two folders, tensor names or shapes that differ,
// or an output equal to an input.
void average_checkpoint_folders(const std::vector<std::string>& in_dirs, const std::string& out_dir,
                                StorageDType storage);

StorageDType parse_storage_dtype(const std::string& name);  // "f32", "f16", "bf16"; throws l2s::Error

}  // namespace l2s::io

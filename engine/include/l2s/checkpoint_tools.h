#pragma once
// Whole-folder operations on Hugging Face checkpoints (l2s convert, l2s
// average), torch-free for front ends.
#include <string>
#include <vector>

namespace l2s::io {

enum class StorageDType { F32, F16, BF16 };

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

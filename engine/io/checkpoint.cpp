#include "engine/io/checkpoint.h"

#include <ATen/ATen.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "l2s/error.h"
#include "engine/io/bounded_read.h"
#include "l2s/atomic_file.h"
#include "engine/io/mapped_file.h"

// Safetensors data is little-endian and is handed to ATen as is.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "safetensors I/O assumes a little-endian host");

namespace l2s::io {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kSingleFile = "model.safetensors";
constexpr const char* kShardIndex = "model.safetensors.index.json";

std::string quoted(const std::string& name) { return "'" + name + "'"; }

at::ScalarType scalar_type_of(DType dtype) {
  switch (dtype) {
    case DType::F32: return at::kFloat;
    case DType::F16: return at::kHalf;
    case DType::BF16: return at::kBFloat16;
    case DType::F64: return at::kDouble;
    case DType::I64: return at::kLong;
    case DType::I32: return at::kInt;
    case DType::I16: return at::kShort;
    case DType::I8: return at::kChar;
    case DType::U8: return at::kByte;
    case DType::BOOL: return at::kBool;
  }
  throw Error("unknown safetensors dtype");
}

std::optional<DType> dtype_of(at::ScalarType type) {
  for (DType dtype : {DType::F32, DType::F16, DType::BF16, DType::F64, DType::I64, DType::I32, DType::I16,
                      DType::I8, DType::U8, DType::BOOL}) {
    if (scalar_type_of(dtype) == type) return dtype;
  }
  return std::nullopt;
}

bool is_floating(DType dtype) {
  return dtype == DType::F32 || dtype == DType::F16 || dtype == DType::BF16 || dtype == DType::F64;
}

at::ScalarType scalar_type_of(StorageDType storage) {
  switch (storage) {
    case StorageDType::F32: return at::kFloat;
    case StorageDType::F16: return at::kHalf;
    case StorageDType::BF16: return at::kBFloat16;
  }
  throw Error("unknown storage dtype");
}

at::TensorOptions options_of(const TensorInfo& info) { return at::TensorOptions().dtype(scalar_type_of(info.dtype)); }

// from_blob wants a mutable pointer into the read-only mapping. The cast is
// safe because the result is either copied at once or handed out as weights,
// which callers never write into (a write would fault on the read-only pages).
void* blob_of(const SafetensorsFile& file, const TensorInfo& info) { return const_cast<void*>(file.data(info)); }

// An ATen view of the mapped bytes, valid only while `file` is alive.
at::Tensor borrowed(const SafetensorsFile& file, const TensorInfo& info) {
  return at::from_blob(blob_of(file, info), info.shape, options_of(info));
}

json read_index(const std::string& index_path) {
  std::ifstream stream(index_path, std::ios::binary);
  if (!stream) throw Error(index_path + ": cannot read the file");
  try {
    return json::parse(read_bounded(stream, index_path, "checkpoint index"));
  } catch (const json::exception& e) {
    throw Error(index_path + ": not valid JSON: " + e.what());
  }
}

// weight_map: tensor name -> shard file name, all strings.
std::map<std::string, std::string> read_weight_map(const std::string& index_path) {
  const json index = read_index(index_path);
  const auto found = index.find("weight_map");  // end() unless `index` is an object
  if (found == index.end() || !found->is_object()) throw Error(index_path + ": no \"weight_map\" object");
  std::map<std::string, std::string> weight_map;
  for (const auto& [name, shard] : found->items()) {
    if (!shard.is_string()) throw Error(index_path + ": weight_map entry " + quoted(name) + " is not a file name");
    weight_map[name] = shard.get<std::string>();
  }
  return weight_map;
}

}  // namespace

Checkpoint Checkpoint::open(const std::string& dir) {
  std::error_code error;
  if (!fs::exists(dir, error)) throw Error(dir + ": no such folder");
  if (!fs::is_directory(dir, error)) throw Error(dir + ": is not a folder");

  const std::string single = (fs::path(dir) / kSingleFile).string();
  const std::string index = (fs::path(dir) / kShardIndex).string();
  if (fs::exists(single, error)) return from_files(dir, {SafetensorsFile::open(single)});
  if (fs::exists(index, error)) return open_shards(dir, index);
  throw Error(dir + ": no " + kSingleFile + " or " + kShardIndex +
              " (pytorch_model.bin is not supported; convert it to safetensors)");
}

Checkpoint Checkpoint::open_file(const std::string& path) {
  return from_files(fs::path(path).parent_path().string(), {SafetensorsFile::open(path)});
}

Checkpoint Checkpoint::open_shards(const std::string& dir, const std::string& index_path) {
  const std::map<std::string, std::string> weight_map = read_weight_map(index_path);
  std::map<std::string, std::size_t> shard_number;  // each shard is opened once
  std::vector<SafetensorsFile> files;
  for (const auto& [name, shard] : weight_map) {
    if (shard_number.count(shard)) continue;
    shard_number[shard] = files.size();
    files.push_back(SafetensorsFile::open((fs::path(dir) / shard).string()));
  }
  Checkpoint checkpoint = from_files(dir, std::move(files));
  for (const auto& [name, shard] : weight_map) {
    const auto found = checkpoint.file_of_.find(name);
    if (found == checkpoint.file_of_.end() || found->second != shard_number.at(shard)) {
      throw Error(index_path + ": weight_map puts " + quoted(name) + " in " + shard + ", which has no such tensor");
    }
  }
  return checkpoint;
}

Checkpoint Checkpoint::from_files(const std::string& dir, std::vector<SafetensorsFile> files) {
  Checkpoint checkpoint;
  checkpoint.dir_ = dir;
  checkpoint.files_ = std::move(files);
  for (std::size_t i = 0; i < checkpoint.files_.size(); ++i) {
    for (const TensorInfo& info : checkpoint.files_[i].tensors()) {
      const auto [where, added] = checkpoint.file_of_.emplace(info.name, i);
      if (!added) {
        throw Error(dir + ": tensor " + quoted(info.name) + " is in both " + checkpoint.files_[where->second].path() +
                    " and " + checkpoint.files_[i].path());
      }
    }
  }
  return checkpoint;
}

bool Checkpoint::contains(const std::string& name) const { return file_of_.count(name) > 0; }

std::vector<std::string> Checkpoint::names() const {
  std::vector<std::string> names;
  for (const auto& [name, file] : file_of_) names.push_back(name);
  return names;
}

const SafetensorsFile& Checkpoint::file_with(const std::string& name) const {
  const auto found = file_of_.find(name);
  if (found == file_of_.end()) throw Error(dir_ + ": no tensor named " + quoted(name));
  return files_[found->second];
}

const TensorInfo& Checkpoint::info(const std::string& name) const { return file_with(name).at(name); }

at::Tensor Checkpoint::load_float(const std::string& name) const {
  const SafetensorsFile& file = file_with(name);
  const TensorInfo& info = file.at(name);
  if (!is_floating(info.dtype)) {
    throw Error(file.path() + ": tensor " + quoted(name) + " is " + dtype_name(info.dtype) +
                ", not a floating tensor");
  }
  const bool aligned = reinterpret_cast<std::uintptr_t>(file.data(info)) % alignof(float) == 0;
  if (info.dtype == DType::F32 && aligned) {
    // The deleter owns a reference to the mapping: the tensor keeps the file
    // mapped for as long as it (or a view of it) lives.
    std::shared_ptr<const MappedFile> mapping = file.mapping();
    return at::from_blob(blob_of(file, info), info.shape, [mapping](void*) {}, options_of(info));
  }
  return borrowed(file, info).to(at::kFloat, /*non_blocking=*/false, /*copy=*/true);
}

at::Tensor Checkpoint::load(const std::string& name) const {
  const SafetensorsFile& file = file_with(name);
  return borrowed(file, file.at(name)).clone();
}

void save_tensors(const std::string& path, const std::vector<std::pair<std::string, at::Tensor>>& tensors,
                  StorageDType storage, const std::map<std::string, std::string>& metadata) {
  std::vector<at::Tensor> stored;  // keeps the bytes alive until written
  std::vector<TensorView> views;
  for (const auto& [name, tensor] : tensors) {
    if (!tensor.defined()) throw Error(path + ": tensor " + quoted(name) + " is undefined");
    at::Tensor cpu = tensor.detach().to(at::kCPU);
    if (cpu.is_floating_point()) cpu = cpu.to(scalar_type_of(storage));
    cpu = cpu.contiguous();
    const auto dtype = dtype_of(cpu.scalar_type());
    if (!dtype) {
      throw Error(path + ": tensor " + quoted(name) + " has dtype " + std::string(c10::toString(cpu.scalar_type())) +
                  ", which safetensors files here cannot store");
    }
    views.push_back({name, *dtype, cpu.sizes().vec(), cpu.data_ptr()});
    stored.push_back(std::move(cpu));
  }
  write_safetensors(path, views, metadata);
}

StorageDType parse_storage_dtype(const std::string& name) {
  if (name == "f32") return StorageDType::F32;
  if (name == "f16") return StorageDType::F16;
  if (name == "bf16") return StorageDType::BF16;
  throw Error("unknown storage dtype '" + name + "' (choose f32, f16 or bf16)");
}

namespace {

void require_distinct_output(const std::string& in_dir, const std::string& out_dir) {
  std::error_code same_error;
  if (fs::exists(out_dir) && fs::equivalent(in_dir, out_dir, same_error))
    throw Error(out_dir + ": the output folder must differ from the input folder");
}

// Copies the folder's files other than its weights (config.json, spiece.model, ...).
void copy_side_files(const std::string& in_dir, const std::string& out_dir) {
  for (const fs::directory_entry& entry : fs::directory_iterator(in_dir)) {
    const std::string name = entry.path().filename().string();
    const bool weights = entry.path().extension() == ".safetensors" || name == kShardIndex;
    if (!entry.is_regular_file() || weights) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    write_text_atomically((fs::path(out_dir) / name).string(),
                          std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()));
  }
}

}  // namespace

void convert_checkpoint_folder(const std::string& in_dir, const std::string& out_dir, StorageDType storage) {
  const Checkpoint checkpoint = Checkpoint::open(in_dir);
  require_distinct_output(in_dir, out_dir);
  fs::create_directories(out_dir);
  std::vector<std::pair<std::string, at::Tensor>> tensors;
  for (const std::string& name : checkpoint.names()) tensors.emplace_back(name, checkpoint.load(name));
  save_tensors((fs::path(out_dir) / kSingleFile).string(), tensors, storage, {{"format", "pt"}});
  copy_side_files(in_dir, out_dir);
}

void average_checkpoint_folders(const std::vector<std::string>& in_dirs, const std::string& out_dir,
                                StorageDType storage) {
  if (in_dirs.size() < 2) throw Error("averaging needs at least two model folders");
  std::vector<Checkpoint> checkpoints;
  for (const std::string& dir : in_dirs) {
    checkpoints.push_back(Checkpoint::open(dir));
    require_distinct_output(dir, out_dir);
  }
  const Checkpoint& first = checkpoints.front();
  const std::vector<std::string> names = first.names();
  for (std::size_t i = 1; i < checkpoints.size(); ++i) {
    if (checkpoints[i].names() != names)
      throw Error(in_dirs[i] + ": its tensor names differ from " + in_dirs[0] + "'s; only one model's checkpoints average");
    for (const std::string& name : names) {
      const TensorInfo &a = first.info(name), &b = checkpoints[i].info(name);
      if (a.shape != b.shape)
        throw Error(in_dirs[i] + ": tensor " + quoted(name) + " has shape " + shape_text(b.shape) + ", but " +
                    shape_text(a.shape) + " in " + in_dirs[0]);
    }
  }
  std::vector<std::pair<std::string, at::Tensor>> tensors;
  for (const std::string& name : names) {
    // Integer tensors (none in a T5, but allowed by the format) are not averaged: they must agree.
    const at::Tensor value = first.load(name);
    if (!value.is_floating_point()) {
      for (std::size_t i = 1; i < checkpoints.size(); ++i)
        if (!at::equal(checkpoints[i].load(name), value))
          throw Error(in_dirs[i] + ": integer tensor " + quoted(name) + " differs from " + in_dirs[0] + "'s");
      tensors.emplace_back(name, value);
      continue;
    }
    // Summed in float64 so the mean of many checkpoints loses nothing to rounding.
    at::Tensor sum = value.to(at::kDouble);
    for (std::size_t i = 1; i < checkpoints.size(); ++i) sum.add_(checkpoints[i].load_float(name).to(at::kDouble));
    tensors.emplace_back(name, sum.div_(static_cast<double>(checkpoints.size())).to(at::kFloat));
  }
  fs::create_directories(out_dir);
  save_tensors((fs::path(out_dir) / kSingleFile).string(), tensors, storage, {{"format", "pt"}});
  copy_side_files(in_dirs.front(), out_dir);
}

}  // namespace l2s::io

#pragma once
// Reader and writer of the safetensors format (Hugging Face): an 8-byte
// little-endian header length, a JSON header, then the raw tensor bytes.
// Torch-free: tensors are exposed as typed views into a read-only mapping.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace l2s::io {

class MappedFile;

enum class DType { F32, F16, BF16, F64, I64, I32, I16, I8, U8, BOOL };

std::size_t dtype_size(DType dtype);
const char* dtype_name(DType dtype);  // "F32", "BF16", ... as in the header

struct TensorInfo {
  std::string name;
  DType dtype = DType::F32;
  std::vector<int64_t> shape;
  uint64_t offset = 0;  // absolute byte offset of the data in the file
  uint64_t nbytes = 0;
  int64_t numel() const;
};

// An open, fully validated safetensors file. Validation happens in open():
// header length against file size, JSON syntax, known dtypes, shape x element
// size equal to the byte range, ranges in bounds, not overlapping, no holes.
// Any problem throws l2s::Error naming the file and the problem.
class SafetensorsFile {
 public:
  static SafetensorsFile open(const std::string& path);

  const std::string& path() const { return path_; }
  const std::vector<TensorInfo>& tensors() const { return tensors_; }  // sorted by name
  const TensorInfo* find(const std::string& name) const;               // nullptr if absent
  const TensorInfo& at(const std::string& name) const;                 // throws l2s::Error if absent
  const void* data(const TensorInfo& info) const;                      // pointer into the mapping
  const std::map<std::string, std::string>& metadata() const { return metadata_; }
  // Keeps the mapping alive for as long as a view into it is in use.
  std::shared_ptr<const MappedFile> mapping() const { return mapping_; }

 private:
  std::string path_;
  std::shared_ptr<const MappedFile> mapping_;
  std::vector<TensorInfo> tensors_;
  std::map<std::string, std::string> metadata_;
};

struct TensorView {
  std::string name;
  DType dtype = DType::F32;
  std::vector<int64_t> shape;
  const void* data = nullptr;  // numel(shape) * dtype_size(dtype) bytes
};

// "[2, 3]": a shape as error messages show it.
std::string shape_text(const std::vector<int64_t>& shape);

// Writes a safetensors file atomically (temp file in the same folder, fsync,
// rename): an interrupted write never destroys an existing file at `path`.
void write_safetensors(const std::string& path, const std::vector<TensorView>& tensors,
                       const std::map<std::string, std::string>& metadata = {});

}  // namespace l2s::io

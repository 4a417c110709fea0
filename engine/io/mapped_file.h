#pragma once
// A whole file mapped read-only into memory. Weights are read straight from
// the mapping, so a checkpoint costs no copy and no heap memory.
#include <cstddef>
#include <cstdint>
#include <string>

namespace l2s::io {

class MappedFile {
 public:
  // Throws l2s::Error naming `path` if it is missing, unreadable or not a
  // regular file. An empty file maps to data() == nullptr, size() == 0.
  explicit MappedFile(const std::string& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  // The pages are mapped without write permission: writing through data()
  // faults, it never changes the file.
  const std::uint8_t* data() const { return data_; }
  std::size_t size() const { return size_; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  const std::uint8_t* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace l2s::io

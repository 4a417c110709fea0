#include "engine/io/mapped_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "l2s/error.h"

namespace l2s::io {
namespace {

// Closes the descriptor on every path out of the constructor; the mapping
// stays valid after the close.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

Error system_error(const std::string& path, const char* what) {
  return Error(path + ": " + what + ": " + std::strerror(errno));
}

}  // namespace

MappedFile::MappedFile(const std::string& path) : path_(path) {
  const FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) throw system_error(path, "cannot open");

  struct stat status {};
  if (::fstat(fd.get(), &status) != 0) throw system_error(path, "cannot stat");
  // open() succeeds on a folder; mmap() would then fail with a vaguer message.
  if (S_ISDIR(status.st_mode)) throw Error(path + ": is a directory, not a file");
  if (!S_ISREG(status.st_mode)) throw Error(path + ": is not a regular file");

  size_ = static_cast<std::size_t>(status.st_size);
  if (size_ == 0) return;  // mmap() rejects a zero length
  void* mapped = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd.get(), 0);
  if (mapped == MAP_FAILED) throw system_error(path, "cannot map");
  data_ = static_cast<const std::uint8_t*>(mapped);
}

MappedFile::~MappedFile() {
  if (data_ != nullptr) ::munmap(const_cast<std::uint8_t*>(data_), size_);
}

}  // namespace l2s::io

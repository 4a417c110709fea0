#include "l2s/atomic_file.h"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "l2s/error.h"

namespace l2s::io {
namespace {

Error io_error(const std::string& path, const char* what, int error_number) {
  return Error(path + ": " + what + ": " + std::strerror(error_number));
}

// `.<name>.tmp-<pid>-<n>` beside the target: same file system, so the final
// rename is atomic; hidden, and unique across processes and threads.
std::string temp_path_beside(const std::string& path) {
  static std::atomic<unsigned> counter{0};
  const std::filesystem::path target(path);
  const std::string name = "." + target.filename().string() + ".tmp-" + std::to_string(::getpid()) + "-" +
                           std::to_string(counter++);
  return (target.parent_path() / name).string();
}

// Moves the stream's bytes to the disk before the rename makes them visible.
void flush_to_disk(std::FILE* file, const std::string& path) {
  if (std::ferror(file)) throw io_error(path, "cannot write", errno);
  if (std::fflush(file) != 0) throw io_error(path, "cannot write", errno);
  if (::fsync(::fileno(file)) != 0) throw io_error(path, "cannot sync", errno);
}

}  // namespace

void write_file_atomically(const std::string& path, const std::function<void(std::FILE*)>& write) {
  const std::string temp = temp_path_beside(path);
  // "x": never reuse a file that is already there.
  std::FILE* file = std::fopen(temp.c_str(), "wbx");
  if (file == nullptr) throw io_error(path, ("cannot create " + temp).c_str(), errno);

  try {
    write(file);
    flush_to_disk(file, path);
  } catch (...) {
    std::fclose(file);
    std::remove(temp.c_str());
    throw;
  }
  if (std::fclose(file) != 0) {
    const int error_number = errno;
    std::remove(temp.c_str());
    throw io_error(path, "cannot write", error_number);
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    const int error_number = errno;
    std::remove(temp.c_str());
    throw io_error(path, "cannot replace", error_number);
  }
}

void write_text_atomically(const std::string& path, const std::string& text) {
  write_file_atomically(path, [&](std::FILE* file) { std::fwrite(text.data(), 1, text.size(), file); });
}

}  // namespace l2s::io

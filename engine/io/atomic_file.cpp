#include "l2s/atomic_file.h"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
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

// Removes `.<name>.tmp-<pid>-<n>` files of `path` whose writer is gone (a
// killed process leaves its temporary file behind). A writer still running
// keeps its own.
void remove_orphaned_temps(const std::string& path) {
  const std::filesystem::path target(path);
  const std::string prefix = "." + target.filename().string() + ".tmp-";
  std::error_code error;
  const std::filesystem::path dir = target.has_parent_path() ? target.parent_path() : ".";
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    const std::string rest = name.substr(prefix.size());
    const std::size_t dash = rest.find('-');
    if (dash == 0 || dash == std::string::npos || rest.find_first_not_of("0123456789-") != std::string::npos) continue;
    const long pid = std::strtol(rest.substr(0, dash).c_str(), nullptr, 10);
    if (pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH)
      std::filesystem::remove(entry.path(), error);
  }
}

// Moves the stream's bytes to the disk before the rename makes them visible.
void flush_to_disk(std::FILE* file, const std::string& path) {
  if (std::ferror(file)) throw io_error(path, "cannot write", errno);
  if (std::fflush(file) != 0) throw io_error(path, "cannot write", errno);
  if (::fsync(::fileno(file)) != 0) throw io_error(path, "cannot sync", errno);
}

}  // namespace

void write_file_atomically(const std::string& path, const std::function<void(std::FILE*)>& write) {
  remove_orphaned_temps(path);
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

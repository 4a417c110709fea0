#include "engine/io/bounded_read.h"

#include "l2s/error.h"

namespace l2s::io {

std::string read_bounded(std::istream& in, const std::string& path, const std::string& what, std::size_t max_bytes) {
  std::string text;
  char chunk[1 << 16];
  while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
    text.append(chunk, static_cast<std::size_t>(in.gcount()));
    if (text.size() > max_bytes) {
      throw Error(path + ": the " + what + " is over the limit of " + std::to_string(max_bytes) + " bytes");
    }
  }
  return text;
}

}  // namespace l2s::io

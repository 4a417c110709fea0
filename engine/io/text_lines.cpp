#include "l2s/text_lines.h"

#include <fstream>

#include "engine/common/utf8.h"
#include "l2s/error.h"

namespace l2s::io {

std::size_t find_invalid_utf8(const std::string& text) {
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t start = pos;
    if (is_escaped_byte(next_code_point(text, pos))) return start;
  }
  return std::string::npos;
}

std::vector<std::string> read_text_lines(const std::string& path, const std::string& what,
                                         const TextLineRules& rules) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot read the " + what + " file");
  std::vector<std::string> lines;
  std::size_t number = 0;
  // A line is read into a buffer of the limit (+1 for a "\r"), never further:
  // a huge one-line file costs no more memory than a line at the limit.
  std::string buffer(rules.max_bytes + 2, '\0');
  for (;;) {
    in.getline(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const auto read = static_cast<std::size_t>(in.gcount());
    if (read == 0 && in.eof()) break;
    ++number;
    const std::string where = path + ":" + std::to_string(number) + ": ";
    const bool too_long = in.fail() && !in.eof();  // the buffer filled before the end of the line
    std::string line(buffer.data(), in.eof() ? read : read - 1);  // without the '\n'
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (too_long || line.size() > rules.max_bytes)
      throw Error(where + "line is longer than the limit of " + std::to_string(rules.max_bytes) + " bytes");
    if (const std::size_t bad = find_invalid_utf8(line); bad != std::string::npos)
      throw Error(where + "invalid UTF-8 at byte " + std::to_string(bad + 1));
    if (!rules.allow_empty && line.find_first_not_of(" \t") == std::string::npos)
      throw Error(where + "empty " + what + " line");
    lines.push_back(std::move(line));
    if (in.eof()) break;
  }
  if (lines.empty()) throw Error(path + ": the " + what + " file is empty");
  return lines;
}

void check_line_aligned(const std::vector<std::string>& a, const std::string& a_path,
                        const std::vector<std::string>& b, const std::string& b_path) {
  if (a.size() != b.size())
    throw Error(a_path + " has " + std::to_string(a.size()) + " lines but " + b_path + " has " +
                std::to_string(b.size()) + ": the files must be line-aligned");
}

}  // namespace l2s::io

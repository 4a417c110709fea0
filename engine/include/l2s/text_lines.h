#pragma once
// Line-oriented text files (prompts, references, parallel training data),
// read with checks that name the file and line of every problem.
#include <cstddef>
#include <string>
#include <vector>

namespace l2s::io {

struct TextLineRules {
  bool allow_empty = false;            // an empty line is an error unless allowed
  std::size_t max_bytes = 64 * 1024;   // longer lines are refused
};

// Reads `path` as UTF-8 lines (a trailing "\r" is dropped). Throws
// l2s::Error "PATH:LINE: ..." for invalid UTF-8, empty or over-long lines, and
// for a missing or empty file. `what` names the content in messages.
std::vector<std::string> read_text_lines(const std::string& path, const std::string& what,
                                         const TextLineRules& rules = {});

// Throws l2s::Error unless both files have the same number of lines.
void check_line_aligned(const std::vector<std::string>& a, const std::string& a_path,
                        const std::vector<std::string>& b, const std::string& b_path);

// Byte offset of the first invalid UTF-8 sequence, or npos if valid.
std::size_t find_invalid_utf8(const std::string& text);

}  // namespace l2s::io

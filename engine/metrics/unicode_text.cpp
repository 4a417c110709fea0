#include "engine/metrics/unicode_text.h"

namespace l2s::metrics {

std::u32string decode_utf8(std::string_view text) {
  std::u32string decoded;
  decoded.reserve(text.size());
  for (std::size_t pos = 0; pos < text.size();) decoded.push_back(next_code_point(text, pos));
  return decoded;
}

bool is_python_whitespace(char32_t c) {
  if ((c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20)) return true;
  if (c < 0x85) return false;
  return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
         c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

std::vector<std::string_view> split_on_whitespace(std::string_view text) {
  std::vector<std::string_view> words;
  std::size_t word_start = std::string_view::npos;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t char_start = pos;
    const bool space = is_python_whitespace(next_code_point(text, pos));
    if (space && word_start != std::string_view::npos) {
      words.push_back(text.substr(word_start, char_start - word_start));
      word_start = std::string_view::npos;
    } else if (!space && word_start == std::string_view::npos) {
      word_start = char_start;
    }
  }
  if (word_start != std::string_view::npos) words.push_back(text.substr(word_start));
  return words;
}

std::string_view strip_trailing_whitespace(std::string_view text) {
  std::size_t end = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    if (!is_python_whitespace(next_code_point(text, pos))) end = pos;
  }
  return text.substr(0, end);
}

}  // namespace l2s::metrics

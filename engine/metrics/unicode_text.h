#pragma once
// The few Unicode facts the metrics need, on UTF-8 text: code points and
// Python's notion of whitespace (sacreBLEU splits and strips with str.split()
// and str.rstrip(), which honour every Unicode space, not only ASCII ones).
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "engine/common/utf8.h"

namespace l2s::metrics {

using l2s::next_code_point;  // engine/common/utf8.h

std::u32string decode_utf8(std::string_view text);

// Python's str.isspace().
bool is_python_whitespace(char32_t c);

// Python's str.split() with no argument: runs of whitespace separate words;
// leading and trailing whitespace yield no empty words.
std::vector<std::string_view> split_on_whitespace(std::string_view text);

// Python's str.rstrip() with no argument.
std::string_view strip_trailing_whitespace(std::string_view text);

}  // namespace l2s::metrics

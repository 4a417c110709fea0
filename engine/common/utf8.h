#pragma once
// The one UTF-8 decoder of the engine: metrics read code points with it, and
// every text input is validated with it.
#include <cstddef>
#include <string_view>

namespace l2s {

// Decodes the code point at `pos` and moves `pos` past it. A byte that does
// not start a well-formed sequence (overlong forms, surrogates, values past
// U+10FFFF included) decodes to U+DC80..U+DCFF, as Python's "surrogateescape"
// does, and `pos` moves one byte: malformed text still scores, one character
// per bad byte, and well-formed text never decodes to those values.
char32_t next_code_point(std::string_view text, std::size_t& pos);

// Whether a decoded value stands for a malformed byte.
inline bool is_escaped_byte(char32_t c) { return c >= 0xDC80 && c <= 0xDCFF; }

}  // namespace l2s

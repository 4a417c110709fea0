#include "engine/common/utf8.h"

namespace l2s {
namespace {

constexpr char32_t kEscapedByteBase = 0xDC00;

bool is_continuation_byte(unsigned char byte) { return (byte & 0xC0) == 0x80; }

// Sequence length announced by a lead byte, 0 for bytes that cannot lead.
int sequence_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 0;
}

// The smallest code point each length may encode: anything below is overlong.
char32_t smallest_code_point(int length) {
  switch (length) {
    case 2: return 0x80;
    case 3: return 0x800;
    default: return 0x10000;
  }
}

}  // namespace

char32_t next_code_point(std::string_view text, std::size_t& pos) {
  const auto lead = static_cast<unsigned char>(text[pos]);
  const int length = sequence_length(lead);
  if (length == 1) {
    ++pos;
    return lead;
  }
  const auto escape_lead_byte = [&] {
    ++pos;
    return kEscapedByteBase + lead;
  };
  if (length == 0 || pos + length > text.size()) return escape_lead_byte();

  char32_t code_point = lead & (0x7F >> length);
  for (int i = 1; i < length; ++i) {
    const auto byte = static_cast<unsigned char>(text[pos + i]);
    if (!is_continuation_byte(byte)) return escape_lead_byte();
    code_point = (code_point << 6) | (byte & 0x3F);
  }
  const bool is_surrogate = code_point >= 0xD800 && code_point <= 0xDFFF;
  if (code_point < smallest_code_point(length) || is_surrogate || code_point > 0x10FFFF) {
    return escape_lead_byte();
  }
  pos += length;
  return code_point;
}

}  // namespace l2s

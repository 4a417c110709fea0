#include "engine/metrics/rouge_tokenizer.h"

#include "engine/metrics/porter_stemmer.h"
#include "engine/metrics/unicode_text.h"

namespace l2s::metrics {
namespace {

constexpr char32_t kCapitalIWithDot = 0x130;  // lower-cases to "i" + U+0307 COMBINING DOT ABOVE
constexpr char32_t kKelvinSign = 0x212A;      // lower-cases to "k"

// The ASCII letter or digit a code point becomes after str.lower(), or 0 for
// a code point whose lower-case form holds none (a token separator).
char kept_character(char32_t c) {
  if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return static_cast<char>(c);
  if (c >= 'A' && c <= 'Z') return static_cast<char>(c - 'A' + 'a');
  if (c == kKelvinSign) return 'k';
  return 0;
}

}  // namespace

std::vector<std::string> rouge_tokenize(std::string_view text, bool use_stemmer) {
  std::vector<std::string> tokens;
  std::string token;
  const auto finish_token = [&] {
    if (token.empty()) return;
    tokens.push_back(use_stemmer && token.size() > 3 ? porter_stem(token) : token);
    token.clear();
  };
  for (std::size_t pos = 0; pos < text.size();) {
    const char32_t c = next_code_point(text, pos);
    if (c == kCapitalIWithDot) {
      token += 'i';
      finish_token();  // the combining dot is not [a-z0-9]
    } else if (const char kept = kept_character(c)) {
      token += kept;
    } else {
      finish_token();
    }
  }
  finish_token();
  return tokens;
}

}  // namespace l2s::metrics

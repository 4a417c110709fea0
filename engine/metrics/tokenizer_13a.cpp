#include "engine/metrics/tokenizer_13a.h"

#include "engine/metrics/unicode_text.h"

namespace l2s::metrics {
namespace {

// Every rule below looks only at ASCII characters, and in UTF-8 an ASCII byte
// always is that ASCII character, so the rules can work on bytes: a multi-byte
// character is never a digit, period or comma, just as in Python's regexes.

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  std::string result;
  std::size_t start = 0;
  for (std::size_t found; (found = text.find(from, start)) != std::string::npos;
       start = found + from.size()) {
    result.append(text, start, found - start).append(to);
  }
  result.append(text, start);
  text = std::move(result);
}

void apply_language_independent_rules(std::string& text) {
  replace_all(text, "<skipped>", "");
  replace_all(text, "-\n", "");
  replace_all(text, "\n", " ");
  replace_all(text, "&quot;", "\"");
  replace_all(text, "&amp;", "&");
  replace_all(text, "&lt;", "<");
  replace_all(text, "&gt;", ">");
}

bool is_isolated_symbol(char c) {
  return (c >= ' ' && c <= '&') || (c >= '(' && c <= '+') || (c >= ':' && c <= '@') ||
         (c >= '[' && c <= '`') || (c >= '{' && c <= '~') || c == '/';
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_period_or_comma(char c) { return c == '.' || c == ','; }

std::string isolate_symbols(std::string_view text) {
  std::string result;
  result.reserve(text.size() * 2);
  for (char c : text) {
    if (is_isolated_symbol(c)) {
      result.append({' ', c, ' '});
    } else {
      result.push_back(c);
    }
  }
  return result;
}

// Replaces each pair of adjacent characters that `matches` accepts, scanning
// left to right and resuming after a replaced pair, as re.sub does with a
// two-character pattern.
template <typename Match, typename Rewrite>
std::string substitute_pairs(std::string_view text, Match matches, Rewrite rewrite) {
  std::string result;
  result.reserve(text.size() * 2);
  std::size_t i = 0;
  while (i < text.size()) {
    if (i + 1 < text.size() && matches(text[i], text[i + 1])) {
      result += rewrite(text[i], text[i + 1]);
      i += 2;
    } else {
      result.push_back(text[i++]);
    }
  }
  return result;
}

std::string apply_punctuation_rules(std::string_view text) {
  std::string result = isolate_symbols(text);
  result = substitute_pairs(
      result, [](char a, char b) { return !is_digit(a) && is_period_or_comma(b); },
      [](char a, char b) { return std::string{a, ' ', b, ' '}; });
  result = substitute_pairs(
      result, [](char a, char b) { return is_period_or_comma(a) && !is_digit(b); },
      [](char a, char b) { return std::string{' ', a, ' ', b}; });
  return substitute_pairs(
      result, [](char a, char b) { return is_digit(a) && b == '-'; },
      [](char a, char b) { return std::string{a, ' ', b, ' '}; });
}

std::string join_words(std::string_view text) {
  std::string joined;
  for (std::string_view word : split_on_whitespace(text)) {
    if (!joined.empty()) joined.push_back(' ');
    joined.append(word);
  }
  return joined;
}

}  // namespace

std::string tokenize_13a(std::string_view line) {
  std::string text(line);
  apply_language_independent_rules(text);
  // The padding lets the pair rules see a neighbour at both ends of the line.
  return join_words(apply_punctuation_rules(" " + text + " "));
}

}  // namespace l2s::metrics

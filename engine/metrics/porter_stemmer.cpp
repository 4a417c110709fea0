#include "engine/metrics/porter_stemmer.h"

#include <functional>
#include <initializer_list>
#include <unordered_map>

namespace l2s::metrics {
namespace {

// Porter's definition: a, e, i, o, u are vowels; y is a vowel after a
// consonant and a consonant at the start or after a vowel; anything else is a
// consonant.
bool is_consonant(std::string_view word, std::size_t i) {
  bool consonant = true;
  for (std::size_t k = 0; k <= i; ++k) {
    const char c = word[k];
    if (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u')
      consonant = false;
    else if (c == 'y')
      consonant = k == 0 ? true : !consonant;
    else
      consonant = true;
  }
  return consonant;
}

// m in [C](VC){m}[V]: the number of vowel-to-consonant transitions.
int measure(std::string_view stem) {
  int m = 0;
  bool previous_vowel = false;
  for (std::size_t i = 0; i < stem.size(); ++i) {
    const bool consonant = is_consonant(stem, i);
    if (consonant && previous_vowel) ++m;
    previous_vowel = !consonant;
  }
  return m;
}

bool contains_vowel(std::string_view stem) {
  for (std::size_t i = 0; i < stem.size(); ++i)
    if (!is_consonant(stem, i)) return true;
  return false;
}

// Condition *d: the word ends with a double consonant.
bool ends_double_consonant(std::string_view word) {
  const std::size_t n = word.size();
  return n >= 2 && word[n - 1] == word[n - 2] && is_consonant(word, n - 1);
}

// Condition *o: the stem ends consonant-vowel-consonant, the last not w, x or
// y; NLTK also accepts a two-letter vowel-consonant stem.
bool ends_cvc(std::string_view word) {
  const std::size_t n = word.size();
  if (n >= 3)
    return is_consonant(word, n - 3) && !is_consonant(word, n - 2) && is_consonant(word, n - 1) &&
           word[n - 1] != 'w' && word[n - 1] != 'x' && word[n - 1] != 'y';
  return n == 2 && !is_consonant(word, 0) && is_consonant(word, 1);
}

bool ends_with(std::string_view word, std::string_view suffix) {
  return word.size() >= suffix.size() && word.substr(word.size() - suffix.size()) == suffix;
}

using Condition = std::function<bool(std::string_view stem)>;

struct Rule {
  std::string_view suffix;  // "*d": any double consonant (both letters removed)
  std::string_view replacement;
  Condition condition;      // empty: unconditional
};

bool positive_measure(std::string_view stem) { return measure(stem) > 0; }
bool measure_above_one(std::string_view stem) { return measure(stem) > 1; }

// The first rule whose suffix the word ends with decides: its replacement
// when the condition holds on the remaining stem, otherwise the word as it
// is (later rules are not tried).
std::string apply_first_matching(std::string_view word, std::initializer_list<Rule> rules) {
  for (const Rule& rule : rules) {
    std::size_t cut;
    if (rule.suffix == "*d" && ends_double_consonant(word))
      cut = 2;
    else if (ends_with(word, rule.suffix))
      cut = rule.suffix.size();
    else
      continue;
    const std::string_view stem = word.substr(0, word.size() - cut);
    if (rule.condition && !rule.condition(stem)) return std::string(word);
    return std::string(stem) + std::string(rule.replacement);
  }
  return std::string(word);
}

std::string step1a(std::string_view word) {
  if (ends_with(word, "ies") && word.size() == 4) return std::string(word.substr(0, 1)) + "ie";
  return apply_first_matching(word, {{"sses", "ss", {}}, {"ies", "i", {}}, {"ss", "ss", {}}, {"s", "", {}}});
}

std::string step1b(std::string_view word) {
  if (ends_with(word, "ied")) return std::string(word.substr(0, word.size() - 3)) + (word.size() == 4 ? "ie" : "i");
  if (ends_with(word, "eed")) {
    const std::string_view stem = word.substr(0, word.size() - 3);
    return measure(stem) > 0 ? std::string(stem) + "ee" : std::string(word);
  }
  std::string_view stem;
  bool removed = false;
  for (std::string_view suffix : {"ed", "ing"}) {
    if (!ends_with(word, suffix)) continue;
    stem = word.substr(0, word.size() - suffix.size());
    if (contains_vowel(stem)) {
      removed = true;
      break;
    }
  }
  if (!removed) return std::string(word);
  const char last = stem.back();
  const std::string last_letter(1, last);
  return apply_first_matching(
      stem, {{"at", "ate", {}},
             {"bl", "ble", {}},
             {"iz", "ize", {}},
             {"*d", last_letter, [last](std::string_view) { return last != 'l' && last != 's' && last != 'z'; }},
             {"", "e", [](std::string_view s) { return measure(s) == 1 && ends_cvc(s); }}});
}

std::string step1c(std::string_view word) {
  return apply_first_matching(
      word, {{"y", "i", [](std::string_view s) { return s.size() > 1 && is_consonant(s, s.size() - 1); }}});
}

std::string step2(std::string_view word) {
  if (ends_with(word, "alli") && positive_measure(word.substr(0, word.size() - 4)))
    return step2(std::string(word.substr(0, word.size() - 4)) + "al");
  // "logi" keeps its "l" with the stem when measuring (so "geologi" stems).
  const std::string_view with_l = word.size() >= 3 ? word.substr(0, word.size() - 3) : word;
  return apply_first_matching(word, {{"ational", "ate", positive_measure},
                                     {"tional", "tion", positive_measure},
                                     {"enci", "ence", positive_measure},
                                     {"anci", "ance", positive_measure},
                                     {"izer", "ize", positive_measure},
                                     {"bli", "ble", positive_measure},
                                     {"alli", "al", positive_measure},
                                     {"entli", "ent", positive_measure},
                                     {"eli", "e", positive_measure},
                                     {"ousli", "ous", positive_measure},
                                     {"ization", "ize", positive_measure},
                                     {"ation", "ate", positive_measure},
                                     {"ator", "ate", positive_measure},
                                     {"alism", "al", positive_measure},
                                     {"iveness", "ive", positive_measure},
                                     {"fulness", "ful", positive_measure},
                                     {"ousness", "ous", positive_measure},
                                     {"aliti", "al", positive_measure},
                                     {"iviti", "ive", positive_measure},
                                     {"biliti", "ble", positive_measure},
                                     {"fulli", "ful", positive_measure},
                                     {"logi", "log", [with_l](std::string_view) { return positive_measure(with_l); }}});
}

std::string step3(std::string_view word) {
  return apply_first_matching(word, {{"icate", "ic", positive_measure},
                                     {"ative", "", positive_measure},
                                     {"alize", "al", positive_measure},
                                     {"iciti", "ic", positive_measure},
                                     {"ical", "ic", positive_measure},
                                     {"ful", "", positive_measure},
                                     {"ness", "", positive_measure}});
}

std::string step4(std::string_view word) {
  const auto ion_condition = [](std::string_view s) {
    return measure_above_one(s) && (s.back() == 's' || s.back() == 't');
  };
  return apply_first_matching(word, {{"al", "", measure_above_one},    {"ance", "", measure_above_one},
                                     {"ence", "", measure_above_one},  {"er", "", measure_above_one},
                                     {"ic", "", measure_above_one},    {"able", "", measure_above_one},
                                     {"ible", "", measure_above_one},  {"ant", "", measure_above_one},
                                     {"ement", "", measure_above_one}, {"ment", "", measure_above_one},
                                     {"ent", "", measure_above_one},   {"ion", "", ion_condition},
                                     {"ou", "", measure_above_one},    {"ism", "", measure_above_one},
                                     {"ate", "", measure_above_one},   {"iti", "", measure_above_one},
                                     {"ous", "", measure_above_one},   {"ive", "", measure_above_one},
                                     {"ize", "", measure_above_one}});
}

// Unlike the other steps, both of 5a's rules are tried on the same suffix.
std::string step5a(std::string_view word) {
  if (ends_with(word, "e")) {
    const std::string_view stem = word.substr(0, word.size() - 1);
    const int m = measure(stem);
    if (m > 1 || (m == 1 && !ends_cvc(stem))) return std::string(stem);
  }
  return std::string(word);
}

std::string step5b(std::string_view word) {
  const std::string_view with_l = word.empty() ? word : word.substr(0, word.size() - 1);
  return apply_first_matching(word, {{"ll", "l", [with_l](std::string_view) { return measure_above_one(with_l); }}});
}

// Forms the algorithm gets wrong, mapped to their stems directly (NLTK's table).
const std::unordered_map<std::string_view, std::string_view>& irregular_forms() {
  static const std::unordered_map<std::string_view, std::string_view> forms = {
      {"sky", "sky"},         {"skies", "sky"},         {"dying", "die"},       {"lying", "lie"},
      {"tying", "tie"},       {"news", "news"},         {"innings", "inning"},  {"inning", "inning"},
      {"outings", "outing"},  {"outing", "outing"},     {"cannings", "canning"}, {"canning", "canning"},
      {"howe", "howe"},       {"proceed", "proceed"},   {"exceed", "exceed"},   {"succeed", "succeed"}};
  return forms;
}

}  // namespace

std::string porter_stem(std::string_view word) {
  if (auto it = irregular_forms().find(word); it != irregular_forms().end()) return std::string(it->second);
  if (word.size() <= 2) return std::string(word);
  std::string stem = step1a(word);
  stem = step1b(stem);
  stem = step1c(stem);
  stem = step2(stem);
  stem = step3(stem);
  stem = step4(stem);
  stem = step5a(stem);
  return step5b(stem);
}

}  // namespace l2s::metrics

#pragma once
// The Porter stemmer exactly as NLTK 3.8's PorterStemmer() computes it in its
// default mode, NLTK_EXTENSIONS: Porter's 1980 algorithm plus the rules
// Martin Porter added later (e.g. "-logi" -> "-log", "-fulli" -> "-ful",
// "-alli" tried first and stemmed again) and NLTK's own: a table of
// irregular forms ("dying" -> "die", "skies" -> "sky", "news" stays),
// "-ies"/"-ied" of four-letter words keep their "e" ("dies" -> "die"), "y"
// becomes "i" only after a consonant that is not the whole stem ("happy" ->
// "happi", "enjoy" stays), a two-letter vowel-consonant stem counts as
// consonant-vowel-consonant ("ow" -> "owe"), and words of one or two letters
// are left alone. Google's rouge_score stems with it (use_stemmer=True).
#include <string>
#include <string_view>

namespace l2s::metrics {

// The stem of a lower-case word of ASCII letters and digits (the characters
// the ROUGE tokenizer keeps). Other bytes count as consonants, as in NLTK.
std::string porter_stem(std::string_view word);

}  // namespace l2s::metrics

#pragma once
// The tokenizer of Google's rouge_score (0.1.2, its DefaultTokenizer):
// lower-case the text as Python's str.lower() does; replace every run of
// characters outside [a-z0-9] with a space; split; with the stemmer, stem
// each token longer than 3 characters with NLTK's Porter stemmer; drop empty
// tokens. So "Café" gives "caf", "COVID-19" gives "covid", "19", and "İ"
// (which Python lower-cases to "i" and a combining dot) gives "i".
#include <string>
#include <string_view>
#include <vector>

namespace l2s::metrics {

// `text` is UTF-8; bytes that are not well-formed UTF-8 separate tokens.
std::vector<std::string> rouge_tokenize(std::string_view text, bool use_stemmer);

}  // namespace l2s::metrics

#pragma once
// The "13a" tokenizer: sacreBLEU's default for BLEU, which reproduces the
// tokenization of WMT's mteval-v13a.pl script.
#include <string>
#include <string_view>

namespace l2s::metrics {

// Tokenizes one line and returns its tokens joined by single spaces, as
// sacreBLEU's Tokenizer13a does:
//  1. drops "<skipped>", joins "-\n" line breaks, turns other "\n" into spaces
//     and unescapes &quot; &amp; &lt; &gt; (in that order, one pass each);
//  2. isolates the symbols { | } ~ [ \ ] ^ _ ` ! " # $ % & ( ) * + : ; < = > ? @ /
//     (not ' - , .);
//  3. splits "." and "," from a preceding non-digit, then from a following
//     non-digit (so "3.5" and "1,000" stay whole but "3." does not);
//  4. splits "-" from a preceding digit ("12-05" -> "12 - 05", "e-mail" stays);
//  5. collapses whitespace (any Unicode space) to single spaces, trimmed.
// Steps 3 and 4 behave like regex substitutions: matches never overlap, so in
// ".,x" the comma, consumed by the match ".," in step 3, stays glued to "x".
// Non-ASCII characters pass through untouched: „ “ – … are not split.
std::string tokenize_13a(std::string_view line);

}  // namespace l2s::metrics

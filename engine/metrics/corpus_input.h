#pragma once
// What the corpus metrics share: the sacreBLEU release they reproduce and
// the rules for acceptable input.
#include <string>
#include <string_view>
#include <vector>

namespace l2s::metrics {

// Ends every signature, as sacreBLEU's own version does.
inline constexpr std::string_view kSacrebleuVersion = "2.4.3";

// Throws l2s::Error, naming `metric`, unless there is one reference per
// hypothesis and at least one pair.
void check_corpus_sizes(std::string_view metric, const std::vector<std::string>& hyps,
                        const std::vector<std::string>& refs);

// check_corpus_sizes, and no empty reference line either (sacreBLEU rejects
// empty references; an empty hypothesis is a valid, if poor, output).
void check_corpus(std::string_view metric, const std::vector<std::string>& hyps,
                  const std::vector<std::string>& refs);

}  // namespace l2s::metrics

#include "engine/metrics/corpus_input.h"

#include "l2s/error.h"

namespace l2s::metrics {

void check_corpus_sizes(std::string_view metric, const std::vector<std::string>& hyps,
                        const std::vector<std::string>& refs) {
  const std::string prefix = std::string(metric) + ": ";
  if (hyps.size() != refs.size()) {
    throw Error(prefix + std::to_string(hyps.size()) + " hypotheses but " +
                std::to_string(refs.size()) + " references");
  }
  if (hyps.empty()) throw Error(prefix + "no hypotheses to score");
}

void check_corpus(std::string_view metric, const std::vector<std::string>& hyps,
                  const std::vector<std::string>& refs) {
  check_corpus_sizes(metric, hyps, refs);
  const std::string prefix = std::string(metric) + ": ";
  for (std::size_t i = 0; i < refs.size(); ++i) {
    if (refs[i].empty()) throw Error(prefix + "reference line " + std::to_string(i + 1) + " is empty");
  }
}

}  // namespace l2s::metrics

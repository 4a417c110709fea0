#include "engine/training/tokenized_corpus.h"

#include "l2s/error.h"
#include "l2s/tokenizer.h"

namespace l2s::training {
namespace {

// Applies the limit: truncation keeps the first tokens and, when the
// sequence ends with EOS, that EOS.
bool fit(std::vector<int64_t>& ids, int64_t max_len, bool truncate, bool ends_with_eos, const std::string& where,
         const char* side) {
  if (static_cast<int64_t>(ids.size()) <= max_len) return false;
  if (!truncate)
    throw Error(where + ": the " + side + " is " + std::to_string(ids.size()) + " tokens long; the limit is " +
                std::to_string(max_len) + " (raise max_" + side + "_len, or allow truncation)");
  const int64_t last = ids.back();
  ids.resize(max_len);
  if (ends_with_eos) ids.back() = last;
  return true;
}

}  // namespace

TokenizedCorpus tokenize_corpus(const ParallelText& text, const Tokenizer& source_tokenizer,
                                const Tokenizer& target_tokenizer, const LengthLimits& limits,
                                const std::string& source_prefix, bool keep_references,
                                const SourceFraming& framing) {
  if (limits.max_source_len < 2 || limits.max_target_len < 2)
    throw Error("max_source_len and max_target_len must be at least 2 tokens");
  TokenizedCorpus corpus;
  for (std::size_t i = 0; i < text.sources.size(); ++i) {
    std::vector<int64_t> source =
        source_tokenizer.encode(source_prefix + text.sources[i], framing.add_eos, framing.add_bos);
    std::vector<int64_t> target = target_tokenizer.encode(text.targets[i]);
    const std::string where = text.where(i);
    corpus.truncated += fit(source, limits.max_source_len, limits.truncate, framing.add_eos, where, "source");
    corpus.truncated += fit(target, limits.max_target_len, limits.truncate, true, where, "target");
    corpus.sources.append(source);
    corpus.targets.append(target);
    if (keep_references) corpus.references.push_back(text.targets[i]);
  }
  return corpus;
}

}  // namespace l2s::training

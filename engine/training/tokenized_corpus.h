#pragma once
// Parallel text turned into token ids, with the length policy applied.
#include <cstdint>
#include <string>
#include <vector>

#include "l2s/training/parallel_text.h"
#include "l2s/training/training_config.h"
#include "engine/training/token_sequences.h"

namespace l2s {
class Tokenizer;
}

namespace l2s::training {

// How the model reading the sources frames them (T5: EOS appended; Llama:
// BOS first). Targets always end with EOS.
struct SourceFraming {
  bool add_bos = false;
  bool add_eos = true;
};

struct TokenizedCorpus {
  TokenSequences sources, targets;      // sources framed; targets end with EOS
  std::vector<std::string> references;  // target texts (kept for BLEU/chrF on dev sets)
  int64_t truncated = 0;                // sequences cut to the limits
  int64_t size() const { return sources.size(); }
};

// `source_prefix` is prepended to every source text (a T5 task prefix such
// as "translate English to German: ").
TokenizedCorpus tokenize_corpus(const ParallelText& text, const Tokenizer& source_tokenizer,
                                const Tokenizer& target_tokenizer, const LengthLimits& limits,
                                const std::string& source_prefix, bool keep_references,
                                const SourceFraming& framing = {});

}  // namespace l2s::training

#pragma once
// What the studio says about a pack's own benchmark (pack.json "benchmark"):
// each mode's measured quality and speed, the speedup the pack was measured
// at, and why the small model alone is not the answer. Empty strings where
// the pack lacks the figures.
#include <QString>

#include "l2s/pack_info.h"

namespace l2s::studio {

// "bleu" → "BLEU", "chrf" → "chrF", "rougeL" → "ROUGE-L"; others as written.
QString scoreName(const std::string& key);
// For a pane: "Benchmark: BLEU 37.9 · 1940 tok/s".
QString referenceLine(const l2s::PackBenchmark& benchmark, const QString& mode);
// Where the figures come from: "Measured on Multi30k test2016: greedy decoding, …".
QString referenceSource(const l2s::PackBenchmark& benchmark);
// The pack's measured tokens/s of `mode` over `baseline`; 0 without both.
double benchmarkSpeedup(const l2s::PackBenchmark& benchmark, const std::string& mode = "l2s",
                        const std::string& baseline = "llm");
// One line answering "why not the small model alone?", from the `slm` and `guided` modes' figures.
QString whyNotTheSmallModelAlone(const l2s::PackBenchmark& benchmark, const std::string& guided = "l2s",
                                 const std::string& slm = "slm");

}  // namespace l2s::studio

#pragma once
// Test fixture: a complete, tiny model pack with random weights and a real
// sentencepiece tokenizer. Outputs are gibberish, but every mode runs and
// streams real tokens, fast.
#include <string>

namespace l2s::testing {

// Writes the pack into `dir` (created) and returns `dir`.
std::string make_tiny_pack(const std::string& dir, bool with_baseline);

}  // namespace l2s::testing

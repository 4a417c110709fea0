#pragma once
// Test fixture: a complete, tiny model pack with random weights and a real
// sentencepiece tokenizer. Outputs are gibberish, but every mode runs and
// streams real tokens, fast.
#include <string>

namespace l2s::testing {

// Writes the pack into `dir` (created) and returns `dir`.
std::string make_tiny_pack(const std::string& dir, bool with_baseline);

// Writes `from_dir`'s model.safetensors into `to_dir` without the tensor
// `name` (a broken checkpoint for bad-input tests).
void drop_tensor(const std::string& from_dir, const std::string& to_dir, const std::string& name);

}  // namespace l2s::testing

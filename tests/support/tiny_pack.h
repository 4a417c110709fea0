#pragma once
// Test fixture: a complete, tiny model pack with random weights and a real
// sentencepiece tokenizer. Outputs are gibberish, but every mode runs and
// streams real tokens, fast.
#include <string>

#include "l2s/pack_info.h"

namespace l2s::testing {

// Writes the pack into `dir` (created) and returns `dir`.
std::string make_tiny_pack(const std::string& dir, bool with_baseline);

// Adds to the tiny pack in `dir` a mode `mode` of `kind` (L2s: guided, with
// its projector; Slm: a baseline) whose small model is a random Llama sharing
// the pack's tokenizer, and rewrites pack.json: a pack of two families.
void add_tiny_llama_mode(const std::string& dir, ModeKind kind, const std::string& mode, const std::string& label);

// Writes `from_dir`'s model.safetensors into `to_dir` without the tensor
// `name` (a broken checkpoint for bad-input tests).
void drop_tensor(const std::string& from_dir, const std::string& to_dir, const std::string& name);

}  // namespace l2s::testing

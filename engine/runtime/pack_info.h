#pragma once
// A model pack: a folder with `pack.json` and its models in Hugging Face
// layout. This header reads and validates pack.json only (torch-free), so a
// front end can list a pack and show its model card without loading weights.
//
//   pack.json            {"format": "l2s-pack", "version": 1, "name", "description",
//                         "languages", "license", "model_card" | "model_card_file",
//                         "models": {"llm": "llm", "slm": "slm", "projector": "projector",
//                                    "slm_baseline": "slm_baseline"},
//                         "max_input_tokens": 512 (optional: the longest prompt its models read),
//                         "presets": [{"name", "task", "prefix"}]}
//   llm/                 the frozen encoder-decoder LLM (config.json, model.safetensors, spiece.model)
//   slm/                 the small model trained with the projector
//   projector/           config.json + model.safetensors (see projector.h)
//   slm_baseline/        optional: the small model trained alone
#include <cstdint>
#include <string>
#include <vector>

#include "engine/runtime/prompt_limit.h"

namespace l2s {

struct TaskPreset {
  std::string name;    // shown to users, e.g. "Translate English to German"
  std::string task;    // "translate", "summarize", "custom", ...
  std::string prefix;  // prepended to the prompt, e.g. "translate English to German: "
};

struct PackInfo {
  std::string dir;
  std::string name;
  std::string description;
  std::vector<std::string> languages;
  std::string license;
  std::string model_card;  // Markdown
  std::string llm_dir, slm_dir, projector_dir;
  std::string slm_baseline_dir;  // empty when the pack has no baseline
  std::vector<TaskPreset> presets;
  int64_t max_input_tokens = kDefaultMaxInputTokens;  // prompt tokens (EOS included); longer ones are refused or truncated

  bool has_baseline() const { return !slm_baseline_dir.empty(); }
};

// Reads `dir`/pack.json and checks that every referenced folder exists.
// Throws l2s::Error naming the file and the problem.
PackInfo read_pack_info(const std::string& dir);

// Writes pack.json for `info` (paths stored relative to info.dir), atomically.
void write_pack_info(const PackInfo& info);

}  // namespace l2s

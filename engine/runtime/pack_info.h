#pragma once
// A model pack: a folder with `pack.json` and its models in Hugging Face
// layout. This header reads and validates pack.json only (torch-free), so a
// front end can list a pack and show its model card without loading weights.
//
//   pack.json            {"format": "l2s-pack", "version": 1, "name", "description",
//                         "languages", "license", "model_card" | "model_card_file",
//                         "models": {"llm": "llm", "slm": "slm", "projector": "projector",
//                                    "slm_baseline": "slm_baseline"},
//                         "presets": [{"name", "task", "prefix", "examples": ["..."]}],
//                         "benchmark": {"test_set", "setup", "metric": "bleu",
//                                       "modes": {"llm": {"bleu": 37.5, "tokens_per_s": 337}, ...}}}
//                        (examples and benchmark are optional)
//   llm/                 the frozen encoder-decoder LLM (config.json, model.safetensors, spiece.model)
//   slm/                 the small model trained with the projector
//   projector/           config.json + model.safetensors (see projector.h)
//   slm_baseline/        optional: the small model trained alone
#include <map>
#include <string>
#include <vector>

namespace l2s {

struct TaskPreset {
  std::string name;    // shown to users, e.g. "Translate English to German"
  std::string task;    // "translate", "summarize", "custom", ...
  std::string prefix;  // prepended to the prompt, e.g. "translate English to German: "
  std::vector<std::string> examples;  // inputs like the training data, offered to new users
};

// The pack's own measured quality and speed per mode (pack.json "benchmark"),
// so that a front end can show them beside its live timings.
struct ModeBenchmark {
  std::string mode;              // "llm", "l2s", "slm", ...
  double tokens_per_second = 0;  // 0: not measured
  std::map<std::string, double> scores;  // quality by metric key: "bleu", "chrf", "rougeL", ...
};

struct PackBenchmark {
  std::string test_set;  // what was measured on, e.g. "Multi30k test2016 (1,000 sentences)"
  std::string setup;     // how, e.g. "greedy, batch 1, 2 CPU threads"
  std::string metric;    // the headline score's key in ModeBenchmark::scores
  std::vector<ModeBenchmark> modes;

  bool empty() const { return modes.empty(); }
  const ModeBenchmark* find(const std::string& mode) const;
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
  PackBenchmark benchmark;  // empty when pack.json has none

  bool has_baseline() const { return !slm_baseline_dir.empty(); }
};

// Reads `dir`/pack.json and checks that every referenced folder exists.
// Throws l2s::Error naming the file and the problem.
PackInfo read_pack_info(const std::string& dir);

// Writes pack.json for `info` (paths stored relative to info.dir), atomically.
void write_pack_info(const PackInfo& info);

}  // namespace l2s

#pragma once
// A model pack: a folder with `pack.json` and its models in Hugging Face
// layout. This header reads and validates pack.json only (torch-free), so a
// front end can list a pack and its modes and show its model card without
// loading weights. docs/packs.md describes the format:
//
//   pack.json  {"format": "l2s-pack", "version": 2, "name", "description", "languages", "license",
//               "model_card" | "model_card_file", "max_input_tokens",
//               "models": {"llm": "llm",
//                          "guided":    [{"mode": "l2s", "name": "LLM → SLM (T5)", "slm": "slm",
//                                         "projector": "projector"}, ...],
//                          "baselines": [{"mode": "slm", "name": "SLM only (T5)", "slm": "slm_baseline"}, ...]},
//               "presets": [{"name", "task", "prefix", "examples": ["..."]}],
//               "benchmark": {"test_set", "setup", "metric": "bleu",
//                             "modes": {"llm": {"bleu": 37.5, "tokens_per_s": 337}, ...}}}
// (max_input_tokens, examples and benchmark are optional.)
//
// Version 1 ("models": {"llm", "slm", "projector", "slm_baseline"}) still
// reads, as one guided SLM (mode "l2s") and an optional baseline (mode "slm").
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "l2s/prompt_limit.h"

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

// What a mode runs: the LLM alone, the LLM guiding a small model, a small
// model alone, or the LLM checking a guided small model's drafts
// (speculative decoding: the LLM's own output, docs/verified.md).
enum class ModeKind { Llm, L2s, Slm, Verified };
const char* mode_kind_name(ModeKind kind);  // "llm", "l2s", "slm", "verified"

// One way to generate with a pack.
struct PackMode {
  std::string name;   // what commands take: "llm", "l2s", "slm", "l2s-dec", ...
  std::string label;  // shown to users: "LLM → SLM (Llama)"
  ModeKind kind = ModeKind::Llm;
  std::string slm_dir;        // l2s and slm: the small model's folder
  std::string projector_dir;  // l2s and verified: the projector's folder
  std::string guided_mode;    // verified: the guided mode whose SLM drafts
};

struct PackInfo {
  std::string dir;
  std::string name;
  std::string description;
  std::vector<std::string> languages;
  std::string license;
  std::string model_card;  // Markdown
  std::string llm_dir;
  std::vector<PackMode> guided;     // kind L2s, at least one
  std::vector<PackMode> baselines;  // kind Slm, optional
  std::vector<TaskPreset> presets;
  int64_t max_input_tokens = kDefaultMaxInputTokens;  // prompt tokens (EOS included); longer ones are refused or truncated
  PackBenchmark benchmark;  // empty when pack.json has none

  // "llm", then every guided mode, then a verified mode per guided mode
  // ("verified" drafts with the first guided SLM, "verified-<mode>" with the
  // others), then every baseline.
  std::vector<PackMode> modes() const;
  // Throws l2s::Error naming the pack's modes when `name` is not one of them.
  PackMode mode(const std::string& name) const;
  bool has_baseline() const { return !baselines.empty(); }
};

// Reads `dir`/pack.json and checks that every referenced folder exists.
// Throws l2s::Error naming the file and the problem.
PackInfo read_pack_info(const std::string& dir);

// Writes pack.json (version 2) for `info` (paths stored relative to info.dir), atomically.
void write_pack_info(const PackInfo& info);

}  // namespace l2s

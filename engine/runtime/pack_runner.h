#pragma once
// Runs a model pack in its three modes, behind a torch-free interface:
//   llm  the LLM alone (its encoder and its decoder),
//   l2s  the LLM's encoder -> projector -> the SLM (LLM-to-SLM),
//   slm  the SLM baseline alone (when the pack has one).
// generate() is const and keeps its state per call: runs of different modes
// may go on at once from several threads (the studio's "race" policy).
#include <memory>
#include <string>
#include <vector>

#include "engine/decoding/generation_options.h"
#include "engine/runtime/generation.h"
#include "engine/runtime/pack_info.h"

namespace l2s {

enum class Mode { Llm, L2s, Slm };

const char* mode_name(Mode mode);                 // "llm", "l2s", "slm"
Mode parse_mode(const std::string& name);         // throws l2s::Error
std::vector<Mode> parse_modes(const std::string& comma_separated);

class PackRunner {
 public:
  // Loads a pack folder. Throws l2s::Error naming the problem.
  static PackRunner load(const std::string& pack_dir);
  // Assembles a pack from separate Hugging Face folders (LLM, SLM, projector;
  // an optional SLM baseline) without a pack.json.
  static PackRunner load_models(const std::string& llm_dir, const std::string& slm_dir,
                                const std::string& projector_dir, const std::string& slm_baseline_dir = "");
  PackRunner(PackRunner&&) noexcept;
  PackRunner& operator=(PackRunner&&) noexcept;
  ~PackRunner();

  const PackInfo& info() const;
  bool has_mode(Mode mode) const;
  std::vector<Mode> modes() const;

  // Generates an answer to `prompt` (the preset prefix already applied),
  // streaming each token to `on_token`. Throws l2s::Error for bad prompts
  // or settings; a cancelled run returns with `cancelled` set.
  GenerationResult generate(Mode mode, const std::string& prompt, const GenerationOptions& options,
                            const TokenCallback& on_token = {}, const CancelFlag* cancel = nullptr) const;

  // Parameter counts, for reports.
  int64_t parameters(Mode mode) const;

 private:
  struct Impl;
  explicit PackRunner(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace l2s

#pragma once
// Runs a model pack in each of its modes, behind a torch-free interface:
//   llm       the LLM alone (its encoder and its decoder),
//   guided    the LLM's encoder -> projector -> a small model (LLM-to-SLM),
//             one mode per guided SLM of the pack ("l2s", "l2s-dec", ...),
//   baseline  a small model alone, one mode per baseline ("slm", ...).
// Models of any registered family (model_registry.h). generate() is const and
// keeps its state per call: runs of different modes may go on at once from
// several threads (the studio's "race" policy).
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "l2s/engine_options.h"
#include "l2s/generation_options.h"
#include "l2s/generation.h"
#include "l2s/pack_info.h"

namespace l2s {

// A mode as reports show it.
struct ModeDescription {
  PackMode mode;
  std::string family;  // the family of the model that decodes: "t5", "llama"
  int64_t parameters = 0;  // every weight the mode runs (for l2s: LLM encoder + projector + SLM)
  int64_t decode_step_weight_bytes = 0;  // weights one decode step reads (for l2s: the SLM's decoder and head)
};

// Called after each batch of generate_batch(): prompts done and the total.
using BatchProgress = std::function<void(int64_t done, int64_t total)>;

// Mode names from a comma-separated list ("llm,l2s"; "all" is every mode of
// `info`), each checked against the pack. Throws l2s::Error naming a mode
// the pack lacks or one listed twice.
std::vector<std::string> parse_modes(const std::string& comma_separated, const PackInfo& info);

class PackRunner {
 public:
  // Loads a pack folder to run as `options` say. Throws l2s::Error naming the problem.
  static PackRunner load(const std::string& pack_dir, const EngineOptions& options = {});
  // Assembles a pack from separate Hugging Face folders (LLM, SLM, projector;
  // an optional SLM baseline) without a pack.json: modes llm, l2s and slm.
  static PackRunner load_models(const std::string& llm_dir, const std::string& slm_dir,
                                const std::string& projector_dir, const std::string& slm_baseline_dir = "",
                                const EngineOptions& options = {});
  PackRunner(PackRunner&&) noexcept;
  PackRunner& operator=(PackRunner&&) noexcept;
  ~PackRunner();

  const PackInfo& info() const;
  const EngineOptions& engine_options() const;
  // The compute threads of later runs (0: all cores); safe while no run is going on.
  void set_threads(int threads);
  bool has_mode(const std::string& mode) const;
  // Every mode, in the pack's order (llm, guided, baselines).
  std::vector<ModeDescription> modes() const;
  // Throws l2s::Error naming the pack's modes when `mode` is not one of them.
  ModeDescription describe(const std::string& mode) const;
  // The first mode of a kind, or "" (front ends that show one mode per kind).
  std::string first_mode(ModeKind kind) const;

  // Generates an answer to `prompt` (the preset prefix already applied),
  // streaming each token to `on_token`. Throws l2s::Error for bad prompts
  // or settings; a cancelled run returns with `cancelled` set.
  GenerationResult generate(const std::string& mode, const std::string& prompt, const GenerationOptions& options,
                            const TokenCallback& on_token = {}, const CancelFlag* cancel = nullptr) const;

  // Generates answers to many prompts, `batch_size` at a time: the prompts
  // are sorted by length so a batch pads little, and each batch is decoded
  // at once (greedy and sampling: each row's tokens are those generate()
  // gives it; beam search runs one prompt at a time). Results come in the
  // order of `prompts`; a row's token_ms share each batch step's time among
  // the rows in it, so their sum over rows is the decode time. Throws
  // l2s::Error naming the prompt (1-based) that is bad; a cancelled run
  // returns the results so far, the rest with `cancelled` set.
  std::vector<GenerationResult> generate_batch(const std::string& mode, const std::vector<std::string>& prompts,
                                               const GenerationOptions& options, int64_t batch_size,
                                               const BatchProgress& progress = {},
                                               const CancelFlag* cancel = nullptr) const;

 private:
  struct Impl;
  explicit PackRunner(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace l2s

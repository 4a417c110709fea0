#include "engine/runtime/pack_runner.h"

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>

#include <filesystem>
#include <optional>

#include "engine/common/error.h"
#include "engine/models/l2s_model.h"
#include "engine/models/projector.h"
#include "engine/models/t5_model.h"
#include "engine/runtime/prompt_limit.h"
#include "engine/runtime/streaming_decode.h"
#include "engine/tokenizer/tokenizer.h"

namespace l2s {
namespace {

// A T5 model with the tokenizer of its folder.
struct TokenizedModel {
  T5Model model;
  Tokenizer tokenizer;

  static TokenizedModel load(const std::string& dir, const char* role) {
    if (!std::filesystem::is_directory(dir)) throw Error(dir + ": the " + std::string(role) + " folder does not exist");
    return {T5Model::load(dir), Tokenizer::load_dir(dir)};
  }
  // The prompt's ids, cut or refused at `limit` tokens; the counts go to `metrics`.
  std::vector<int64_t> tokenize(const std::string& prompt, const GenerationOptions& options, int64_t limit,
                                GenerationMetrics& metrics) const {
    check_prompt_text(prompt);
    std::vector<int64_t> ids = tokenizer.encode(prompt);
    metrics.truncated_tokens = fit_prompt(ids, limit, options.truncate_input, model.config().eos_token_id);
    metrics.prompt_tokens = static_cast<int64_t>(ids.size());
    return ids;
  }
};

int64_t count(T5Weights weights, const T5Config& config, bool encoder_only) {
  int64_t total = 0;
  weights.visit(config, [&](const std::string& name, at::Tensor& tensor, const std::vector<int64_t>&) {
    if (!encoder_only || name.rfind("decoder.", 0) != 0) total += tensor.numel();
  });
  return total;
}

at::Tensor as_batch(const std::vector<int64_t>& ids) { return at::tensor(ids, at::kLong).unsqueeze(0); }

}  // namespace

const char* mode_name(Mode mode) {
  switch (mode) {
    case Mode::Llm: return "llm";
    case Mode::L2s: return "l2s";
    case Mode::Slm: return "slm";
  }
  return "?";
}

Mode parse_mode(const std::string& name) {
  for (Mode mode : {Mode::Llm, Mode::L2s, Mode::Slm})
    if (name == mode_name(mode)) return mode;
  throw Error("unknown mode '" + name + "' (choose llm, l2s or slm)");
}

std::vector<Mode> parse_modes(const std::string& comma_separated) {
  std::vector<Mode> modes;
  std::size_t start = 0;
  while (start <= comma_separated.size()) {
    const std::size_t end = std::min(comma_separated.find(',', start), comma_separated.size());
    const Mode mode = parse_mode(comma_separated.substr(start, end - start));
    if (std::find(modes.begin(), modes.end(), mode) != modes.end())
      throw Error("mode '" + std::string(mode_name(mode)) + "' is listed twice");
    modes.push_back(mode);
    start = end + 1;
  }
  return modes;
}

struct PackRunner::Impl {
  PackInfo info;
  TokenizedModel llm;
  TokenizedModel slm;
  Projector projector;
  std::optional<TokenizedModel> baseline;
};

PackRunner::PackRunner(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PackRunner::PackRunner(PackRunner&&) noexcept = default;
PackRunner& PackRunner::operator=(PackRunner&&) noexcept = default;
PackRunner::~PackRunner() = default;

PackRunner PackRunner::load(const std::string& pack_dir) {
  PackInfo info = read_pack_info(pack_dir);
  PackRunner runner = load_models(info.llm_dir, info.slm_dir, info.projector_dir, info.slm_baseline_dir);
  runner.impl_->info = std::move(info);
  return runner;
}

PackRunner PackRunner::load_models(const std::string& llm_dir, const std::string& slm_dir,
                                   const std::string& projector_dir, const std::string& slm_baseline_dir) {
  if (!std::filesystem::is_directory(projector_dir)) throw Error(projector_dir + ": the projector folder does not exist");
  auto impl = std::unique_ptr<Impl>(new Impl{PackInfo{}, TokenizedModel::load(llm_dir, "LLM"),
                                             TokenizedModel::load(slm_dir, "SLM"), Projector::load(projector_dir),
                                             std::nullopt});
  if (!slm_baseline_dir.empty()) impl->baseline = TokenizedModel::load(slm_baseline_dir, "SLM baseline");
  check_l2s_compatible(impl->llm.model, impl->projector, impl->slm.model, projector_dir);
  if (!impl->projector.config().llm_mapped_inputs &&
      impl->llm.tokenizer.vocab_size() != impl->slm.tokenizer.vocab_size())
    throw Error(slm_dir + ": its tokenizer differs from the LLM's; the projector needs input_embeddings \"llm_mapped\"");
  impl->info.name = std::filesystem::path(llm_dir).filename().string() + " → " +
                    std::filesystem::path(slm_dir).filename().string();
  impl->info.llm_dir = llm_dir;
  impl->info.slm_dir = slm_dir;
  impl->info.projector_dir = projector_dir;
  impl->info.slm_baseline_dir = slm_baseline_dir;
  return PackRunner(std::move(impl));
}

const PackInfo& PackRunner::info() const { return impl_->info; }

bool PackRunner::has_mode(Mode mode) const { return mode != Mode::Slm || impl_->baseline.has_value(); }

std::vector<Mode> PackRunner::modes() const {
  std::vector<Mode> modes = {Mode::Llm, Mode::L2s};
  if (impl_->baseline) modes.push_back(Mode::Slm);
  return modes;
}

int64_t PackRunner::parameters(Mode mode) const {
  const Impl& m = *impl_;
  switch (mode) {
    case Mode::Llm: return count(m.llm.model.weights(), m.llm.model.config(), false);
    case Mode::L2s: {
      int64_t projector = 0;
      ProjectorWeights weights = m.projector.weights();
      weights.visit(m.projector.config(),
                    [&](const std::string&, at::Tensor& t, const std::vector<int64_t>&) { projector += t.numel(); });
      return count(m.llm.model.weights(), m.llm.model.config(), true) + projector +
             count(m.slm.model.weights(), m.slm.model.config(), false);
    }
    case Mode::Slm: return m.baseline ? count(m.baseline->model.weights(), m.baseline->model.config(), false) : 0;
  }
  return 0;
}

GenerationResult PackRunner::generate(Mode mode, const std::string& prompt, const GenerationOptions& options,
                                      const TokenCallback& on_token, const CancelFlag* cancel) const {
  if (!has_mode(mode)) throw Error("this pack has no SLM baseline, so mode 'slm' is not available");
  options.validate();
  c10::InferenceMode inference;
  const Impl& m = *impl_;
  Stopwatch clock;
  GenerationResult result;
  GenerationMetrics& metrics = result.metrics;
  const int64_t limit = input_token_limit(options, m.info.max_input_tokens);

  if (mode == Mode::Slm) {
    const TokenizedModel& slm = *m.baseline;
    const std::vector<int64_t> ids = slm.tokenize(prompt, options, limit, metrics);
    at::Tensor states = slm.model.encode(as_batch(ids), {});
    metrics.slm_encode_ms = clock.elapsed_ms();
    decode_streaming(slm.model, states, &slm.tokenizer, options, on_token, cancel, clock, result);
    return result;
  }

  const std::vector<int64_t> ids = m.llm.tokenize(prompt, options, limit, metrics);
  at::Tensor batch = as_batch(ids);
  at::Tensor llm_states = m.llm.model.encode(batch, {});
  metrics.llm_encode_ms = clock.elapsed_ms();
  if (mode == Mode::Llm) {
    decode_streaming(m.llm.model, llm_states, &m.llm.tokenizer, options, on_token, cancel, clock, result);
    return result;
  }
  at::Tensor slm_states =
      m.slm.model.encode_embeddings(l2s_encoder_inputs(m.llm.model, m.projector, m.slm.model, batch, llm_states), {});
  metrics.slm_encode_ms = clock.elapsed_ms() - metrics.llm_encode_ms;
  decode_streaming(m.slm.model, slm_states, &m.slm.tokenizer, options, on_token, cancel, clock, result);
  return result;
}

}  // namespace l2s

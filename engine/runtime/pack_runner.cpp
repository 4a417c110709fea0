#include "engine/runtime/pack_runner.h"

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "engine/common/error.h"
#include "engine/models/l2s_model.h"
#include "engine/models/projector.h"
#include "engine/runtime/prompt_limit.h"
#include "engine/runtime/streaming_decode.h"
#include "engine/runtime/tokenized_model.h"
#include "engine/runtime/verified_decode.h"

namespace l2s {
namespace {

// A small model guided by the LLM, through its projector.
struct GuidedModel {
  TokenizedModel slm;
  Projector projector;
};

int64_t projector_parameters(const Projector& projector) {
  int64_t total = 0;
  ProjectorWeights weights = projector.weights();
  weights.visit(projector.config(),
                [&](const std::string&, at::Tensor& t, const std::vector<int64_t>&) { total += t.numel(); });
  return total;
}

}  // namespace

std::vector<std::string> parse_modes(const std::string& comma_separated, const PackInfo& info) {
  std::vector<std::string> modes;
  if (comma_separated == "all") {
    for (const PackMode& mode : info.modes()) modes.push_back(mode.name);
    return modes;
  }
  std::size_t start = 0;
  while (start <= comma_separated.size()) {
    const std::size_t end = std::min(comma_separated.find(',', start), comma_separated.size());
    const std::string name = info.mode(comma_separated.substr(start, end - start)).name;
    if (std::find(modes.begin(), modes.end(), name) != modes.end())
      throw Error("mode '" + name + "' is listed twice");
    modes.push_back(name);
    start = end + 1;
  }
  return modes;
}

struct PackRunner::Impl {
  PackInfo info;
  TokenizedModel llm;
  std::map<std::string, GuidedModel> guided;       // by mode name
  std::map<std::string, TokenizedModel> baselines;  // by mode name

  void load_modes() {
    for (const PackMode& mode : info.guided) {
      GuidedModel model{TokenizedModel::load(mode.slm_dir, "SLM", true), Projector::load(mode.projector_dir)};
      check_l2s_compatible(*llm.model, model.projector, *model.slm.model, mode.projector_dir);
      if (!model.projector.config().llm_mapped_inputs && llm.tokenizer->vocab_size() != model.slm.tokenizer->vocab_size())
        throw Error(mode.slm_dir + ": its tokenizer differs from the LLM's; the projector needs input_embeddings \"llm_mapped\"");
      guided.emplace(mode.name, std::move(model));
    }
    for (const PackMode& mode : info.baselines)
      baselines.emplace(mode.name, TokenizedModel::load(mode.slm_dir, "SLM baseline", true));
  }

  GenerationResult run(const PackMode& mode, const std::string& prompt, const GenerationOptions& options,
                       const TokenCallback& on_token, const CancelFlag* cancel) const;
};

PackRunner::PackRunner(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PackRunner::PackRunner(PackRunner&&) noexcept = default;
PackRunner& PackRunner::operator=(PackRunner&&) noexcept = default;
PackRunner::~PackRunner() = default;

PackRunner PackRunner::load(const std::string& pack_dir) {
  PackInfo info = read_pack_info(pack_dir);
  auto impl = std::unique_ptr<Impl>(new Impl{info, TokenizedModel::load(info.llm_dir, "LLM", true), {}, {}});
  impl->load_modes();
  return PackRunner(std::move(impl));
}

PackRunner PackRunner::load_models(const std::string& llm_dir, const std::string& slm_dir,
                                   const std::string& projector_dir, const std::string& slm_baseline_dir) {
  if (!std::filesystem::is_directory(projector_dir)) throw Error(projector_dir + ": the projector folder does not exist");
  PackInfo info;
  info.name = std::filesystem::path(llm_dir).filename().string() + " → " +
              std::filesystem::path(slm_dir).filename().string();
  info.llm_dir = llm_dir;
  info.guided.push_back({"l2s", "LLM → SLM", ModeKind::L2s, slm_dir, projector_dir});
  if (!slm_baseline_dir.empty()) info.baselines.push_back({"slm", "SLM only", ModeKind::Slm, slm_baseline_dir, ""});
  auto impl = std::unique_ptr<Impl>(new Impl{info, TokenizedModel::load(llm_dir, "LLM", true), {}, {}});
  impl->load_modes();
  return PackRunner(std::move(impl));
}

const PackInfo& PackRunner::info() const { return impl_->info; }

bool PackRunner::has_mode(const std::string& mode) const {
  for (const PackMode& known : impl_->info.modes())
    if (known.name == mode) return true;
  return false;
}

ModeDescription PackRunner::describe(const std::string& name) const {
  const Impl& m = *impl_;
  ModeDescription description{m.info.mode(name), "", 0};
  switch (description.mode.kind) {
    case ModeKind::Llm:
      description.family = m.llm.spec().family;
      description.parameters = m.llm.model->parameter_count();
      break;
    case ModeKind::L2s: {
      const GuidedModel& guided = m.guided.at(name);
      description.family = guided.slm.spec().family;
      description.parameters = m.llm.model->encoder_parameter_count() + projector_parameters(guided.projector) +
                               guided.slm.model->parameter_count();
      break;
    }
    case ModeKind::Verified: {
      const GuidedModel& guided = m.guided.at(description.mode.guided_mode);
      description.family = m.llm.spec().family;
      description.parameters = m.llm.model->parameter_count() + projector_parameters(guided.projector) +
                               guided.slm.model->parameter_count();
      break;
    }
    case ModeKind::Slm: {
      const TokenizedModel& slm = m.baselines.at(name);
      description.family = slm.spec().family;
      description.parameters = slm.model->parameter_count();
      break;
    }
  }
  return description;
}

std::vector<ModeDescription> PackRunner::modes() const {
  std::vector<ModeDescription> all;
  for (const PackMode& mode : impl_->info.modes()) all.push_back(describe(mode.name));
  return all;
}

std::string PackRunner::first_mode(ModeKind kind) const {
  for (const PackMode& mode : impl_->info.modes())
    if (mode.kind == kind) return mode.name;
  return "";
}

GenerationResult PackRunner::generate(const std::string& mode, const std::string& prompt,
                                      const GenerationOptions& options, const TokenCallback& on_token,
                                      const CancelFlag* cancel) const {
  const PackMode pack_mode = impl_->info.mode(mode);
  options.validate();
  if (pack_mode.kind == ModeKind::Verified) check_verifiable(options, mode);
  c10::InferenceMode inference;
  return impl_->run(pack_mode, prompt, options, on_token, cancel);
}

GenerationResult PackRunner::Impl::run(const PackMode& mode, const std::string& prompt,
                                       const GenerationOptions& options, const TokenCallback& on_token,
                                       const CancelFlag* cancel) const {
  Stopwatch clock;
  GenerationResult result;
  GenerationMetrics& metrics = result.metrics;
  const int64_t limit = input_token_limit(options, info.max_input_tokens);

  if (mode.kind == ModeKind::Slm) {
    const TokenizedModel& slm = baselines.at(mode.name);
    const std::vector<int64_t> ids = slm.tokenize(prompt, options, limit, metrics);
    DecodeStart start = slm.model->start(prompt_from_ids(*slm.model, ids, true), options.max_new_tokens);
    metrics.slm_encode_ms = clock.elapsed_ms();
    decode_streaming(std::move(start), slm.spec(), &*slm.tokenizer, options, on_token, cancel, clock, result);
    return result;
  }

  const std::vector<int64_t> ids = llm.tokenize(prompt, options, limit, metrics);
  if (mode.kind == ModeKind::Llm) {
    DecodeStart start = llm.model->start(prompt_from_ids(*llm.model, ids, true), options.max_new_tokens);
    metrics.llm_encode_ms = clock.elapsed_ms();
    decode_streaming(std::move(start), llm.spec(), &*llm.tokenizer, options, on_token, cancel, clock, result);
    return result;
  }
  const bool verified = mode.kind == ModeKind::Verified;
  const GuidedModel& guided = this->guided.at(verified ? mode.guided_mode : mode.name);
  if (verified && (guided.projector.config().llm_mapped_inputs ||
                   guided.slm.spec().vocab_size != llm.spec().vocab_size))
    throw Error("mode '" + mode.name + "': the SLM in " + mode.slm_dir +
                " has its own tokenizer, so the LLM cannot check its drafts token by token");
  const at::Tensor batch = as_batch(ids);
  const at::Tensor llm_states = llm.model->encode(batch, {});
  metrics.llm_encode_ms = clock.elapsed_ms();
  PromptInput slm_prompt = with_answer_start(
      *guided.slm.model, l2s_prompt(*llm.model, guided.projector, *guided.slm.model, batch, {}, llm_states));
  DecodeStart start = guided.slm.model->start(slm_prompt, options.max_new_tokens);
  metrics.slm_encode_ms = clock.elapsed_ms() - metrics.llm_encode_ms;
  if (verified) {
    decode_verified(*llm.model, llm_states, std::move(start), &*llm.tokenizer, options, on_token, cancel, clock, result);
    return result;
  }
  decode_streaming(std::move(start), guided.slm.spec(), &*guided.slm.tokenizer, options, on_token, cancel, clock,
                   result);
  return result;
}

}  // namespace l2s

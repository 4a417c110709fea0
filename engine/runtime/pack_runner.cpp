#include "l2s/pack_runner.h"

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <numeric>

#include "engine/models/l2s_model.h"
#include "engine/models/projector.h"
#include "engine/runtime/batched_decode.h"
#include "engine/runtime/engine_context.h"
#include "engine/runtime/streaming_decode.h"
#include "engine/runtime/tokenized_model.h"
#include "engine/runtime/verified_decode.h"
#include "l2s/error.h"
#include "l2s/prompt_limit.h"

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
  EngineOptions engine;
  TokenizedModel llm;
  std::map<std::string, GuidedModel> guided;       // by mode name
  std::map<std::string, TokenizedModel> baselines;  // by mode name

  void load_modes() {
    for (const PackMode& mode : info.guided) {
      GuidedModel model{TokenizedModel::load(mode.slm_dir, "SLM", true, engine), Projector::load(mode.projector_dir)};
      check_l2s_compatible(*llm.model, model.projector, *model.slm.model, mode.projector_dir);
      if (!model.projector.config().llm_mapped_inputs && llm.tokenizer->vocab_size() != model.slm.tokenizer->vocab_size())
        throw Error(mode.slm_dir + ": its tokenizer differs from the LLM's; the projector needs input_embeddings \"llm_mapped\"");
      guided.emplace(mode.name, std::move(model));
    }
    for (const PackMode& mode : info.baselines)
      baselines.emplace(mode.name, TokenizedModel::load(mode.slm_dir, "SLM baseline", true, engine));
  }

  GenerationResult run(const PackMode& mode, const std::string& prompt, const GenerationOptions& options,
                       const TokenCallback& on_token, const CancelFlag* cancel) const;

  // The model that reads a mode's prompt text, and the one that decodes.
  const TokenizedModel& reader(const PackMode& mode) const {
    return mode.kind == ModeKind::Slm ? baselines.at(mode.name) : llm;
  }
  // The model whose decoder writes the answer (verified: the LLM's, checking drafts).
  const TokenizedModel& decoder(const PackMode& mode) const {
    switch (mode.kind) {
      case ModeKind::Slm: return baselines.at(mode.name);
      case ModeKind::L2s: return guided.at(mode.name).slm;
      case ModeKind::Llm:
      case ModeKind::Verified: return llm;
    }
    return llm;
  }
  // Decodes one batch of tokenized prompts (ids in reader()'s vocabulary).
  void run_batch(const PackMode& mode, const std::vector<const std::vector<int64_t>*>& ids,
                 const GenerationOptions& options, const CancelFlag* cancel,
                 std::vector<GenerationResult*>& results) const;
};

PackRunner::PackRunner(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PackRunner::PackRunner(PackRunner&&) noexcept = default;
PackRunner& PackRunner::operator=(PackRunner&&) noexcept = default;
PackRunner::~PackRunner() = default;

PackRunner PackRunner::load(const std::string& pack_dir, const EngineOptions& options) {
  check_engine_options(options);
  PackInfo info = read_pack_info(pack_dir);
  auto impl = std::unique_ptr<Impl>(new Impl{info, options, TokenizedModel::load(info.llm_dir, "LLM", true, options), {}, {}});
  impl->load_modes();
  return PackRunner(std::move(impl));
}

PackRunner PackRunner::load_models(const std::string& llm_dir, const std::string& slm_dir,
                                   const std::string& projector_dir, const std::string& slm_baseline_dir,
                                   const EngineOptions& options) {
  check_engine_options(options);
  if (!std::filesystem::is_directory(projector_dir)) throw Error(projector_dir + ": the projector folder does not exist");
  PackInfo info;
  info.name = std::filesystem::path(llm_dir).filename().string() + " → " +
              std::filesystem::path(slm_dir).filename().string();
  info.llm_dir = llm_dir;
  info.guided.push_back({"l2s", "LLM → SLM", ModeKind::L2s, slm_dir, projector_dir});
  if (!slm_baseline_dir.empty()) info.baselines.push_back({"slm", "SLM only", ModeKind::Slm, slm_baseline_dir, ""});
  auto impl = std::unique_ptr<Impl>(new Impl{info, options, TokenizedModel::load(llm_dir, "LLM", true, options), {}, {}});
  impl->load_modes();
  return PackRunner(std::move(impl));
}

const PackInfo& PackRunner::info() const { return impl_->info; }
const EngineOptions& PackRunner::engine_options() const { return impl_->engine; }

void PackRunner::set_threads(int threads) {
  EngineOptions changed = impl_->engine;
  changed.threads = threads;
  changed.validate();
  impl_->engine = changed;
}

bool PackRunner::has_mode(const std::string& mode) const {
  for (const PackMode& known : impl_->info.modes())
    if (known.name == mode) return true;
  return false;
}

ModeDescription PackRunner::describe(const std::string& name) const {
  const Impl& m = *impl_;
  ModeDescription description{m.info.mode(name), "", 0, 0};
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
  description.decode_step_weight_bytes = m.decoder(description.mode).model->decode_step_weight_bytes();
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
  apply_threads(impl_->engine);
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

std::vector<GenerationResult> PackRunner::generate_batch(const std::string& mode, const std::vector<std::string>& prompts,
                                                       const GenerationOptions& options, int64_t batch_size,
                                                       const BatchProgress& progress, const CancelFlag* cancel) const {
  const PackMode pack_mode = impl_->info.mode(mode);
  options.validate();
  if (batch_size < 1) throw Error("the batch size must be at least 1");
  apply_threads(impl_->engine);
  c10::InferenceMode inference;
  const Impl& m = *impl_;
  const int64_t limit = input_token_limit(options, m.info.max_input_tokens);
  const TokenizedModel& reader = m.reader(pack_mode);
  std::vector<GenerationResult> results(prompts.size());
  std::vector<std::vector<int64_t>> ids(prompts.size());
  for (std::size_t i = 0; i < prompts.size(); ++i) {
    try {
      ids[i] = reader.tokenize(prompts[i], options, limit, results[i].metrics);
    } catch (const Error& e) {
      throw Error("prompt " + std::to_string(i + 1) + ": " + e.what());
    }
  }
  // Longest first: a batch's rows have similar lengths, and the largest batch comes first.
  std::vector<std::size_t> order(prompts.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return ids[a].size() > ids[b].size(); });

  const auto total = static_cast<int64_t>(prompts.size());
  // Beam search and verified drafts are not batched: those prompts run one at a time.
  const bool one_at_a_time = options.num_beams > 1 || pack_mode.kind == ModeKind::Verified;
  for (std::size_t first = 0; first < order.size(); first += static_cast<std::size_t>(batch_size)) {
    const std::size_t end = std::min(order.size(), first + static_cast<std::size_t>(batch_size));
    if (cancel && cancel->load(std::memory_order_relaxed)) {
      for (std::size_t k = first; k < order.size(); ++k) results[order[k]].cancelled = true;
      break;
    }
    if (one_at_a_time) {
      for (std::size_t k = first; k < end; ++k) results[order[k]] = generate(mode, prompts[order[k]], options, {}, cancel);
    } else {
      std::vector<const std::vector<int64_t>*> batch_ids;
      std::vector<GenerationResult*> batch_results;
      for (std::size_t k = first; k < end; ++k) {
        batch_ids.push_back(&ids[order[k]]);
        batch_results.push_back(&results[order[k]]);
      }
      m.run_batch(pack_mode, batch_ids, options, cancel, batch_results);
    }
    if (progress) progress(static_cast<int64_t>(end), total);
  }
  return results;
}

void PackRunner::Impl::run_batch(const PackMode& mode, const std::vector<const std::vector<int64_t>*>& ids,
                                 const GenerationOptions& options, const CancelFlag* cancel,
                                 std::vector<GenerationResult*>& results) const {
  Stopwatch clock;
  const TokenizedModel& reading = reader(mode);
  const TokenizedModel& decoding = decoder(mode);
  const PaddedBatch batch = pad_right(ids, reading.spec().padding_id());
  PromptInput prompt;
  double llm_encode_ms = 0;
  bool own_ids = true;  // the decoder reads the prompt in its own vocabulary
  if (mode.kind == ModeKind::L2s) {
    const GuidedModel& guided_model = guided.at(mode.name);
    const at::Tensor llm_states = llm.model->encode(batch.ids, batch.mask);
    llm_encode_ms = clock.elapsed_ms();
    prompt = l2s_prompt(*llm.model, guided_model.projector, *decoding.model, batch.ids, batch.mask, llm_states);
    own_ids = !guided_model.projector.config().llm_mapped_inputs;
  } else {
    prompt = PromptInput{decoding.model->embed(batch.ids), batch.mask, {}};
  }
  DecodeStart start = decoding.model->start(with_answer_start(*decoding.model, std::move(prompt)), options.max_new_tokens);
  const double start_ms = clock.elapsed_ms();
  std::vector<std::vector<int64_t>> histories;
  for (std::size_t r = 0; r < ids.size(); ++r) {
    histories.push_back(answer_history(decoding.spec(), own_ids ? ids[r] : nullptr));
    GenerationMetrics& metrics = results[r]->metrics;
    // Encoder times as generate() reports them: the LLM's, and the decoding model's own reading.
    metrics.llm_encode_ms = mode.kind == ModeKind::Slm ? 0 : mode.kind == ModeKind::Llm ? start_ms : llm_encode_ms;
    metrics.slm_encode_ms = mode.kind == ModeKind::Llm ? 0 : start_ms - llm_encode_ms;
  }
  decode_batch(*start.decoder, std::move(histories), decoding.spec(), &*decoding.tokenizer, options, cancel, clock,
               results);
}

}  // namespace l2s

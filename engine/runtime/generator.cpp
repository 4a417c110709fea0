#include "l2s/generator.h"

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>

#include "l2s/error.h"
#include "engine/runtime/engine_context.h"
#include "l2s/prompt_limit.h"
#include "engine/runtime/streaming_decode.h"
#include "engine/runtime/tokenized_model.h"

namespace l2s {

struct Generator::Impl {
  TokenizedModel model;
  EngineOptions engine;
};

Generator::Generator(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Generator::Generator(Generator&&) noexcept = default;
Generator& Generator::operator=(Generator&&) noexcept = default;
Generator::~Generator() = default;

Generator Generator::load(const std::string& dir, const EngineOptions& options) {
  check_engine_options(options);
  return Generator(std::make_unique<Impl>(Impl{TokenizedModel::load(dir, "model", false, options), options}));
}

std::string Generator::family() const { return impl_->model.spec().family; }
bool Generator::has_tokenizer() const { return impl_->model.tokenizer.has_value(); }
int64_t Generator::eos_token_id() const { return impl_->model.spec().first_eos(); }

std::vector<int64_t> Generator::tokenize(const std::string& text) const { return impl_->model.tokenize(text); }

GenerationResult Generator::generate(const std::vector<int64_t>& input_ids, const GenerationOptions& options,
                                     const TokenCallback& on_token, const CancelFlag* cancel) const {
  options.validate();
  apply_threads(impl_->engine);
  std::vector<int64_t> ids = input_ids;
  const int64_t truncated = impl_->model.fit(ids, options, input_token_limit(options, kDefaultMaxInputTokens));
  c10::InferenceMode inference;
  Stopwatch clock;
  GenerationResult result;
  const LanguageModel& model = *impl_->model.model;
  DecodeStart start = model.start(prompt_from_ids(model, ids, false), options.max_new_tokens);
  result.metrics.prompt_tokens = static_cast<int64_t>(ids.size());
  result.metrics.truncated_tokens = truncated;
  result.metrics.llm_encode_ms = clock.elapsed_ms();
  const Tokenizer* tokenizer = impl_->model.tokenizer ? &*impl_->model.tokenizer : nullptr;
  decode_streaming(std::move(start), model.spec(), tokenizer, options, on_token, cancel, clock, result);
  return result;
}

}  // namespace l2s

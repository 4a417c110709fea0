#include "engine/runtime/t5_generator.h"

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>

#include <filesystem>
#include <optional>

#include "engine/common/error.h"
#include "engine/models/t5_model.h"
#include "engine/runtime/prompt_limit.h"
#include "engine/runtime/streaming_decode.h"
#include "engine/tokenizer/tokenizer.h"

namespace l2s {

struct T5Generator::Impl {
  T5Model model;
  std::optional<Tokenizer> tokenizer;
};

T5Generator::T5Generator(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
T5Generator::T5Generator(T5Generator&&) noexcept = default;
T5Generator& T5Generator::operator=(T5Generator&&) noexcept = default;
T5Generator::~T5Generator() = default;

T5Generator T5Generator::load(const std::string& dir) {
  if (!std::filesystem::is_directory(dir)) throw Error(dir + ": not a model folder (no such directory)");
  auto impl = std::make_unique<Impl>(Impl{T5Model::load(dir), std::nullopt});
  if (std::filesystem::exists(dir + "/spiece.model")) impl->tokenizer = Tokenizer::load_dir(dir);
  return T5Generator(std::move(impl));
}

bool T5Generator::has_tokenizer() const { return impl_->tokenizer.has_value(); }

int64_t T5Generator::eos_token_id() const { return impl_->model.config().eos_token_id; }

std::vector<int64_t> T5Generator::tokenize(const std::string& text) const {
  if (!impl_->tokenizer) throw Error("this model folder has no spiece.model: pass token ids instead of text");
  check_prompt_text(text);
  return impl_->tokenizer->encode(text);
}

GenerationResult T5Generator::generate(const std::vector<int64_t>& input_ids, const GenerationOptions& options,
                                       const TokenCallback& on_token, const CancelFlag* cancel) const {
  options.validate();
  std::vector<int64_t> ids = input_ids;
  const int64_t truncated = fit_prompt(ids, input_token_limit(options, kDefaultMaxInputTokens), options.truncate_input,
                                       impl_->model.config().eos_token_id);
  c10::InferenceMode inference;
  Stopwatch clock;
  GenerationResult result;
  at::Tensor states = impl_->model.encode(at::tensor(ids, at::kLong).unsqueeze(0), {});
  result.metrics.prompt_tokens = static_cast<int64_t>(ids.size());
  result.metrics.truncated_tokens = truncated;
  result.metrics.llm_encode_ms = clock.elapsed_ms();
  decode_streaming(impl_->model, states, impl_->tokenizer ? &*impl_->tokenizer : nullptr, options, on_token, cancel,
                   clock, result);
  return result;
}

}  // namespace l2s

#include "engine/runtime/streaming_decode.h"

#include <ATen/ATen.h>

#include "l2s/error.h"
#include "l2s/tokenizer.h"

namespace l2s {

void check_prompt_text(const std::string& text) {
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) throw Error("the prompt is empty");
}

void decode_streaming(DecodeStart start, const ModelSpec& spec, const Tokenizer* tokenizer,
                      const GenerationOptions& options, const TokenCallback& on_token, const CancelFlag* cancel,
                      const Stopwatch& clock, GenerationResult& result) {
  StepModel& decoder = *start.decoder;
  stream_search([&](const SearchRequest& request) { return search(decoder, request); }, std::move(start.history),
                spec, tokenizer, options, on_token, cancel, clock, result);
}

void stream_search(const SearchRun& run, std::vector<int64_t> history, const ModelSpec& spec,
                   const Tokenizer* tokenizer, const GenerationOptions& options, const TokenCallback& on_token,
                   const CancelFlag* cancel, const Stopwatch& clock, GenerationResult& result) {
  GenerationMetrics& metrics = result.metrics;
  double last_ms = clock.elapsed_ms();
  SearchRequest request;
  request.history = std::move(history);
  request.eos_tokens = spec.eos_token_ids;
  request.options = &options;
  request.cancel = cancel;
  // Until some token shows text (a model may answer pad or unk first), the
  // next one starts the text: sentencepiece drops its leading space there.
  bool text_started = false;
  request.on_token = [&](int64_t id) {
    const double now = clock.elapsed_ms();
    if (metrics.token_ms.empty()) metrics.time_to_first_token_ms = now;
    metrics.token_ms.push_back(now - last_ms);
    if (request.is_eos(id)) {
      result.reached_eos = true;
    } else {
      TokenEvent event{id, tokenizer ? tokenizer->piece_text(id, !text_started) : std::string(),
                       static_cast<int64_t>(result.tokens.size()), now};
      text_started = text_started || !event.text.empty();
      result.tokens.push_back(id);
      if (on_token) on_token(event);
    }
    last_ms = clock.elapsed_ms();  // the callback's own time is not decode time
  };
  result.cancelled = run(request).cancelled;
  metrics.generated_tokens = static_cast<int64_t>(result.tokens.size());
  if (tokenizer) result.text = tokenizer->decode(result.tokens);
  metrics.total_ms = clock.elapsed_ms();
}

}  // namespace l2s

#include "engine/runtime/verified_decode.h"

#include "l2s/error.h"
#include "engine/decoding/speculative.h"
#include "engine/models/t5_family.h"
#include "engine/runtime/streaming_decode.h"

namespace l2s {

void check_verifiable(const GenerationOptions& options, const std::string& mode) {
  if (options.num_beams > 1)
    throw Error("mode '" + mode + "' checks drafts one token at a time and cannot run beam search (num_beams " +
                std::to_string(options.num_beams) + "): use --num-beams 1 (or mode llm)");
}

void decode_verified(const LanguageModel& llm, const at::Tensor& llm_states, DecodeStart drafter,
                     const Tokenizer* tokenizer, const GenerationOptions& options, const TokenCallback& on_token,
                     const CancelFlag* cancel, const Stopwatch& clock, GenerationResult& result) {
  const auto* encoder_decoder = dynamic_cast<const T5LanguageModel*>(&llm);
  if (!encoder_decoder) throw Error("mode verified needs an encoder-decoder LLM (T5), not " + llm.spec().family);
  DecodeStart verifier = encoder_decoder->start_from_states(llm_states, {}, options.max_new_tokens);
  SpeculativeStats stats;
  stream_search(
      [&](const SearchRequest& request) {
        return speculative_search(*verifier.decoder, *drafter.decoder, request, options.draft_tokens, stats);
      },
      std::move(verifier.history), llm.spec(), tokenizer, options, on_token, cancel, clock, result);
  result.metrics.llm_steps = stats.verifier_steps;
  result.metrics.draft_tokens = stats.draft_tokens;
  result.metrics.accepted_tokens = stats.accepted_tokens;
}

}  // namespace l2s

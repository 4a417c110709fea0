// libFuzzer target: prompt text through a pack's public API, as the CLI and
// the studio run it (PackRunner::generate: UTF-8 check, tokenization, the
// max_input_tokens check or truncation, generation, detokenization), on a
// tiny random pack with a real sentencepiece tokenizer (tests/support), made
// once per process. Input: a 5-byte header choosing the mode and the
// decoding options (see Request below), then the prompt text, after the
// preset prefix the header picks. An accepted prompt must give an answer
// that keeps the options' limits, streams exactly its text, is valid UTF-8,
// matches generate_batch()'s (when the input asks), and in a verified mode
// with greedy search is mode llm's answer token for token.
#include <cstdio>
#include <string>
#include <vector>

#include "fuzz_support.h"
#include "l2s/pack_runner.h"
#include "l2s/prompt_limit.h"
#include "l2s/text_lines.h"
#include "l2s/tokenizer.h"
#include "tiny_pack.h"

namespace {

using l2s::fuzz::check_invariant;

// The tiny pack in both families: T5 llm, l2s, verified and slm, plus a
// Llama SLM guided (l2s-llama, verified-l2s-llama) and alone (slm-llama).
struct TinyPack {
  l2s::PackRunner runner;
  std::vector<l2s::PackMode> modes;
  int64_t vocab_size;
};

const TinyPack& tiny_pack() {
  static const TinyPack pack = [] {
    const std::string dir = (l2s::fuzz::scratch_dir() / "pack").string();
    l2s::testing::make_tiny_pack(dir, true);
    l2s::testing::add_tiny_llama_mode(dir, l2s::ModeKind::L2s, "l2s-llama", "LLM → SLM (Llama)");
    l2s::testing::add_tiny_llama_mode(dir, l2s::ModeKind::Slm, "slm-llama", "SLM only (Llama)");
    l2s::EngineOptions engine;
    engine.threads = 1;  // one core per run, as ctest and the fuzzer share the machine
    l2s::PackRunner runner = l2s::PackRunner::load(dir, engine);
    std::vector<l2s::PackMode> modes = runner.info().modes();
    const int64_t vocab = l2s::Tokenizer::load(dir + "/spiece.model").vocab_size();
    return TinyPack{std::move(runner), std::move(modes), vocab};
  }();
  return pack;
}

// What the input asks for. Header bytes past the input's end read as 0.
//   byte 0  the mode (index into the pack's modes)
//   byte 1  bits 0-1 search: greedy (0, 1), sampling (2), beams (3); bit 2 truncate;
//           bits 3-4 preset prefix: none (0, 3), the pack's first (1) or second (2);
//           bit 5 repetition penalty; bit 6 no-repeat n-grams; bit 7 also generate_batch()
//   byte 2  bits 0-2 max_new_tokens - 1; bits 3-5 draft_tokens - 1; bits 6-7 num_beams - 2
//   byte 3  bits 0-4 max_input_tokens (0: the pack's); bits 5-6 the repetition penalty;
//           bit 7 no_repeat_ngram_size - 1
//   byte 4  sampling: bits 0-1 temperature, bits 2-3 top_k, bit 4 top_p (and the length
//           penalty), bits 5-7 seed
struct Request {
  l2s::PackMode mode;
  l2s::GenerationOptions options;
  bool also_batch = false;
  std::string prompt;
};

Request read_request(const TinyPack& pack, const uint8_t* data, size_t size) {
  constexpr size_t kHeader = 5;
  uint8_t h[kHeader] = {};
  for (size_t i = 0; i < kHeader && i < size; ++i) h[i] = data[i];
  Request request;
  request.mode = pack.modes[h[0] % pack.modes.size()];
  l2s::GenerationOptions& o = request.options;
  const int search = h[1] & 3;
  o.do_sample = search == 2;
  o.num_beams = search == 3 ? 2 + (h[2] >> 6) : 1;
  o.truncate_input = h[1] & 4;
  static constexpr double kPenalties[] = {1.3, 0.7, 2.0, 1.05};
  static constexpr double kTemperatures[] = {0.5, 1.0, 1.5, 3.0};
  static constexpr int64_t kTopK[] = {0, 2, 5, 50};
  if (h[1] & 32) o.repetition_penalty = kPenalties[(h[3] >> 5) & 3];
  if (h[1] & 64) o.no_repeat_ngram_size = 1 + (h[3] >> 7);
  request.also_batch = h[1] & 128;
  o.max_new_tokens = 1 + (h[2] & 7);
  o.draft_tokens = 1 + ((h[2] >> 3) & 7);
  o.max_input_tokens = h[3] & 31;
  o.temperature = kTemperatures[h[4] & 3];
  o.top_k = kTopK[(h[4] >> 2) & 3];
  o.top_p = h[4] & 16 ? 0.8 : 1.0;
  o.length_penalty = h[4] & 16 ? 0.5 : 1.0;
  o.seed = h[4] >> 5;
  const std::vector<l2s::TaskPreset>& presets = pack.runner.info().presets;
  const size_t preset = (h[1] >> 3) & 3;
  if (preset >= 1 && preset <= presets.size()) request.prompt = presets[preset - 1].prefix;
  if (size > kHeader) request.prompt.append(reinterpret_cast<const char*>(data) + kHeader, size - kHeader);
  return request;
}

// What holds for any answer to an accepted prompt.
void check_answer(const TinyPack& pack, const Request& request, const l2s::GenerationResult& result,
                  const std::vector<l2s::TokenEvent>& events) {
  const l2s::GenerationOptions& o = request.options;
  const auto count = static_cast<int64_t>(result.tokens.size());
  check_invariant(!result.cancelled, "a run nobody cancelled says it was cancelled");
  check_invariant(count + (result.reached_eos ? 1 : 0) <= o.max_new_tokens, "more tokens than max_new_tokens");
  check_invariant(result.metrics.generated_tokens == count, "generated_tokens is not the token count");
  for (int64_t id : result.tokens) check_invariant(id >= 0 && id < pack.vocab_size, "a token id outside the vocabulary");
  check_invariant(l2s::io::find_invalid_utf8(result.text) == std::string::npos, "the answer is not valid UTF-8");

  check_invariant(static_cast<int64_t>(events.size()) == count, "not one streamed event per token");
  std::string streamed;
  for (size_t i = 0; i < events.size(); ++i) {
    check_invariant(events[i].index == static_cast<int64_t>(i), "streamed token indexes out of order");
    check_invariant(events[i].id == result.tokens[i], "a streamed token differs from the answer's");
    streamed += events[i].text;
  }
  check_invariant(streamed == result.text, "the streamed text differs from the answer's text");

  const l2s::GenerationMetrics& m = result.metrics;
  const int64_t limit = l2s::input_token_limit(o, pack.runner.info().max_input_tokens);
  check_invariant(m.prompt_tokens >= 1 && m.prompt_tokens <= limit, "the prompt read is longer than the limit");
  check_invariant(o.truncate_input || m.truncated_tokens == 0, "a prompt was cut without truncate_input");
  check_invariant(m.accepted_tokens <= m.draft_tokens, "more drafts accepted than drafted");
}

// Runs `generate` on a prompt that generate() already accepted: refusing it is a bug.
template <typename Generate>
auto must_accept(const char* who, Generate&& generate) {
  try {
    return generate();
  } catch (const l2s::Error& e) {
    std::fprintf(stderr, "%s refused a prompt generate() accepted: %s\n", who, e.what());
    check_invariant(false, "the same prompt and options accepted once, refused once");
    throw;
  }
}

void run(const TinyPack& pack, const Request& request) {
  std::vector<l2s::TokenEvent> events;
  const l2s::GenerationResult result =
      pack.runner.generate(request.mode.name, request.prompt, request.options,
                           [&](const l2s::TokenEvent& event) { events.push_back(event); });
  check_answer(pack, request, result, events);

  const bool greedy = !request.options.do_sample && request.options.num_beams == 1;
  if (request.mode.kind == l2s::ModeKind::Verified && greedy) {
    // The LLM reads the same prompt with the same tokenizer: it must accept it too.
    const l2s::GenerationResult llm = must_accept("mode llm", [&] {
      return pack.runner.generate("llm", request.prompt, request.options);
    });
    check_invariant(llm.tokens == result.tokens, "mode verified's greedy answer differs from mode llm's");
  }
  if (request.also_batch) {
    // generate_batch() decodes a batch in its own loop; a row's tokens are generate()'s.
    const std::vector<l2s::GenerationResult> batch = must_accept("generate_batch()", [&] {
      return pack.runner.generate_batch(request.mode.name, {request.prompt}, request.options, 1);
    });
    check_invariant(batch.size() == 1 && batch[0].tokens == result.tokens && batch[0].text == result.text,
                    "generate_batch() answers differently from generate()");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const TinyPack& pack = tiny_pack();
  const Request request = read_request(pack, data, size);
  l2s::fuzz::expect_only_l2s_errors([&] { run(pack, request); });
  return 0;
}

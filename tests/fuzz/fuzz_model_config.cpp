// libFuzzer target: a Hugging Face config.json for every registered family
// (t5, llama), then the same bytes as generation_config.json applied to each
// family's spec (engine/models/model_spec.h).
#include "engine/models/llama_config.h"
#include "engine/models/model_spec.h"
#include "engine/models/t5_config.h"

#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  using l2s::fuzz::expect_only_l2s_errors;
  expect_only_l2s_errors([&] {
    const auto config = l2s::T5Config::from_json_text(text, "config.json");
    // What parses must write back and read back as the same model.
    if (l2s::T5Config::from_json_text(config.to_json_text(), "again").to_json_text() != config.to_json_text())
      __builtin_trap();
  });
  expect_only_l2s_errors([&] {
    const auto config = l2s::LlamaConfig::from_json_text(text, "config.json");
    if (l2s::LlamaConfig::from_json_text(config.to_json_text(), "again").to_json_text() != config.to_json_text())
      __builtin_trap();
  });
  const std::string path = l2s::fuzz::write_scratch("generation_config.json", data, size);
  for (const bool decoder_only : {false, true}) {
    l2s::ModelSpec spec;
    spec.family = decoder_only ? "llama" : "t5";
    spec.architecture = decoder_only ? l2s::Architecture::DecoderOnly : l2s::Architecture::EncoderDecoder;
    spec.vocab_size = 128;
    spec.eos_token_ids = {1};
    expect_only_l2s_errors([&] { l2s::apply_generation_config(path, spec); });
  }
  return 0;
}

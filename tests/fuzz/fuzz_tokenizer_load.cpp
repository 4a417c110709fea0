// libFuzzer target: a sentencepiece model file loaded through the plugin
// (engine/tokenizer/tokenizer.h). A model that loads must encode and decode a
// text and name every piece in its vocabulary.
#include "l2s/tokenizer.h"

#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = l2s::fuzz::write_scratch("spiece.model", data, size);
  l2s::fuzz::expect_only_l2s_errors([&] {
    const l2s::Tokenizer tokenizer = l2s::Tokenizer::load(path);
    const auto ids = tokenizer.encode("a man is walking in the park.", tokenizer.eos_id() >= 0, tokenizer.bos_id() >= 0);
    (void)tokenizer.decode(ids);
    for (int64_t id = 0; id < std::min<int64_t>(tokenizer.vocab_size(), 4096); ++id) {
      (void)tokenizer.piece_text(id, id == 0);
    }
  });
  return 0;
}

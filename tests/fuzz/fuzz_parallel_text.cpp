// libFuzzer target: parallel training text (engine/training/parallel_text.h).
// The first byte picks the layout: TSV, JSONL, or two line-aligned files (the
// rest split at the first NUL); the second picks a small line limit or the default.
#include "l2s/training/parallel_text.h"

#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  using namespace l2s::training;
  const std::string rest(reinterpret_cast<const char*>(data + 2), size - 2);
  const auto bytes = [](const std::string& text) { return reinterpret_cast<const uint8_t*>(text.data()); };
  ParallelSource source;
  if (data[1] % 2) source.max_line_bytes = 16;
  switch (data[0] % 3) {
    case 0:
      source.path = l2s::fuzz::write_scratch("train.tsv", bytes(rest), rest.size());
      break;
    case 1:
      source.path = l2s::fuzz::write_scratch("train.jsonl", bytes(rest), rest.size());
      break;
    default: {
      const std::size_t split = std::min(rest.find('\0'), rest.size());
      const std::string target = split < rest.size() ? rest.substr(split + 1) : "";
      source.source_path = l2s::fuzz::write_scratch("train.en", bytes(rest), split);
      source.target_path = l2s::fuzz::write_scratch("train.de", bytes(target), target.size());
    }
  }
  l2s::fuzz::expect_only_l2s_errors([&] {
    const ParallelText text = read_parallel_text(source);
    if (text.sources.size() != text.targets.size()) __builtin_trap();
    for (std::size_t i = 0; i < text.sources.size(); ++i) {
      if (text.sources[i].empty() || text.targets[i].empty()) __builtin_trap();
      (void)text.where(i);
    }
  });
  return 0;
}

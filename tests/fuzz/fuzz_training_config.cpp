// libFuzzer target: a training config (engine/training/training_config.h).
// Input: the JSON text, optionally followed by a NUL and command-line
// overrides, one KEY=VALUE a line. A config that parses must survive its own
// saved copy (what checkpoints store) unchanged.
#include "l2s/training/training_config.h"

#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  const std::size_t split = input.find('\0');
  const std::string json = input.substr(0, split);
  std::vector<std::pair<std::string, std::string>> overrides;
  if (split != std::string::npos) {
    std::size_t begin = split + 1;
    while (begin < input.size()) {
      std::size_t end = input.find('\n', begin);
      if (end == std::string::npos) end = input.size();
      const std::string line = input.substr(begin, end - begin);
      const std::size_t equals = line.find('=');
      overrides.emplace_back(line.substr(0, equals), equals == std::string::npos ? "" : line.substr(equals + 1));
      begin = end + 1;
    }
  }
  l2s::fuzz::expect_only_l2s_errors([&] {
    using namespace l2s::training;
    const TrainingConfig config = parse_training_config(json, "config.json", overrides);
    const std::string saved = training_config_to_json(config);
    if (training_config_to_json(parse_training_config(saved, "saved")) != saved) __builtin_trap();
  });
  return 0;
}

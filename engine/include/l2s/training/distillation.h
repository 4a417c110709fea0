#pragma once
// Sequence-level knowledge distillation (Kim & Rush, 2016): a teacher's greedy
// outputs for a training set's sources become the targets a student trains on.
// A shallow decoder imitates one consistent teacher far better than it fits
// the references' many ways of saying the same thing.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace l2s::training {

struct DistillationOptions {
  std::string source_prefix;     // prepended to every source (a T5 task prefix)
  int64_t max_source_len = 512;  // tokens, EOS included; a longer source is an error naming its line
  int64_t max_new_tokens = 128;  // an output this long is cut there (and counted)
  int64_t max_tokens = 8192;     // padded tokens per batch, sources plus as many for the outputs
  int threads = 0;               // compute threads; 0: all cores
};

struct DistilledText {
  std::vector<std::string> outputs;  // line-aligned with the sources; "" where the teacher stopped at once
  int64_t output_tokens = 0;
  std::vector<int64_t> cut_lines;  // outputs that reached max_new_tokens (0-based), in order
};

// The teacher in a Hugging Face folder of any registered family, with its
// tokenizer. `on_progress(done, total)` reports sources translated so far.
// Throws l2s::Error naming the folder and the problem.
DistilledText distill(const std::string& teacher_dir, const std::vector<std::string>& sources,
                      const DistillationOptions& options,
                      const std::function<void(int64_t, int64_t)>& on_progress = {});

}  // namespace l2s::training

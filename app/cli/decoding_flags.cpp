#include "cli/decoding_flags.h"

#include <iostream>

#include "l2s/error.h"

namespace l2s::cli {

std::vector<OptionSpec> decoding_option_specs() {
  return {
      {"max-new-tokens", true, "most tokens to generate (default 64)"},
      {"max-input-tokens", true, "longest prompt, in tokens (default: the pack's max_input_tokens; 512 for a model)"},
      {"truncate", false, "cut longer prompts to max-input-tokens (keeping EOS) instead of refusing them"},
      {"sample", false, "sample instead of greedy decoding"},
      {"temperature", true, "sampling temperature (default 1.0)"},
      {"top-k", true, "sample among the k most likely tokens (default 0: all)"},
      {"top-p", true, "nucleus sampling mass (default 1.0: off)"},
      {"seed", true, "random seed for sampling (default 0)"},
      {"repetition-penalty", true, "penalise repeated tokens (default 1.0: off)"},
      {"no-repeat-ngram-size", true, "forbid repeating n-grams of this size (default 0: off)"},
      {"num-beams", true, "beam search width (default 1: greedy/sampling)"},
      {"length-penalty", true, "beam search length penalty exponent (default 1.0)"},
      {"draft-tokens", true, "mode verified: most tokens the SLM drafts per LLM check (default 6; adapts below it)"},
  };
}

std::vector<OptionSpec> engine_option_specs() {
  return {
      {"threads", true, "compute threads (default: all cores)"},
      {"device", true, "cpu (default), or cuda / cuda:N with a CUDA build of libtorch"},
      {"dtype", true, "decode weights as f32 (default) or bf16 (half the bytes per token, f32 arithmetic)"},
  };
}

EngineOptions read_engine_options(const Args& args) {
  EngineOptions options;
  options.threads = static_cast<int>(args.get_int("threads", 0, 0, 1024));
  options.device = args.get("device", options.device);
  options.dtype = args.get("dtype", options.dtype);
  options.validate();
  return options;
}

GenerationOptions read_decoding_options(const Args& args) {
  GenerationOptions o;
  o.max_new_tokens = args.get_int("max-new-tokens", o.max_new_tokens, 1, 100000);
  o.max_input_tokens = args.get_int("max-input-tokens", o.max_input_tokens, 1, 1000000);
  o.truncate_input = args.has("truncate");
  o.do_sample = args.has("sample");
  o.temperature = args.get_double("temperature", o.temperature, 1e-6, 1e6);
  o.top_k = args.get_int("top-k", o.top_k, 0, 1 << 24);
  o.top_p = args.get_double("top-p", o.top_p, 1e-9, 1.0);
  o.seed = static_cast<uint64_t>(args.get_int("seed", 0, 0, INT64_MAX));
  o.repetition_penalty = args.get_double("repetition-penalty", o.repetition_penalty, 1e-6, 1e6);
  o.no_repeat_ngram_size = args.get_int("no-repeat-ngram-size", o.no_repeat_ngram_size, 0, 1 << 20);
  o.num_beams = args.get_int("num-beams", o.num_beams, 1, 64);
  o.length_penalty = args.get_double("length-penalty", o.length_penalty, -1e6, 1e6);
  o.draft_tokens = args.get_int("draft-tokens", o.draft_tokens, 1, 64);
  const bool sampling_flags = args.has("temperature") || args.has("top-k") || args.has("top-p") || args.has("seed");
  if (sampling_flags && !o.do_sample)
    throw Error("--temperature, --top-k, --top-p and --seed only apply with --sample");
  o.validate();
  return o;
}

void report_truncation(const std::string& label, const std::vector<GenerationMetrics>& runs) {
  int64_t cut = 0, dropped = 0;
  for (const GenerationMetrics& run : runs)
    if (run.truncated_tokens > 0) ++cut, dropped += run.truncated_tokens;
  if (cut == 0) return;
  if (runs.size() == 1)
    std::cerr << label << ": the prompt was cut to " << runs.front().prompt_tokens
              << " tokens (max_input_tokens): " << dropped << " tokens dropped\n";
  else
    std::cerr << label << ": " << cut << " of " << runs.size() << " prompts were cut to max_input_tokens: " << dropped
              << " tokens dropped\n";
}

std::vector<OptionSpec> with_options(std::vector<OptionSpec> specs, const std::vector<OptionSpec>& extra) {
  specs.insert(specs.end(), extra.begin(), extra.end());
  return specs;
}

}  // namespace l2s::cli

#pragma once
// The decoding options every generating command accepts.
#include <string>
#include <vector>

#include "cli/args.h"
#include "l2s/engine_options.h"
#include "l2s/generation_options.h"
#include "l2s/generation.h"

namespace l2s::cli {

// --max-new-tokens, --max-input-tokens, --truncate, --sample, --temperature, --top-k,
// --top-p, --seed, --repetition-penalty, --no-repeat-ngram-size,
// --num-beams, --length-penalty, --draft-tokens
std::vector<OptionSpec> decoding_option_specs();

// Reads them; throws l2s::Error for values out of range.
GenerationOptions read_decoding_options(const Args& args);

// --threads, --device, --dtype: how the loaded models compute.
std::vector<OptionSpec> engine_option_specs();
EngineOptions read_engine_options(const Args& args);

// Tells standard error what --truncate cut from the prompts of `runs` (one
// run or many), under `label` ("l2s generate", "l2s bench: llm"); silent when
// nothing was cut.
void report_truncation(const std::string& label, const std::vector<GenerationMetrics>& runs);

// Appends `extra` to `specs`.
std::vector<OptionSpec> with_options(std::vector<OptionSpec> specs, const std::vector<OptionSpec>& extra);

}  // namespace l2s::cli

#pragma once
// The decoding options every generating command accepts.
#include <vector>

#include "cli/args.h"
#include "engine/decoding/generation_options.h"

namespace l2s::cli {

// --max-new-tokens, --max-input-tokens, --sample, --temperature, --top-k,
// --top-p, --seed, --repetition-penalty, --no-repeat-ngram-size,
// --num-beams, --length-penalty, --threads
std::vector<OptionSpec> decoding_option_specs();

// Reads them (throws l2s::Error for values out of range) and applies --threads.
GenerationOptions read_decoding_options(const Args& args);

// Appends `extra` to `specs`.
std::vector<OptionSpec> with_options(std::vector<OptionSpec> specs, const std::vector<OptionSpec>& extra);

}  // namespace l2s::cli

#pragma once
// How commands name the models to run: a pack folder, or the separate
// Hugging Face folders of an LLM, an SLM and a projector.
#include <vector>

#include "cli/args.h"
#include "l2s/pack_runner.h"

namespace l2s::cli {

// --pack, --llm, --slm, --projector, --slm-baseline
std::vector<OptionSpec> pack_option_specs();
bool names_pack(const Args& args);
PackRunner load_pack(const Args& args);  // throws l2s::Error

// The pack's preset named `name`; throws l2s::Error when it has none.
const TaskPreset& find_preset(const PackInfo& info, const std::string& name);

}  // namespace l2s::cli

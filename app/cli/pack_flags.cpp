#include "cli/pack_flags.h"

#include "engine/common/error.h"

namespace l2s::cli {

std::vector<OptionSpec> pack_option_specs() {
  return {
      {"pack", true, "model pack folder (pack.json, llm/, slm/, projector/)"},
      {"llm", true, "instead of --pack: the LLM's Hugging Face folder"},
      {"slm", true, "instead of --pack: the SLM's Hugging Face folder"},
      {"projector", true, "instead of --pack: the projector folder"},
      {"slm-baseline", true, "with --llm/--slm/--projector: an SLM trained alone (enables mode slm)"},
  };
}

bool names_pack(const Args& args) {
  return args.has("pack") || args.has("llm") || args.has("slm") || args.has("projector");
}

PackRunner load_pack(const Args& args) {
  const bool folders = args.has("llm") || args.has("slm") || args.has("projector") || args.has("slm-baseline");
  if (args.has("pack")) {
    if (folders) throw Error("give either --pack or --llm/--slm/--projector, not both");
    return PackRunner::load(args.get("pack"));
  }
  if (!args.has("llm") || !args.has("slm") || !args.has("projector"))
    throw Error("name the models with --pack DIR, or with all of --llm DIR --slm DIR --projector DIR");
  return PackRunner::load_models(args.get("llm"), args.get("slm"), args.get("projector"), args.get("slm-baseline"));
}

const TaskPreset& find_preset(const PackInfo& info, const std::string& name) {
  for (const TaskPreset& preset : info.presets)
    if (preset.name == name) return preset;
  throw Error("the pack has no preset named '" + name + "'");
}

}  // namespace l2s::cli

#include "cli/pack_flags.h"

#include <filesystem>

#include "l2s/error.h"
#include "cli/decoding_flags.h"
#include "l2s/install_paths.h"

namespace l2s::cli {

std::vector<OptionSpec> pack_option_specs() {
  return {
      {"pack", true, "model pack folder (pack.json, llm/, slm/, projector/), or an installed pack's name"},
      {"llm", true, "instead of --pack: the LLM's Hugging Face folder"},
      {"slm", true, "instead of --pack: the SLM's Hugging Face folder"},
      {"projector", true, "instead of --pack: the projector folder"},
      {"slm-baseline", true, "with --llm/--slm/--projector: an SLM trained alone (enables mode slm)"},
  };
}

namespace {

// A folder as given; a plain name that is no folder here names an installed pack.
std::string pack_folder(const std::string& value) {
  std::error_code error;
  if (std::filesystem::exists(value, error) || value.find('/') != std::string::npos) return value;
  if (const std::filesystem::path installed = find_installed_pack(value); !installed.empty()) return installed.string();
  std::string searched;
  for (const std::filesystem::path& dir : pack_search_dirs()) searched += (searched.empty() ? "" : ", ") + dir.string();
  throw Error("--pack " + value + ": no such folder, and no installed pack of that name in " + searched);
}

}  // namespace

bool names_pack(const Args& args) {
  return args.has("pack") || args.has("llm") || args.has("slm") || args.has("projector");
}

PackRunner load_pack(const Args& args) {
  const bool folders = args.has("llm") || args.has("slm") || args.has("projector") || args.has("slm-baseline");
  if (args.has("pack")) {
    if (folders) throw Error("give either --pack or --llm/--slm/--projector, not both");
    return PackRunner::load(pack_folder(args.get("pack")), read_engine_options(args));
  }
  if (!args.has("llm") || !args.has("slm") || !args.has("projector"))
    throw Error("name the models with --pack DIR, or with all of --llm DIR --slm DIR --projector DIR");
  return PackRunner::load_models(args.get("llm"), args.get("slm"), args.get("projector"), args.get("slm-baseline"),
                                 read_engine_options(args));
}

const TaskPreset& find_preset(const PackInfo& info, const std::string& name) {
  for (const TaskPreset& preset : info.presets)
    if (preset.name == name) return preset;
  throw Error("the pack has no preset named '" + name + "'");
}

}  // namespace l2s::cli

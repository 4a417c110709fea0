// `l2s average`: the element-wise mean of a training run's last checkpoints, a
// cheap way to a model better than any one of them.
#include <filesystem>
#include <iostream>

#include "cli/args.h"
#include "cli/commands.h"
#include "l2s/error.h"
#include "l2s/checkpoint_tools.h"

namespace l2s::cli {
namespace {

namespace fs = std::filesystem;

// An `l2s train --mode l2s` checkpoint: the trained parts in two subfolders.
bool is_pair_checkpoint(const std::string& dir) {
  return fs::is_directory(fs::path(dir) / "slm") && fs::is_directory(fs::path(dir) / "projector") &&
         !fs::exists(fs::path(dir) / "model.safetensors");
}

std::vector<std::string> subfolders(const std::vector<std::string>& dirs, const std::string& name) {
  std::vector<std::string> out;
  for (const std::string& dir : dirs) out.push_back((fs::path(dir) / name).string());
  return out;
}

}  // namespace

int run_average(const Argv& argv) {
  const std::vector<OptionSpec> specs = {
      {"out", true, "output folder (created; must differ from every input)"},
      {"dtype", true, "storage of floating tensors: f32 (default), f16 or bf16"},
      {"help", false, "show this text"},
  };
  const Args args = Args::parse(argv, specs);
  if (args.has("help")) {
    std::cout << "usage: l2s average --out DIR [--dtype f32|f16|bf16] CHECKPOINT CHECKPOINT...\n\n"
                 "Writes the mean of two or more checkpoints of one model: Hugging Face folders, or\n"
                 "checkpoints of an l2s training run (slm/ and projector/ are averaged part by part).\n"
                 "The first checkpoint's other files (config.json, spiece.model) are copied.\n\n"
              << describe_options(specs);
    return 0;
  }
  if (!args.has("out")) throw Error("--out DIR is required");
  const std::vector<std::string>& inputs = args.positional();
  if (inputs.size() < 2) throw Error("give two or more checkpoint folders to average");
  const io::StorageDType storage = io::parse_storage_dtype(args.get("dtype", "f32"));
  const std::string out = args.get("out");

  std::size_t pairs = 0;
  for (const std::string& dir : inputs) pairs += is_pair_checkpoint(dir) ? 1 : 0;
  if (pairs != 0 && pairs != inputs.size())
    throw Error("mix of l2s checkpoints (slm/ + projector/) and single models: average one kind at a time");
  if (pairs == 0) {
    io::average_checkpoint_folders(inputs, out, storage);
  } else {
    for (const char* part : {"slm", "projector"})
      io::average_checkpoint_folders(subfolders(inputs, part), (fs::path(out) / part).string(), storage);
  }
  std::cout << "wrote " << out << " (the mean of " << inputs.size() << " checkpoints)\n";
  return 0;
}

}  // namespace l2s::cli

// `l2s convert`: rewrite a model folder's weights in another storage dtype
// (e.g. f16 to halve a pack's size).
#include <iostream>

#include "cli/args.h"
#include "cli/commands.h"
#include "l2s/error.h"
#include "l2s/checkpoint_tools.h"

namespace l2s::cli {

int run_convert(const Argv& argv) {
  const std::vector<OptionSpec> specs = {
      {"model", true, "input folder: a Hugging Face T5 or a projector (model.safetensors or shards)"},
      {"out", true, "output folder (created; must differ from the input)"},
      {"dtype", true, "storage of floating tensors: f32, f16 or bf16 (default f16)"},
      {"help", false, "show this text"},
  };
  const Args args = Args::parse(argv, specs);
  if (args.has("help")) {
    std::cout << "usage: l2s convert --model DIR --out DIR [--dtype f16|bf16|f32]\n\n"
                 "Writes the folder's weights as one model.safetensors in the chosen dtype and copies\n"
                 "its other files (config.json, spiece.model, ...). The engine computes in float32\n"
                 "whatever the storage.\n\n"
              << describe_options(specs);
    return 0;
  }
  if (!args.has("model") || !args.has("out")) throw Error("--model DIR and --out DIR are required");
  if (!args.positional().empty()) throw Error("unexpected argument '" + args.positional().front() + "'");
  io::convert_checkpoint_folder(args.get("model"), args.get("out"), io::parse_storage_dtype(args.get("dtype", "f16")));
  std::cout << "wrote " << args.get("out") << "\n";
  return 0;
}

}  // namespace l2s::cli

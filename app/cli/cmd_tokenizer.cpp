// `l2s tokenizer`: train a sentencepiece model with T5's or Llama's special
// ids, or apply one to text and ids.
#include <cstdint>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/args.h"
#include "cli/commands.h"
#include "l2s/error.h"
#include "l2s/tokenizer.h"

namespace l2s::cli {
namespace {

const char* kUsage =
    "usage: l2s tokenizer COMMAND [OPTIONS]\n\n"
    "Trains or applies a sentencepiece tokenizer: with T5's special ids (pad 0, eos 1,\n"
    "unk 2, no BOS) or Llama's (unk 0, bos 1, eos 2, no pad).\n\n"
    "commands:\n"
    "  train    train a tokenizer on text files (one sentence per line)\n"
    "  encode   print the token ids of a text\n"
    "  decode   print the text of token ids\n\n"
    "Run `l2s tokenizer COMMAND --help` for the options of a command.\n";

const OptionSpec kHelp = {"help", false, "show this text"};

// ---------------------------------------------------------------- train

const std::vector<OptionSpec> kTrainOptions = {
    {"input", true, "training text, FILE[,FILE...], one sentence per line"},
    {"model-prefix", true, "writes PREFIX.model and PREFIX.vocab"},
    {"vocab-size", true, "number of pieces (default 8000)"},
    {"character-coverage", true, "share of characters covered, 0.98 to 1 (default 1)"},
    {"model-type", true, "unigram or bpe (default unigram)"},
    {"input-sentence-size", true, "sentences sampled for training, 0 for all (default 0)"},
    {"special-ids", true, "t5 (pad 0, eos 1, unk 2) or llama (unk 0, bos 1, eos 2) (default t5)"},
    {"verbose", false, "show sentencepiece's training log"},
    kHelp,
};

const char* kTrainUsage =
    "usage: l2s tokenizer train --input FILE[,FILE...] --model-prefix PREFIX [OPTIONS]\n\n";

std::vector<std::string> split_commas(const std::string& list) {
  std::vector<std::string> items;
  std::istringstream in(list);
  for (std::string item; std::getline(in, item, ',');)
    if (!item.empty()) items.push_back(item);
  return items;
}

std::string required(const Args& args, const std::string& option, const char* command) {
  if (!args.has(option) || args.get(option).empty())
    throw Error("--" + option + " is required (see l2s tokenizer " + command + " --help)");
  return args.get(option);
}

void refuse_positional(const Args& args) {
  if (!args.positional().empty())
    throw Error("unexpected argument '" + args.positional().front() + "'");
}

int run_train(const Args& args) {
  refuse_positional(args);
  TokenizerTrainOptions options;
  options.input_files = split_commas(required(args, "input", "train"));
  options.model_prefix = required(args, "model-prefix", "train");
  options.vocab_size = static_cast<int>(args.get_int("vocab-size", options.vocab_size, 8, 1 << 24));
  options.character_coverage =
      args.get_double("character-coverage", options.character_coverage, 0.98, 1);
  options.model_type = args.get("model-type", options.model_type);
  if (options.model_type != "unigram" && options.model_type != "bpe")
    throw Error("--model-type: expected unigram or bpe, got '" + options.model_type + "'");
  options.input_sentence_size =
      args.get_int("input-sentence-size", options.input_sentence_size, 0, INT64_MAX);
  options.verbose = args.has("verbose");
  options.special_ids = args.get("special-ids", options.special_ids);
  train_tokenizer(options);
  std::cout << "wrote " << options.model_prefix << ".model and " << options.model_prefix
            << ".vocab\n";
  return 0;
}

// ---------------------------------------------------------------- encode

const std::vector<OptionSpec> kEncodeOptions = {
    {"model", true, "sentencepiece model (spiece.model or tokenizer.model)"},
    {"bos", false, "start with BOS, as Llama's tokenizer does"},
    {"no-eos", false, "do not end with EOS (T5's tokenizer does; Llama's does not)"},
    kHelp,
};

const char* kEncodeUsage =
    "usage: l2s tokenizer encode --model FILE [--bos] [--no-eos] [TEXT | -]\n\n"
    "Prints the token ids of TEXT (or standard input with -), ending with EOS unless --no-eos.\n\n";

int run_encode(const Args& args) {
  const std::string model = required(args, "model", "encode");
  if (args.positional().empty()) throw Error("no text: give TEXT, or - for standard input");
  const Tokenizer tokenizer = Tokenizer::load(model);
  const std::vector<int64_t> ids = tokenizer.encode(read_prompt(args.positional()), !args.has("no-eos"), args.has("bos"));
  for (std::size_t i = 0; i < ids.size(); ++i) std::cout << (i ? " " : "") << ids[i];
  std::cout << "\n";
  return 0;
}

// ---------------------------------------------------------------- decode

const std::vector<OptionSpec> kDecodeOptions = {
    {"model", true, "sentencepiece model (spiece.model or tokenizer.model)"},
    kHelp,
};

const char* kDecodeUsage =
    "usage: l2s tokenizer decode --model FILE IDS...\n\n"
    "Prints the text of token ids (separate arguments, or one quoted list).\n"
    "Like transformers' skip_special_tokens, it leaves out pad, bos, eos, unk and ids\n"
    "past the tokenizer's vocabulary (T5's <extra_id_N> sentinels).\n\n";

int run_decode(const Args& args) {
  const std::string model = required(args, "model", "decode");
  const std::vector<int64_t> ids = parse_token_ids(args.positional());
  std::cout << Tokenizer::load(model).decode(ids) << "\n";
  return 0;
}

// ---------------------------------------------------------------- dispatch

struct Subcommand {
  const char* name;
  const std::vector<OptionSpec>& options;
  const char* usage;
  int (*run)(const Args&);
};

const Subcommand kSubcommands[] = {
    {"train", kTrainOptions, kTrainUsage, run_train},
    {"encode", kEncodeOptions, kEncodeUsage, run_encode},
    {"decode", kDecodeOptions, kDecodeUsage, run_decode},
};

}  // namespace

int run_tokenizer(const Argv& argv) {
  if (argv.empty() || argv[0] == "--help" || argv[0] == "-h") {
    std::cout << kUsage;
    return argv.empty() ? 2 : 0;
  }
  for (const Subcommand& subcommand : kSubcommands) {
    if (argv[0] != subcommand.name) continue;
    const Args args = Args::parse(Argv(argv.begin() + 1, argv.end()), subcommand.options);
    if (args.has("help")) {
      std::cout << subcommand.usage << describe_options(subcommand.options);
      return 0;
    }
    return subcommand.run(args);
  }
  throw Error("unknown tokenizer command '" + argv[0] + "' (see l2s tokenizer --help)");
}

}  // namespace l2s::cli

#include "l2s/training/training_config.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <limits>
#include <nlohmann/json.hpp>

#include "l2s/error.h"
#include "l2s/metrics/metric_registry.h"

namespace l2s::training {
namespace {

using nlohmann::json;
using Getter = std::function<json(const TrainingConfig&)>;
using Setter = std::function<void(TrainingConfig&, const json&, const std::string& where)>;

struct KeyEntry {
  ConfigKey key;
  bool affects_training;  // a resumed run must keep the value
  Getter get;
  Setter set;
};

std::string read_string(const json& value, const std::string& where) {
  if (!value.is_string()) throw Error(where + " must be a string");
  return value.get<std::string>();
}

int64_t read_integer(const json& value, const std::string& where, int64_t min, int64_t max) {
  if (!value.is_number_integer()) throw Error(where + " must be an integer");
  const int64_t v = value.get<int64_t>();
  if (v < min || v > max)
    throw Error(where + " is " + std::to_string(v) + ", outside [" + std::to_string(min) + ", " +
                std::to_string(max) + "]");
  return v;
}

double read_number(const json& value, const std::string& where, double min, double max) {
  if (!value.is_number()) throw Error(where + " must be a number");
  const double v = value.get<double>();
  if (!(v >= min && v <= max))
    throw Error(where + " is " + value.dump() + ", outside [" + json(min).dump() + ", " + json(max).dump() + "]");
  return v;
}

bool read_boolean(const json& value, const std::string& where) {
  if (!value.is_boolean()) throw Error(where + " must be true or false");
  return value.get<bool>();
}

constexpr int64_t kBig = std::numeric_limits<int32_t>::max();

// Table helpers: one line per key below.
KeyEntry string_key(std::string name, std::string help, bool affects, std::string TrainingConfig::*field) {
  return {{std::move(name), ConfigValueKind::String, std::move(help)}, affects,
          [field](const TrainingConfig& c) { return json(c.*field); },
          [field](TrainingConfig& c, const json& v, const std::string& w) { c.*field = read_string(v, w); }};
}

KeyEntry integer_key(std::string name, std::string help, bool affects, int64_t TrainingConfig::*field, int64_t min,
                     int64_t max) {
  return {{std::move(name), ConfigValueKind::Integer, std::move(help)}, affects,
          [field](const TrainingConfig& c) { return json(c.*field); },
          [field, min, max](TrainingConfig& c, const json& v, const std::string& w) {
            c.*field = read_integer(v, w, min, max);
          }};
}

KeyEntry number_key(std::string name, std::string help, bool affects, double TrainingConfig::*field, double min,
                    double max) {
  return {{std::move(name), ConfigValueKind::Number, std::move(help)}, affects,
          [field](const TrainingConfig& c) { return json(c.*field); },
          [field, min, max](TrainingConfig& c, const json& v, const std::string& w) {
            c.*field = read_number(v, w, min, max);
          }};
}

// Keys on the nested data sources.
KeyEntry data_key(std::string name, std::string help, ParallelSource TrainingConfig::*data,
                  std::string ParallelSource::*field, bool affects) {
  return {{std::move(name), ConfigValueKind::String, std::move(help)}, affects,
          [data, field](const TrainingConfig& c) { return json(c.*data.*field); },
          [data, field](TrainingConfig& c, const json& v, const std::string& w) {
            c.*data.*field = read_string(v, w);
          }};
}

const char* format_name(ParallelFormat format) {
  switch (format) {
    case ParallelFormat::Auto: return "auto";
    case ParallelFormat::Tsv: return "tsv";
    case ParallelFormat::Jsonl: return "jsonl";
  }
  return "auto";
}

std::vector<KeyEntry> make_table() {
  using C = TrainingConfig;
  std::vector<KeyEntry> t;
  t.push_back({{"mode", ConfigValueKind::String, "\"lm\" (one T5) or \"l2s\" (frozen LLM -> projector -> SLM)"},
               true, [](const C& c) { return json(training_mode_name(c.mode)); },
               [](C& c, const json& v, const std::string& w) {
                 const std::string mode = read_string(v, w);
                 if (mode == "lm") c.mode = TrainingMode::Lm;
                 else if (mode == "l2s") c.mode = TrainingMode::L2s;
                 else throw Error(w + " must be \"lm\" or \"l2s\", not \"" + mode + "\"");
               }});
  // Data.
  t.push_back(data_key("train", "training data as one TSV or JSONL file", &C::train, &ParallelSource::path, true));
  t.push_back(data_key("train_source", "training sources, one per line", &C::train, &ParallelSource::source_path, true));
  t.push_back(data_key("train_target", "training targets, line-aligned with train_source", &C::train,
                       &ParallelSource::target_path, true));
  t.push_back(data_key("dev", "dev data as one TSV or JSONL file (optional)", &C::dev, &ParallelSource::path, false));
  t.push_back(data_key("dev_source", "dev sources, one per line (optional)", &C::dev, &ParallelSource::source_path, false));
  t.push_back(data_key("dev_target", "dev references, line-aligned with dev_source", &C::dev,
                       &ParallelSource::target_path, false));
  t.push_back({{"data_format", ConfigValueKind::String, "\"auto\" (by extension), \"tsv\" or \"jsonl\""}, true,
               [](const C& c) { return json(format_name(c.train.format)); },
               [](C& c, const json& v, const std::string& w) {
                 try {
                   c.train.format = c.dev.format = parse_parallel_format(read_string(v, w));
                 } catch (const Error& e) {
                   throw Error(w + ": " + e.what());
                 }
               }});
  t.push_back({{"source_field", ConfigValueKind::String, "JSONL key of the source text (default \"source\")"}, true,
               [](const C& c) { return json(c.train.source_field); },
               [](C& c, const json& v, const std::string& w) { c.train.source_field = c.dev.source_field = read_string(v, w); }});
  t.push_back({{"target_field", ConfigValueKind::String, "JSONL key of the target text (default \"target\")"}, true,
               [](const C& c) { return json(c.train.target_field); },
               [](C& c, const json& v, const std::string& w) { c.train.target_field = c.dev.target_field = read_string(v, w); }});
  t.push_back({{"max_line_bytes", ConfigValueKind::Integer, "longer data lines are refused (default 65536, at most 1048576)"}, true,
               [](const C& c) { return json(c.train.max_line_bytes); },
               [](C& c, const json& v, const std::string& w) {
                 c.train.max_line_bytes = c.dev.max_line_bytes = static_cast<std::size_t>(read_integer(v, w, 16, 1 << 20));
               }});
  t.push_back(string_key("source_prefix", "text prepended to every source (a T5 task prefix)", true, &C::source_prefix));
  t.push_back({{"max_source_len", ConfigValueKind::Integer, "source tokens per example, EOS included (default 256)"},
               true, [](const C& c) { return json(c.limits.max_source_len); },
               [](C& c, const json& v, const std::string& w) { c.limits.max_source_len = read_integer(v, w, 2, 1 << 16); }});
  t.push_back({{"max_target_len", ConfigValueKind::Integer, "target tokens per example, EOS included (default 256)"},
               true, [](const C& c) { return json(c.limits.max_target_len); },
               [](C& c, const json& v, const std::string& w) { c.limits.max_target_len = read_integer(v, w, 2, 1 << 16); }});
  t.push_back({{"truncate", ConfigValueKind::Boolean, "cut longer examples to the limits instead of refusing them"},
               true, [](const C& c) { return json(c.limits.truncate); },
               [](C& c, const json& v, const std::string& w) { c.limits.truncate = read_boolean(v, w); }});
  // Tokenizers and models.
  t.push_back(string_key("tokenizer", "sentencepiece model of the sources (and targets)", true, &C::tokenizer));
  t.push_back(string_key("target_tokenizer", "l2s: sentencepiece model of the targets, if the SLM's differs", true,
                         &C::target_tokenizer));
  t.push_back({{"model_config", ConfigValueKind::Json,
                "T5 config of a model trained from scratch: a config.json path or an inline object"},
               true, [](const C& c) { return c.model_config.empty() || c.model_config[0] != '{' ? json(c.model_config)
                                                                                                 : json::parse(c.model_config); },
               [](C& c, const json& v, const std::string& w) {
                 if (v.is_object()) c.model_config = v.dump();
                 else if (v.is_string()) c.model_config = v.get<std::string>();
                 else throw Error(w + " must be a config.json path or a JSON object");
               }});
  t.push_back(string_key("model_init", "Hugging Face T5 folder to start from (lm: the model; l2s: the SLM)", true,
                         &C::model_init));
  t.push_back(string_key("llm", "l2s: the frozen LLM's Hugging Face T5 folder", true, &C::llm));
  t.push_back(string_key("projector_init", "l2s: projector folder to start from (default: a fresh projector)", true,
                         &C::projector_init));
  t.push_back(integer_key("projector_hidden", "l2s: hidden size of a fresh projector (0: the SLM's d_model)", true,
                          &C::projector_hidden, 0, 1 << 20));
  t.push_back(string_key("projector_inputs",
                         "l2s: \"slm\" (SLM embeddings of the prompt) or \"llm_mapped\" (mapped LLM embeddings)",
                         true, &C::projector_inputs));
  t.push_back(string_key("llm_cache_dtype", "l2s: storage of the cached LLM states: \"f32\", \"bf16\" or \"f16\"",
                         true, &C::llm_cache_dtype));
  // Batching and optimisation.
  t.push_back(integer_key("max_tokens", "padded tokens per batch: rows x (longest source + longest target)", true,
                          &C::max_tokens, 2, kBig));
  t.push_back(integer_key("bucket_pool", "examples shuffled, then sorted by length together", true, &C::bucket_pool,
                          1, kBig));
  t.push_back(integer_key("accumulation", "batches per optimizer update", true, &C::accumulation, 1, 4096));
  t.push_back(number_key("lr", "peak learning rate", true, &C::lr, 0, 10));
  t.push_back(integer_key("warmup_steps", "updates of linear warm-up", true, &C::warmup_steps, 0, kBig));
  t.push_back({{"schedule", ConfigValueKind::String, "after warm-up: \"inverse_sqrt\", \"linear\" or \"constant\""},
               true, [](const C& c) { return json(lr_decay_name(c.schedule)); },
               [](C& c, const json& v, const std::string& w) {
                 try {
                   c.schedule = parse_lr_decay(read_string(v, w));
                 } catch (const Error& e) {
                   throw Error(w + ": " + e.what());
                 }
               }});
  t.push_back(number_key("weight_decay", "AdamW decoupled weight decay (not on 1-D tensors)", true, &C::weight_decay, 0, 10));
  t.push_back(number_key("adam_beta1", "AdamW beta1", true, &C::adam_beta1, 0, 0.999999));
  t.push_back(number_key("adam_beta2", "AdamW beta2", true, &C::adam_beta2, 0, 0.999999999));
  t.push_back(number_key("adam_eps", "AdamW epsilon", true, &C::adam_eps, 0, 1));
  t.push_back({{"adam_scale_by_rms", ConfigValueKind::Boolean,
                "scale each tensor's step by its RMS (Adafactor's relative step; lr ~1e-2)"},
               true, [](const C& c) { return json(c.adam_scale_by_rms); },
               [](C& c, const json& v, const std::string& w) { c.adam_scale_by_rms = read_boolean(v, w); }});
  t.push_back(number_key("clip_norm", "gradient clipping by global L2 norm (0: off)", true, &C::clip_norm, 0, 1e9));
  t.push_back(number_key("label_smoothing", "label smoothing of the cross-entropy", true, &C::label_smoothing, 0, 0.999));
  t.push_back(number_key("dropout", "dropout probability (-1: the model config's dropout_rate)", true, &C::dropout, -1, 0.95));
  t.push_back(integer_key("epochs", "passes over the training data (0: max_steps decides)", false, &C::epochs, 0, kBig));
  t.push_back(integer_key("max_steps", "optimizer updates at most (0: epochs decide)", false, &C::max_steps, 0,
                          std::numeric_limits<int64_t>::max() / 2));
  // Evaluation, logging, checkpoints.
  t.push_back({{"task", ConfigValueKind::String,
                "dev metrics: \"translate\" (BLEU, chrF; best/ by BLEU) or \"summarize\" (ROUGE-1/2/L; by ROUGE-L)"},
               true,  // best/ is chosen by its metric: a resumed run keeps it
               [](const C& c) { return json(c.task); },
               [](C& c, const json& v, const std::string& w) {
                 c.task = read_string(v, w);
                 try {
                   metrics::task_metrics(c.task);
                 } catch (const Error& e) {
                   throw Error(w + ": " + e.what());
                 }
               }});
  t.push_back(integer_key("log_interval", "updates between training log lines", false, &C::log_interval, 1, kBig));
  t.push_back(integer_key("eval_interval", "updates between dev evaluations (0: at the end only)", false,
                          &C::eval_interval, 0, kBig));
  t.push_back(integer_key("eval_max_examples", "score only the first N dev examples (0: all)", false,
                          &C::eval_max_examples, 0, kBig));
  t.push_back(integer_key("eval_max_new_tokens", "greedy output tokens at most (0: max_target_len)", false,
                          &C::eval_max_new_tokens, 0, 1 << 16));
  t.push_back(integer_key("save_interval", "updates between checkpoints (0: at the end only)", false,
                          &C::save_interval, 0, kBig));
  t.push_back(integer_key("keep_checkpoints", "checkpoints kept (older ones are deleted)", false, &C::keep_checkpoints,
                          1, 1000));
  t.push_back({{"seed", ConfigValueKind::Integer, "seed of initialisation, batching and dropout"}, true,
               [](const C& c) { return json(c.seed); },
               [](C& c, const json& v, const std::string& w) {
                 c.seed = static_cast<uint64_t>(read_integer(v, w, 0, std::numeric_limits<int64_t>::max()));
               }});
  t.push_back(integer_key("threads", "compute threads (0: all cores); results depend on it", false, &C::threads, 0, 4096));
  t.push_back(number_key("dist_timeout_s",
                         "data-parallel runs: seconds a rank waits for the others (joining, each exchange; "
                         "longer than a dev evaluation)",
                         false, &C::dist_timeout_s, 0.1, 1e6));
  t.push_back(string_key("output", "output folder (models, checkpoints, train.jsonl)", false, &C::output));
  t.push_back({{"resume", ConfigValueKind::Boolean, "continue from the output folder's latest checkpoint"}, false,
               [](const C& c) { return json(c.resume); },
               [](C& c, const json& v, const std::string& w) { c.resume = read_boolean(v, w); }});
  return t;
}

const std::vector<KeyEntry>& table() {
  static const std::vector<KeyEntry> entries = make_table();
  return entries;
}

const KeyEntry* find_entry(const std::string& name) {
  for (const auto& e : table())
    if (e.key.name == name) return &e;
  return nullptr;
}

// A command-line value as the JSON its key expects.
json value_from_text(const KeyEntry& entry, const std::string& text) {
  const std::string where = "--" + entry.key.name;
  switch (entry.key.kind) {
    case ConfigValueKind::String:
    case ConfigValueKind::Json: return json(text);
    case ConfigValueKind::Boolean:
      if (text.empty() || text == "true" || text == "1") return json(true);
      if (text == "false" || text == "0") return json(false);
      throw Error(where + ": expected true or false, got '" + text + "'");
    case ConfigValueKind::Integer: {
      char* end = nullptr;
      errno = 0;
      const long long v = std::strtoll(text.c_str(), &end, 10);
      if (text.empty() || *end != '\0' || errno == ERANGE)
        throw Error(where + ": expected an integer, got '" + text + "'");
      return json(static_cast<int64_t>(v));
    }
    case ConfigValueKind::Number: {
      char* end = nullptr;
      errno = 0;
      const double v = std::strtod(text.c_str(), &end);
      if (text.empty() || *end != '\0' || errno == ERANGE || std::isnan(v))
        throw Error(where + ": expected a number, got '" + text + "'");
      return json(v);
    }
  }
  return json(text);
}

void validate(const TrainingConfig& c, const std::string& source) {
  auto require = [&](bool ok, const std::string& what) {
    if (!ok) throw Error(source + ": " + what);
  };
  require(!c.output.empty(), "\"output\" (the output folder) is required");
  require(!c.train.empty(), "training data is required: \"train\" or \"train_source\" + \"train_target\"");
  require(c.epochs > 0 || c.max_steps > 0, "set \"epochs\" or \"max_steps\" (both are 0)");
  require(c.model_config.empty() || c.model_init.empty(),
          "give either \"model_config\" (train from scratch) or \"model_init\" (start from a folder), not both");
  require(c.projector_inputs == "slm" || c.projector_inputs == "llm_mapped",
          "\"projector_inputs\" must be \"slm\" or \"llm_mapped\"");
  require(c.llm_cache_dtype == "f32" || c.llm_cache_dtype == "bf16" || c.llm_cache_dtype == "f16",
          "\"llm_cache_dtype\" must be \"f32\", \"bf16\" or \"f16\"");
  if (c.mode == TrainingMode::Lm) {
    require(!c.model_config.empty() || !c.model_init.empty(),
            "mode lm needs \"model_config\" (from scratch) or \"model_init\" (a T5 folder)");
    require(c.llm.empty() && c.projector_init.empty(), "\"llm\" and \"projector_init\" belong to mode l2s");
    require(c.target_tokenizer.empty() || c.target_tokenizer == c.tokenizer,
            "mode lm has one vocabulary: \"target_tokenizer\" belongs to mode l2s");
  } else {
    require(!c.llm.empty(), "mode l2s needs \"llm\" (the frozen LLM's folder)");
    require(!c.model_config.empty() || !c.model_init.empty(),
            "mode l2s needs the SLM: \"model_config\" (from scratch) or \"model_init\" (a T5 folder)");
  }
}

}  // namespace

const char* training_mode_name(TrainingMode mode) { return mode == TrainingMode::Lm ? "lm" : "l2s"; }

const std::vector<ConfigKey>& training_config_keys() {
  static const std::vector<ConfigKey> keys = [] {
    std::vector<ConfigKey> k;
    for (const auto& e : table()) k.push_back(e.key);
    return k;
  }();
  return keys;
}

TrainingConfig parse_training_config(const std::string& json_text, const std::string& source,
                                     const std::vector<std::pair<std::string, std::string>>& overrides) {
  // An inline model_config is kept as text (dump() recurses per level): a
  // bound on nesting keeps a hostile config from overflowing the stack.
  constexpr int kMaxDepth = 32;
  const json::parser_callback_t limit_depth = [&](int depth, json::parse_event_t event, json&) {
    const bool opens = event == json::parse_event_t::object_start || event == json::parse_event_t::array_start;
    if (opens && depth >= kMaxDepth)
      throw Error(source + ": JSON nested deeper than " + std::to_string(kMaxDepth) + " levels");
    return true;
  };
  json root = json::parse(json_text, limit_depth, /*allow_exceptions=*/false);
  if (root.is_discarded()) throw Error(source + ": not valid JSON");
  if (!root.is_object()) throw Error(source + ": expected a JSON object");
  TrainingConfig config;
  for (const auto& [name, value] : root.items()) {
    const KeyEntry* entry = find_entry(name);
    if (!entry) throw Error(source + ": unknown key \"" + name + "\" (see docs/training.md)");
    if (value.is_null()) continue;
    entry->set(config, value, source + ": \"" + name + "\"");
  }
  for (const auto& [name, text] : overrides) {
    const KeyEntry* entry = find_entry(name);
    if (!entry) throw Error("unknown setting --" + name);
    entry->set(config, value_from_text(*entry, text), "--" + name);
  }
  validate(config, overrides.empty() ? source : source + " with command-line settings");
  return config;
}

std::string training_config_to_json(const TrainingConfig& config) {
  json root = json::object();
  for (const auto& e : table()) root[e.key.name] = e.get(config);
  return root.dump(2) + "\n";
}

std::vector<std::string> training_trajectory_differences(const TrainingConfig& a, const TrainingConfig& b) {
  std::vector<std::string> keys;
  for (const auto& e : table())
    if (e.affects_training && e.get(a) != e.get(b)) keys.push_back(e.key.name);
  return keys;
}

}  // namespace l2s::training

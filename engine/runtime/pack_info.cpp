#include "l2s/pack_info.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "l2s/error.h"
#include "engine/io/bounded_read.h"
#include "l2s/atomic_file.h"

namespace l2s {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kFormat = "l2s-pack";
constexpr int kVersion = 2;

std::string read_text(const std::string& path, const std::string& what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot read the " + what);
  return io::read_bounded(in, path, what);
}

std::string optional_string(const json& root, const char* key, const std::string& source) {
  auto it = root.find(key);
  if (it == root.end()) return "";
  if (!it->is_string()) throw Error(source + ": \"" + key + "\" must be a string");
  return it->get<std::string>();
}

// A model folder named in "models", resolved against the pack folder.
std::string model_dir(const json& models, const char* key, const std::string& pack_dir, const std::string& source,
                      bool required) {
  auto it = models.find(key);
  if (it == models.end() || it->is_null()) {
    if (required) throw Error(source + ": \"models\" has no \"" + key + "\" folder");
    return "";
  }
  if (!it->is_string() || it->get<std::string>().empty())
    throw Error(source + ": models." + key + " must be a folder name");
  const fs::path path = fs::path(pack_dir) / it->get<std::string>();
  if (!fs::is_directory(path))
    throw Error(source + ": models." + key + " names \"" + it->get<std::string>() + "\", which is not a folder in " +
                pack_dir);
  return path.lexically_normal().string();
}

// Version 1: the fixed keys slm, projector and slm_baseline.
void read_models_v1(const json& models, PackInfo& info, const std::string& source) {
  info.guided.push_back({"l2s", "LLM → SLM", ModeKind::L2s, model_dir(models, "slm", info.dir, source, true),
                         model_dir(models, "projector", info.dir, source, true)});
  if (std::string baseline = model_dir(models, "slm_baseline", info.dir, source, false); !baseline.empty())
    info.baselines.push_back({"slm", "SLM only", ModeKind::Slm, baseline, ""});
}

// Mode names are what users type: letters, digits, '-', '_' and '.'.
void check_mode_name(const std::string& name, const std::string& where) {
  const bool ok = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  });
  if (!ok) throw Error(where + ": \"mode\" must be a non-empty name of letters, digits, '-', '_' or '.'");
}

std::vector<PackMode> read_mode_list(const json& models, const char* key, ModeKind kind, const std::string& pack_dir,
                                     const std::string& source) {
  std::vector<PackMode> modes;
  auto it = models.find(key);
  if (it == models.end()) return modes;
  if (!it->is_array()) throw Error(source + ": models." + key + " must be a list");
  for (std::size_t i = 0; i < it->size(); ++i) {
    const json& entry = (*it)[i];
    const std::string where = source + ": models." + key + "[" + std::to_string(i) + "]";
    if (!entry.is_object()) throw Error(where + " must be an object");
    PackMode mode;
    mode.kind = kind;
    mode.name = optional_string(entry, "mode", where);
    check_mode_name(mode.name, where);
    mode.label = optional_string(entry, "name", where);
    if (mode.label.empty()) mode.label = mode.name;
    mode.slm_dir = model_dir(entry, "slm", pack_dir, where, true);
    if (kind == ModeKind::L2s) mode.projector_dir = model_dir(entry, "projector", pack_dir, where, true);
    modes.push_back(std::move(mode));
  }
  return modes;
}

void read_models_v2(const json& models, PackInfo& info, const std::string& source) {
  info.guided = read_mode_list(models, "guided", ModeKind::L2s, info.dir, source);
  info.baselines = read_mode_list(models, "baselines", ModeKind::Slm, info.dir, source);
  if (info.guided.empty()) throw Error(source + ": models.guided lists no guided SLM");
  std::vector<std::string> names = {"llm"};
  for (const PackMode& mode : info.modes()) {
    if (mode.kind == ModeKind::Llm) continue;
    if (std::find(names.begin(), names.end(), mode.name) != names.end())
      throw Error(source + ": mode \"" + mode.name + "\" is named twice");
    names.push_back(mode.name);
  }
}

int64_t read_max_input_tokens(const json& root, const std::string& source) {
  auto it = root.find("max_input_tokens");
  if (it == root.end()) return PackInfo{}.max_input_tokens;
  if (!it->is_number_integer() || it->get<int64_t>() < 1 || it->get<int64_t>() > 1000000)
    throw Error(source + ": \"max_input_tokens\" must be an integer in [1, 1000000], not " + it->dump());
  return it->get<int64_t>();
}

std::vector<TaskPreset> read_presets(const json& root, const std::string& source) {
  std::vector<TaskPreset> presets;
  auto it = root.find("presets");
  if (it == root.end()) return presets;
  if (!it->is_array()) throw Error(source + ": \"presets\" must be a list");
  for (const json& entry : *it) {
    if (!entry.is_object()) throw Error(source + ": each preset must be an object with name, task and prefix");
    TaskPreset preset{optional_string(entry, "name", source), optional_string(entry, "task", source),
                      optional_string(entry, "prefix", source), {}};
    if (preset.name.empty()) throw Error(source + ": a preset has no name");
    if (auto examples = entry.find("examples"); examples != entry.end()) {
      if (!examples->is_array()) throw Error(source + ": preset \"" + preset.name + "\": \"examples\" must be a list of strings");
      for (const json& example : *examples) {
        if (!example.is_string() || example.get<std::string>().empty())
          throw Error(source + ": preset \"" + preset.name + "\": \"examples\" must be a list of strings");
        preset.examples.push_back(example.get<std::string>());
      }
    }
    presets.push_back(std::move(preset));
  }
  return presets;
}

// "benchmark": {"test_set", "setup", "metric", "modes": {"llm": {"bleu": 37.5, "tokens_per_s": 337}}}
PackBenchmark read_benchmark(const json& root, const std::string& source) {
  PackBenchmark benchmark;
  auto it = root.find("benchmark");
  if (it == root.end() || it->is_null()) return benchmark;
  if (!it->is_object()) throw Error(source + ": \"benchmark\" must be an object");
  const std::string where = source + ": benchmark";
  benchmark.test_set = optional_string(*it, "test_set", where);
  benchmark.setup = optional_string(*it, "setup", where);
  benchmark.metric = optional_string(*it, "metric", where);
  auto modes = it->find("modes");
  if (modes == it->end() || !modes->is_object() || modes->empty())
    throw Error(where + ": \"modes\" must be an object with a figure per mode, e.g. {\"llm\": {\"tokens_per_s\": 337}}");
  for (auto mode = modes->begin(); mode != modes->end(); ++mode) {
    const std::string key = where + ".modes." + mode.key();
    if (!mode->is_object()) throw Error(key + " must be an object of numbers");
    ModeBenchmark figures;
    figures.mode = mode.key();
    for (auto value = mode->begin(); value != mode->end(); ++value) {
      if (!value->is_number() || value->get<double>() < 0)
        throw Error(key + "." + value.key() + " must be a number of at least 0");
      if (value.key() == "tokens_per_s")
        figures.tokens_per_second = value->get<double>();
      else
        figures.scores[value.key()] = value->get<double>();
    }
    benchmark.modes.push_back(std::move(figures));
  }
  if (!benchmark.metric.empty() &&
      std::none_of(benchmark.modes.begin(), benchmark.modes.end(),
                   [&](const ModeBenchmark& m) { return m.scores.count(benchmark.metric) > 0; }))
    throw Error(where + ": \"metric\" names \"" + benchmark.metric + "\", which no mode has");
  return benchmark;
}

json benchmark_json(const PackBenchmark& benchmark) {
  json modes = json::object();
  for (const ModeBenchmark& figures : benchmark.modes) {
    json entry(figures.scores);
    if (figures.tokens_per_second > 0) entry["tokens_per_s"] = figures.tokens_per_second;
    modes[figures.mode] = entry;
  }
  return {{"test_set", benchmark.test_set}, {"setup", benchmark.setup}, {"metric", benchmark.metric}, {"modes", modes}};
}

}  // namespace

const ModeBenchmark* PackBenchmark::find(const std::string& mode) const {
  for (const ModeBenchmark& figures : modes)
    if (figures.mode == mode) return &figures;
  return nullptr;
}

PackInfo read_pack_info(const std::string& dir) {
  if (!fs::is_directory(dir)) throw Error(dir + ": not a model pack (no such folder)");
  const std::string source = (fs::path(dir) / "pack.json").string();
  if (!fs::exists(source)) throw Error(dir + ": not a model pack (no pack.json)");
  json root = json::parse(read_text(source, "pack description"), nullptr, false);
  if (root.is_discarded()) throw Error(source + ": not valid JSON");
  if (!root.is_object()) throw Error(source + ": expected a JSON object");
  if (optional_string(root, "format", source) != kFormat) throw Error(source + ": \"format\" must be \"" + kFormat + "\"");
  const json version = root.value("version", json());
  if (!version.is_number_integer() || version.get<int64_t>() < 1 || version.get<int64_t>() > kVersion)
    throw Error(source + ": unsupported pack version (this build reads versions 1 to " + std::to_string(kVersion) +
                ")");

  PackInfo info;
  info.dir = dir;
  info.name = optional_string(root, "name", source);
  if (info.name.empty()) throw Error(source + ": the pack has no \"name\"");
  info.description = optional_string(root, "description", source);
  info.license = optional_string(root, "license", source);
  info.model_card = optional_string(root, "model_card", source);
  if (const std::string card_file = optional_string(root, "model_card_file", source); !card_file.empty())
    info.model_card = read_text((fs::path(dir) / card_file).string(), "model card");
  if (auto it = root.find("languages"); it != root.end()) {
    if (!it->is_array()) throw Error(source + ": \"languages\" must be a list of strings");
    for (const json& language : *it) {
      if (!language.is_string()) throw Error(source + ": \"languages\" must be a list of strings");
      info.languages.push_back(language.get<std::string>());
    }
  }
  auto models = root.find("models");
  if (models == root.end() || !models->is_object()) throw Error(source + ": no \"models\" object");
  info.llm_dir = model_dir(*models, "llm", dir, source, true);
  if (version.get<int64_t>() == 1)
    read_models_v1(*models, info, source);
  else
    read_models_v2(*models, info, source);
  info.presets = read_presets(root, source);
  info.max_input_tokens = read_max_input_tokens(root, source);
  info.benchmark = read_benchmark(root, source);
  return info;
}

const char* mode_kind_name(ModeKind kind) {
  switch (kind) {
    case ModeKind::Llm: return "llm";
    case ModeKind::L2s: return "l2s";
    case ModeKind::Slm: return "slm";
    case ModeKind::Verified: return "verified";
  }
  return "?";
}

std::vector<PackMode> PackInfo::modes() const {
  std::vector<PackMode> all = {{"llm", "LLM only", ModeKind::Llm, "", ""}};
  all.insert(all.end(), guided.begin(), guided.end());
  for (std::size_t i = 0; i < guided.size(); ++i) {
    const PackMode& drafts = guided[i];
    const bool first = i == 0;
    all.push_back({first ? "verified" : "verified-" + drafts.name,
                   first ? "LLM, verified drafts" : "LLM, verified drafts (" + drafts.label + ")", ModeKind::Verified,
                   drafts.slm_dir, drafts.projector_dir, drafts.name});
  }
  all.insert(all.end(), baselines.begin(), baselines.end());
  return all;
}

PackMode PackInfo::mode(const std::string& name) const {
  std::string names;
  for (const PackMode& mode : modes()) {
    if (mode.name == name) return mode;
    names += (names.empty() ? "" : ", ") + mode.name;
  }
  throw Error("this pack has no mode '" + name + "' (its modes: " + names + ")");
}

void write_pack_info(const PackInfo& info) {
  auto relative = [&](const std::string& path) { return fs::relative(path, info.dir).string(); };
  json guided = json::array(), baselines = json::array();
  for (const PackMode& mode : info.guided)
    guided.push_back({{"mode", mode.name}, {"name", mode.label}, {"slm", relative(mode.slm_dir)},
                      {"projector", relative(mode.projector_dir)}});
  for (const PackMode& mode : info.baselines)
    baselines.push_back({{"mode", mode.name}, {"name", mode.label}, {"slm", relative(mode.slm_dir)}});
  json models = {{"llm", relative(info.llm_dir)}, {"guided", guided}, {"baselines", baselines}};
  json presets = json::array();
  for (const TaskPreset& preset : info.presets) {
    json entry = {{"name", preset.name}, {"task", preset.task}, {"prefix", preset.prefix}};
    if (!preset.examples.empty()) entry["examples"] = preset.examples;
    presets.push_back(entry);
  }
  json root = {{"format", kFormat},          {"version", kVersion},        {"name", info.name},
               {"description", info.description}, {"languages", info.languages}, {"license", info.license},
               {"model_card", info.model_card},   {"max_input_tokens", info.max_input_tokens},
               {"models", models},                {"presets", presets}};
  if (!info.benchmark.empty()) root["benchmark"] = benchmark_json(info.benchmark);
  io::write_text_atomically((fs::path(info.dir) / "pack.json").string(), root.dump(2) + "\n");
}

}  // namespace l2s

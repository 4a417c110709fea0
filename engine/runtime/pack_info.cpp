#include "engine/runtime/pack_info.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "engine/common/error.h"
#include "engine/io/atomic_file.h"

namespace l2s {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kFormat = "l2s-pack";
constexpr int kVersion = 1;

std::string read_text(const std::string& path, const std::string& what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot read the " + what);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
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
  if (root.value("format", "") != kFormat) throw Error(source + ": \"format\" must be \"" + kFormat + "\"");
  if (!root.contains("version") || !root["version"].is_number_integer() || root["version"] != kVersion)
    throw Error(source + ": unsupported pack version (this build reads version " + std::to_string(kVersion) + ")");

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
  info.slm_dir = model_dir(*models, "slm", dir, source, true);
  info.projector_dir = model_dir(*models, "projector", dir, source, true);
  info.slm_baseline_dir = model_dir(*models, "slm_baseline", dir, source, false);
  info.presets = read_presets(root, source);
  info.benchmark = read_benchmark(root, source);
  return info;
}

void write_pack_info(const PackInfo& info) {
  auto relative = [&](const std::string& path) { return fs::relative(path, info.dir).string(); };
  json models = {{"llm", relative(info.llm_dir)},
                 {"slm", relative(info.slm_dir)},
                 {"projector", relative(info.projector_dir)}};
  if (info.has_baseline()) models["slm_baseline"] = relative(info.slm_baseline_dir);
  json presets = json::array();
  for (const TaskPreset& preset : info.presets) {
    json entry = {{"name", preset.name}, {"task", preset.task}, {"prefix", preset.prefix}};
    if (!preset.examples.empty()) entry["examples"] = preset.examples;
    presets.push_back(entry);
  }
  json root = {{"format", kFormat},          {"version", kVersion},        {"name", info.name},
               {"description", info.description}, {"languages", info.languages}, {"license", info.license},
               {"model_card", info.model_card},   {"models", models},          {"presets", presets}};
  if (!info.benchmark.empty()) root["benchmark"] = benchmark_json(info.benchmark);
  io::write_text_atomically((fs::path(info.dir) / "pack.json").string(), root.dump(2) + "\n");
}

}  // namespace l2s

#include "l2s/training/parallel_text.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "l2s/error.h"
#include "l2s/text_lines.h"

namespace l2s::training {
namespace {

std::string at_line(const std::string& path, std::size_t index) {
  return path + ":" + std::to_string(index + 1) + ": ";
}

bool is_blank(const std::string& text) { return text.find_first_not_of(" \t") == std::string::npos; }

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

ParallelText read_two_files(const ParallelSource& source, const io::TextLineRules& rules) {
  if (source.source_path.empty() || source.target_path.empty())
    throw Error("parallel data needs both a source and a target file (or one TSV/JSONL file)");
  ParallelText text;
  text.source_file = source.source_path;
  text.target_file = source.target_path;
  text.sources = io::read_text_lines(source.source_path, "source", rules);
  text.targets = io::read_text_lines(source.target_path, "target", rules);
  const std::size_t n = text.sources.size(), m = text.targets.size();
  if (n != m) {
    // Name the first line that has no partner.
    const bool source_longer = n > m;
    const std::string& longer = source_longer ? source.source_path : source.target_path;
    const std::string& shorter = source_longer ? source.target_path : source.source_path;
    throw Error(at_line(longer, std::min(n, m)) + "this line has no partner: " + shorter + " has only " +
                std::to_string(std::min(n, m)) + " lines (the files must be line-aligned)");
  }
  return text;
}

ParallelText read_tsv(const std::string& path, const io::TextLineRules& rules) {
  ParallelText text;
  text.source_file = text.target_file = path;
  std::vector<std::string> lines = io::read_text_lines(path, "TSV", rules);
  text.sources.reserve(lines.size());
  text.targets.reserve(lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    const std::size_t tabs = std::count(line.begin(), line.end(), '\t');
    if (tabs != 1)
      throw Error(at_line(path, i) + "expected SOURCE<TAB>TARGET, found " + std::to_string(tabs) + " tabs");
    const std::size_t tab = line.find('\t');
    std::string source = line.substr(0, tab), target = line.substr(tab + 1);
    if (is_blank(source)) throw Error(at_line(path, i) + "empty source");
    if (is_blank(target)) throw Error(at_line(path, i) + "empty target");
    text.sources.push_back(std::move(source));
    text.targets.push_back(std::move(target));
  }
  return text;
}

std::string jsonl_field(const nlohmann::json& object, const std::string& key, const std::string& where) {
  auto it = object.find(key);
  if (it == object.end()) throw Error(where + "no \"" + key + "\" field");
  if (!it->is_string()) throw Error(where + "\"" + key + "\" must be a string");
  std::string value = it->get<std::string>();
  if (is_blank(value)) throw Error(where + "empty \"" + key + "\"");
  // JSON escapes can smuggle in what the line check could not see.
  if (value.find('\n') != std::string::npos || value.find('\r') != std::string::npos)
    throw Error(where + "\"" + key + "\" contains a line break");
  return value;
}

ParallelText read_jsonl(const ParallelSource& source, const io::TextLineRules& rules) {
  const std::string& path = source.path;
  ParallelText text;
  text.source_file = text.target_file = path;
  std::vector<std::string> lines = io::read_text_lines(path, "JSONL", rules);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string where = at_line(path, i);
    nlohmann::json object = nlohmann::json::parse(lines[i], nullptr, /*allow_exceptions=*/false);
    if (object.is_discarded()) throw Error(where + "not valid JSON");
    if (!object.is_object()) throw Error(where + "expected a JSON object");
    std::string s = jsonl_field(object, source.source_field, where);
    std::string t = jsonl_field(object, source.target_field, where);
    if (io::find_invalid_utf8(s) != std::string::npos || io::find_invalid_utf8(t) != std::string::npos)
      throw Error(where + "invalid UTF-8 in a field");  // e.g. an escaped lone surrogate
    text.sources.push_back(std::move(s));
    text.targets.push_back(std::move(t));
  }
  return text;
}

}  // namespace

std::string ParallelText::where(std::size_t i) const {
  if (source_file == target_file) return source_file + ":" + std::to_string(i + 1);
  return source_file + ":" + std::to_string(i + 1) + " / " + target_file + ":" + std::to_string(i + 1);
}

ParallelFormat parse_parallel_format(const std::string& name) {
  if (name == "auto") return ParallelFormat::Auto;
  if (name == "tsv") return ParallelFormat::Tsv;
  if (name == "jsonl") return ParallelFormat::Jsonl;
  throw Error("data format must be \"auto\", \"tsv\" or \"jsonl\", not \"" + name + "\"");
}

ParallelText read_parallel_text(const ParallelSource& source) {
  io::TextLineRules rules;
  rules.max_bytes = source.max_line_bytes;
  if (source.path.empty()) return read_two_files(source, rules);
  if (!source.source_path.empty() || !source.target_path.empty())
    throw Error(source.path + ": give either one TSV/JSONL file or separate source and target files, not both");
  ParallelFormat format = source.format;
  if (format == ParallelFormat::Auto) {
    if (ends_with(source.path, ".tsv")) format = ParallelFormat::Tsv;
    else if (ends_with(source.path, ".jsonl") || ends_with(source.path, ".json")) format = ParallelFormat::Jsonl;
    else
      throw Error(source.path + ": cannot tell the format from the name (expected .tsv or .jsonl); "
                                "set the data format");
  }
  return format == ParallelFormat::Tsv ? read_tsv(source.path, rules) : read_jsonl(source, rules);
}

}  // namespace l2s::training

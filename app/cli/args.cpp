#include "cli/args.h"

#include <cerrno>
#include <cstdlib>
#include <iostream>
#include <iterator>
#include <sstream>

#include "l2s/error.h"

namespace l2s::cli {
namespace {

const OptionSpec* find_spec(const std::vector<OptionSpec>& specs, const std::string& name) {
  for (const auto& spec : specs)
    if (spec.name == name) return &spec;
  return nullptr;
}

}  // namespace

Args Args::parse(const std::vector<std::string>& argv, const std::vector<OptionSpec>& specs) {
  Args args;
  bool options_done = false;
  for (std::size_t i = 0; i < argv.size(); ++i) {
    const std::string& word = argv[i];
    if (options_done || word.size() < 3 || word.compare(0, 2, "--") != 0) {
      if (word == "--" && !options_done) {
        options_done = true;
        continue;
      }
      args.positional_.push_back(word);
      continue;
    }
    std::string name = word.substr(2);
    std::string value;
    bool inline_value = false;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      inline_value = true;
    }
    const OptionSpec* spec = find_spec(specs, name);
    if (!spec) throw Error("unknown option --" + name);
    if (spec->takes_value) {
      if (!inline_value) {
        if (i + 1 >= argv.size()) throw Error("option --" + name + " needs a value");
        value = argv[++i];
      }
    } else if (inline_value) {
      throw Error("option --" + name + " takes no value");
    }
    args.values_[name] = value;
  }
  return args;
}

bool Args::has(const std::string& name) const { return values_.count(name) != 0; }

std::string Args::get(const std::string& name, const std::string& fallback) const {
  auto it = values_.find(name);
  return it == values_.end() ? fallback : it->second;
}

int64_t Args::get_int(const std::string& name, int64_t fallback, int64_t min, int64_t max) const {
  auto it = values_.find(name);
  if (it == values_.end()) return fallback;
  const std::string& text = it->second;
  char* end = nullptr;
  errno = 0;
  long long value = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || errno == ERANGE)
    throw Error("--" + name + ": expected an integer, got '" + text + "'");
  if (value < min || value > max)
    throw Error("--" + name + ": " + text + " is out of range [" + std::to_string(min) + ", " +
                std::to_string(max) + "]");
  return value;
}

double Args::get_double(const std::string& name, double fallback, double min, double max) const {
  auto it = values_.find(name);
  if (it == values_.end()) return fallback;
  const std::string& text = it->second;
  char* end = nullptr;
  errno = 0;
  double value = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || errno == ERANGE || value != value)
    throw Error("--" + name + ": expected a number, got '" + text + "'");
  if (value < min || value > max) {
    std::ostringstream range;
    range << "[" << min << ", " << max << "]";
    throw Error("--" + name + ": " + text + " is out of range " + range.str());
  }
  return value;
}

std::string describe_options(const std::vector<OptionSpec>& specs) {
  std::ostringstream out;
  for (const auto& spec : specs) {
    std::string left = "  --" + spec.name + (spec.takes_value ? " VALUE" : "");
    out << left << std::string(left.size() < 28 ? 28 - left.size() : 1, ' ') << spec.help << "\n";
  }
  return out.str();
}

std::vector<int64_t> parse_token_ids(const std::vector<std::string>& words) {
  std::vector<int64_t> ids;
  for (const std::string& word : words) {
    std::istringstream in(word);
    for (std::string token; in >> token;) {
      std::size_t used = 0;
      long long id = -1;
      try {
        id = std::stoll(token, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used != token.size() || id < 0) throw Error("'" + token + "' is not a token id");
      ids.push_back(id);
    }
  }
  if (ids.empty()) throw Error("no token ids given");
  return ids;
}

std::string read_prompt(const std::vector<std::string>& words) {
  if (words.size() == 1 && words[0] == "-") {
    std::string text((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    return text;
  }
  std::string text;
  for (const auto& word : words) text += (text.empty() ? "" : " ") + word;
  return text;
}

}  // namespace l2s::cli

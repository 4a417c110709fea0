#pragma once
// Command-line options of one `l2s` subcommand: declared up front, so an
// unknown or malformed option is an error that names it.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace l2s::cli {

struct OptionSpec {
  std::string name;  // without the leading "--"
  bool takes_value = true;
  std::string help;
};

class Args {
 public:
  // Parses argv (without the program and subcommand names). "--name value"
  // and "--name=value" are accepted; a lone "-" is a positional argument;
  // "--" ends options. Throws l2s::Error on unknown or incomplete options.
  static Args parse(const std::vector<std::string>& argv, const std::vector<OptionSpec>& specs);

  bool has(const std::string& name) const;
  std::string get(const std::string& name, const std::string& fallback = "") const;
  int64_t get_int(const std::string& name, int64_t fallback, int64_t min, int64_t max) const;
  double get_double(const std::string& name, double fallback, double min, double max) const;
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  std::map<std::string, std::string> values_;
  std::vector<std::string> positional_;
};

// "  --name VALUE   help" lines for a usage text.
std::string describe_options(const std::vector<OptionSpec>& specs);

// Token ids from words such as {"13 7", "100"} (each word may hold several,
// space-separated). Throws l2s::Error naming a word that is not an id.
std::vector<int64_t> parse_token_ids(const std::vector<std::string>& words);

// Reads a prompt: "-" means standard input; otherwise the positional words
// joined by spaces.
std::string read_prompt(const std::vector<std::string>& words);

}  // namespace l2s::cli

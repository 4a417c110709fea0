#pragma once
// The one exception type the engine throws for bad input (files, configs,
// prompts, settings). Its message names the problem and, where there is one,
// the offending file; front ends print it as is.
#include <stdexcept>
#include <string>

namespace l2s {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace l2s

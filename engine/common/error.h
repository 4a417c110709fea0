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

// Raised when a caller asked a running generation to stop.
class Cancelled : public std::runtime_error {
 public:
  Cancelled() : std::runtime_error("cancelled") {}
};

}  // namespace l2s

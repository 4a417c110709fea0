#pragma once
// Shared by the fuzz targets: the parsers under test read files, so each input
// goes to a private scratch folder first. One folder per process, reused.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "l2s/error.h"

namespace l2s::fuzz {

inline const std::filesystem::path& scratch_dir() {
  static const std::filesystem::path dir = [] {
    auto path = std::filesystem::temp_directory_path() / ("l2s-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(path);
    return path;
  }();
  return dir;
}

inline std::string write_scratch(const std::string& name, const uint8_t* data, std::size_t size) {
  const std::string path = (scratch_dir() / name).string();
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return path;
}

// Runs `parse`; l2s::Error is the expected answer to bad input, anything else
// escaping (std::out_of_range from a missed check, nlohmann's exceptions) is a
// bug and aborts, so libFuzzer records it as a crash.
template <typename Parse>
void expect_only_l2s_errors(Parse&& parse) {
  try {
    parse();
  } catch (const l2s::Error&) {
  }
}

// A property every accepted input must keep: when it breaks, says which and
// traps, so libFuzzer records the input as a crash.
inline void check_invariant(bool holds, const char* what) {
  if (holds) return;
  std::fprintf(stderr, "fuzz target: invariant broken: %s\n", what);
  __builtin_trap();
}

}  // namespace l2s::fuzz

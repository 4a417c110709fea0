#pragma once
// A one-line progress bar with ETA on standard error, redrawn in place when
// stderr is a terminal; otherwise printed every 10% and at least once a
// minute, so logs stay readable and long runs still show signs of life.
#include <chrono>
#include <cstdint>
#include <string>

namespace l2s::cli {

class ProgressBar {
 public:
  ProgressBar(std::string label, int64_t total);
  // Advances to `done` items; `status` is shown after the bar.
  void update(int64_t done, const std::string& status = "");
  void finish(const std::string& status = "");

 private:
  std::string label_;
  int64_t total_;
  int last_decile_ = -1;
  bool terminal_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_print_;
};

std::string format_duration(double seconds);  // "1:05", "2:03:04"

}  // namespace l2s::cli

#include "cli/progress_bar.h"

#include <unistd.h>

#include <cstdio>

namespace l2s::cli {

std::string format_duration(double seconds) {
  const int64_t total = seconds < 0 ? 0 : static_cast<int64_t>(seconds + 0.5);
  char text[32];
  if (total >= 3600)
    std::snprintf(text, sizeof text, "%lld:%02lld:%02lld", static_cast<long long>(total / 3600),
                  static_cast<long long>(total / 60 % 60), static_cast<long long>(total % 60));
  else
    std::snprintf(text, sizeof text, "%lld:%02lld", static_cast<long long>(total / 60),
                  static_cast<long long>(total % 60));
  return text;
}

ProgressBar::ProgressBar(std::string label, int64_t total)
    : label_(std::move(label)), total_(total < 1 ? 1 : total), terminal_(isatty(STDERR_FILENO)),
      start_(std::chrono::steady_clock::now()), last_print_(start_) {}

void ProgressBar::update(int64_t done, const std::string& status) {
  const double fraction = static_cast<double>(done) / static_cast<double>(total_);
  const int decile = static_cast<int>(fraction * 10);
  const auto now = std::chrono::steady_clock::now();
  const bool quiet_for_a_minute = now - last_print_ >= std::chrono::minutes(1);
  if (!terminal_ && decile == last_decile_ && done != total_ && !quiet_for_a_minute) return;
  last_decile_ = decile;
  last_print_ = now;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double eta = done > 0 ? elapsed * static_cast<double>(total_ - done) / static_cast<double>(done) : 0;
  constexpr int kWidth = 30;
  const int filled = static_cast<int>(fraction * kWidth);
  std::string bar = std::string(filled, '#') + std::string(kWidth - filled, '.');
  std::fprintf(stderr, "%s%s [%s] %lld/%lld %3.0f%% elapsed %s ETA %s %s%s", terminal_ ? "\r\033[K" : "",
               label_.c_str(), bar.c_str(), static_cast<long long>(done), static_cast<long long>(total_),
               100 * fraction, format_duration(elapsed).c_str(), format_duration(eta).c_str(), status.c_str(),
               terminal_ ? "" : "\n");
  std::fflush(stderr);
}

void ProgressBar::finish(const std::string& status) {
  last_decile_ = -1;
  update(total_, status);
  if (terminal_) std::fputc('\n', stderr);
}

}  // namespace l2s::cli

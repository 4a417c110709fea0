#pragma once
// The speed–quality chart of `l2s plot --bench`: one point per mode of an
// `l2s bench --json` report, BLEU against generated tokens per second, so the
// LLM-to-SLM trade-off reads at a glance.
#include <string>
#include <vector>

namespace l2s::cli {

struct BenchPoint {
  std::string mode;  // "llm", "l2s", "slm"
  double tokens_per_s = 0, bleu = 0;
  long long parameters = 0;
};

// Throws l2s::Error naming the file when it is not a report with BLEU (run
// the benchmark with --ref).
std::vector<BenchPoint> read_bench_report(const std::string& path);
std::string render_bench_chart(const std::vector<BenchPoint>& points, const std::string& title, int width, int height);

}  // namespace l2s::cli

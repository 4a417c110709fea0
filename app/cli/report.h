#pragma once
// Plain-text tables of generation timings.
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "l2s/benchmark.h"
#include "l2s/generation.h"

namespace l2s::cli {

// One column per named run: prompt tokens, encode times, time to first
// token, generated tokens, tokens/s, per-token p50, total.
// `value` with `decimals` digits after the point: fixed(3.14159, 2) is "3.14".
std::string fixed(double value, int decimals);

void print_metrics_table(std::ostream& out, const std::vector<std::pair<std::string, GenerationMetrics>>& runs);

// The benchmark summary: machine, settings and one row per mode.
void print_benchmark_report(std::ostream& out, const BenchmarkReport& report);

}  // namespace l2s::cli

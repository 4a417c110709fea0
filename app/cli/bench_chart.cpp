#include "cli/bench_chart.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/svg_chart.h"
#include "l2s/error.h"

namespace l2s::cli {
namespace {

struct ModeStyle {
  const char* mode;
  const char* label;
  const char* color;
};

// The studio's pane names and the order of the paper's tables.
const ModeStyle kStyles[] = {
    {"llm", "LLM only", "#d62728"},
    {"l2s", "LLM \u2192 SLM", "#1f77b4"},
    {"slm", "SLM only", "#7f7f7f"},
};

const ModeStyle& style_of(const std::string& mode) {
  for (const ModeStyle& s : kStyles)
    if (mode == s.mode) return s;
  static const ModeStyle other{"", "", "#2ca02c"};
  return other;
}

std::string millions(long long parameters) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1fM", static_cast<double>(parameters) / 1e6);
  return text;
}

}  // namespace

std::vector<BenchPoint> read_bench_report(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot read the benchmark report");
  const nlohmann::json report = nlohmann::json::parse(in, nullptr, false);
  if (!report.is_object() || !report.contains("modes") || !report["modes"].is_object())
    throw Error(path + ": not an l2s bench report (no \"modes\" object)");
  std::vector<BenchPoint> points;
  for (const auto& [mode, entry] : report["modes"].items()) {
    if (!entry.is_object() || !entry.contains("tokens_per_s") || !entry["tokens_per_s"].is_number())
      throw Error(path + ": mode '" + mode + "' has no tokens_per_s");
    if (!entry.contains("bleu") || !entry["bleu"].is_number())
      throw Error(path + ": mode '" + mode + "' has no BLEU (run l2s bench with --ref)");
    BenchPoint p;
    p.mode = mode;
    p.tokens_per_s = entry["tokens_per_s"].get<double>();
    p.bleu = entry["bleu"].get<double>();
    if (entry.contains("parameters") && entry["parameters"].is_number_integer())
      p.parameters = entry["parameters"].get<long long>();
    points.push_back(p);
  }
  if (points.empty()) throw Error(path + ": the report has no modes");
  // Paper order (llm, l2s, slm), then anything else by name.
  auto rank = [](const std::string& mode) {
    for (std::size_t i = 0; i < std::size(kStyles); ++i)
      if (mode == kStyles[i].mode) return i;
    return std::size(kStyles);
  };
  std::stable_sort(points.begin(), points.end(),
                   [&](const BenchPoint& a, const BenchPoint& b) { return rank(a.mode) < rank(b.mode); });
  return points;
}

std::string render_bench_chart(const std::vector<BenchPoint>& points, const std::string& title, int width,
                               int height) {
  const svg::Frame f{75, static_cast<double>(width) - 40, 60, static_cast<double>(height) - 60};
  double max_speed = 1, max_bleu = 1;
  for (const BenchPoint& p : points) {
    max_speed = std::max(max_speed, p.tokens_per_s);
    max_bleu = std::max(max_bleu, p.bleu);
  }
  // Headroom on the right and on top for the labels.
  const svg::Axis x = svg::nice_axis(0, max_speed * 1.25), y = svg::nice_axis(0, max_bleu * 1.15);

  std::ostringstream out;
  svg::open(out, width, height, title);
  svg::x_grid(out, x, f);
  svg::y_grid(out, y, f);
  svg::border(out, f, height, "generated tokens per second (greedy, batch 1)", "BLEU");
  const BenchPoint* llm = nullptr;
  for (const BenchPoint& p : points)
    if (p.mode == "llm") llm = &p;
  for (const BenchPoint& p : points) {
    const ModeStyle& style = style_of(p.mode);
    const double px = x.position(p.tokens_per_s, f.left, f.right), py = y.position(p.bleu, f.bottom, f.top);
    std::string label = *style.label ? style.label : p.mode;
    if (p.parameters > 0) label += " (" + millions(p.parameters) + ")";
    char figures[96];
    std::snprintf(figures, sizeof figures, "BLEU %.1f, %.0f tokens/s", p.bleu, p.tokens_per_s);
    std::string detail = figures;
    if (llm && &p != llm && llm->tokens_per_s > 0 && llm->bleu > 0) {
      std::snprintf(figures, sizeof figures, ": %.1f\u00d7 the LLM's speed, %.0f%% of its BLEU",
                    p.tokens_per_s / llm->tokens_per_s, 100 * p.bleu / llm->bleu);
      detail += figures;
    }
    // Labels sit left of points in the right half, so they stay inside.
    const bool left = px > (f.left + f.right) / 2;
    const double tx = left ? px - 12 : px + 12;
    const char* anchor = left ? "end" : "start";
    out << "<circle cx=\"" << svg::number(px) << "\" cy=\"" << svg::number(py) << "\" r=\"7\" fill=\"" << style.color
        << "\"/>\n<text x=\"" << svg::number(tx) << "\" y=\"" << svg::number(py - 3) << "\" text-anchor=\"" << anchor
        << "\" font-weight=\"bold\" fill=\"" << style.color << "\">" << svg::xml_escape(label) << "</text>\n"
        << "<text x=\"" << svg::number(tx) << "\" y=\"" << svg::number(py + 13) << "\" text-anchor=\"" << anchor
        << "\">" << svg::xml_escape(detail) << "</text>\n";
  }
  out << "</svg>\n";
  return out.str();
}

}  // namespace l2s::cli

#include "cli/training_chart.h"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/svg_chart.h"
#include "l2s/error.h"

namespace l2s::cli {
namespace {

bool number_at(const nlohmann::json& entry, const char* key, double& value) {
  auto it = entry.find(key);
  if (it == entry.end() || !it->is_number()) return false;
  value = it->get<double>();
  return true;
}

struct Style {
  const char* label;
  const char* color;
  const char* dash;  // stroke-dasharray, "" for solid
  bool markers;
};

void draw_series(std::ostringstream& out, const std::vector<Point>& points, const svg::Axis& x, const svg::Axis& y,
                 const svg::Frame& f, const Style& style) {
  if (points.empty()) return;
  out << "<polyline fill=\"none\" stroke=\"" << style.color << "\" stroke-width=\"2\"";
  if (*style.dash) out << " stroke-dasharray=\"" << style.dash << "\"";
  out << " points=\"";
  for (const Point& p : points)
    out << svg::number(x.position(p.x, f.left, f.right)) << "," << svg::number(y.position(p.y, f.bottom, f.top)) << " ";
  out << "\"/>\n";
  if (!style.markers) return;
  for (const Point& p : points)
    out << "<circle cx=\"" << svg::number(x.position(p.x, f.left, f.right)) << "\" cy=\""
        << svg::number(y.position(p.y, f.bottom, f.top)) << "\" r=\"3\" fill=\"" << style.color << "\"/>\n";
}

}  // namespace

Curves read_training_log(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot read the training log");
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  Curves curves;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].find_first_not_of(" \t\r") == std::string::npos) continue;
    nlohmann::json entry = nlohmann::json::parse(lines[i], nullptr, false);
    if (!entry.is_object()) {
      if (i + 1 == lines.size()) break;
      throw Error(path + ":" + std::to_string(i + 1) + ": not a JSON object");
    }
    double step, value;
    if (!number_at(entry, "step", step)) throw Error(path + ":" + std::to_string(i + 1) + ": no \"step\"");
    if (number_at(entry, "loss", value)) curves.train_loss.push_back({step, value});
    if (number_at(entry, "dev_loss", value)) curves.dev_loss.push_back({step, value});
    if (number_at(entry, "dev_bleu", value)) curves.dev_bleu.push_back({step, value});
  }
  for (auto* series : {&curves.train_loss, &curves.dev_loss, &curves.dev_bleu})
    std::stable_sort(series->begin(), series->end(), [](const Point& a, const Point& b) { return a.x < b.x; });
  if (curves.train_loss.empty() && curves.dev_loss.empty())
    throw Error(path + ": no training or evaluation entries to plot");
  return curves;
}

std::string render_training_chart(const Curves& curves, const std::string& title, int width, int height) {
  const svg::Frame f{75, static_cast<double>(width) - 75, 72, static_cast<double>(height) - 60};
  double max_step = 1, max_loss = 0, min_loss = 0;
  for (const auto* series : {&curves.train_loss, &curves.dev_loss, &curves.dev_bleu})
    for (const Point& p : *series) max_step = std::max(max_step, p.x);
  for (const auto* series : {&curves.train_loss, &curves.dev_loss})
    for (const Point& p : *series) {
      max_loss = std::max(max_loss, p.y);
      min_loss = std::min(min_loss, p.y);
    }
  double max_bleu = 1;
  for (const Point& p : curves.dev_bleu) max_bleu = std::max(max_bleu, p.y);
  const svg::Axis x = svg::nice_axis(0, max_step, 8), loss = svg::nice_axis(min_loss, max_loss),
                  bleu = svg::nice_axis(0, max_bleu);
  const bool has_bleu = !curves.dev_bleu.empty();

  std::ostringstream out;
  svg::open(out, width, height, title);
  // Grid and ticks: steps below, loss on the left, BLEU on the right.
  svg::x_grid(out, x, f);
  svg::y_grid(out, loss, f);
  if (has_bleu)
    for (double v = bleu.low; v <= bleu.high + bleu.step / 2; v += bleu.step)
      out << "<text x=\"" << f.right + 8 << "\" y=\"" << svg::number(bleu.position(v, f.bottom, f.top) + 4)
          << "\" fill=\"#2ca02c\">" << svg::number(v) << "</text>\n";
  svg::border(out, f, height, "step", "loss (nats per target token)");
  if (has_bleu)
    out << "<text transform=\"translate(" << width - 18 << "," << (f.top + f.bottom) / 2
        << ") rotate(90)\" text-anchor=\"middle\" fill=\"#2ca02c\">dev BLEU</text>\n";

  const Style train{"training loss", "#1f77b4", "", false}, dev{"dev loss", "#ff7f0e", "", true},
      dev_bleu{"dev BLEU (right axis)", "#2ca02c", "6,4", true};
  draw_series(out, curves.train_loss, x, loss, f, train);
  draw_series(out, curves.dev_loss, x, loss, f, dev);
  draw_series(out, curves.dev_bleu, x, bleu, f, dev_bleu);

  // Legend: one row between the title and the plot, where no curve can hide it.
  std::vector<Style> shown;
  if (!curves.train_loss.empty()) shown.push_back(train);
  if (!curves.dev_loss.empty()) shown.push_back(dev);
  if (has_bleu) shown.push_back(dev_bleu);
  double lx = f.left;
  const double ly = f.top - 14;
  for (const Style& style : shown) {
    out << "<line x1=\"" << lx << "\" y1=\"" << ly - 4 << "\" x2=\"" << lx + 30 << "\" y2=\"" << ly - 4
        << "\" stroke=\"" << style.color << "\" stroke-width=\"2\"";
    if (*style.dash) out << " stroke-dasharray=\"" << style.dash << "\"";
    out << "/>\n<text x=\"" << lx + 36 << "\" y=\"" << ly << "\">" << style.label << "</text>\n";
    lx += 60 + 7 * static_cast<double>(std::string(style.label).size());
  }
  out << "</svg>\n";
  return out.str();
}

}  // namespace l2s::cli

// `l2s plot`: training curves from a training log (train.jsonl) as a
// self-contained SVG: training and dev loss on the left axis, dev BLEU on
// the right, against the step.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

#include "cli/args.h"
#include "cli/commands.h"
#include "engine/common/error.h"
#include "engine/io/atomic_file.h"

namespace l2s::cli {
namespace {

struct Point {
  double x, y;
};

struct Curves {
  std::vector<Point> train_loss, dev_loss, dev_bleu;
};

bool number_at(const nlohmann::json& entry, const char* key, double& value) {
  auto it = entry.find(key);
  if (it == entry.end() || !it->is_number()) return false;
  value = it->get<double>();
  return true;
}

// Reads the log. A malformed last line is skipped (training may be writing
// it right now); any other malformed line is an error naming it.
Curves read_log(const std::string& path) {
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

// An axis from 0 (or below) to a round number above `high`, with ticks at
// 1, 2 or 5 times a power of ten.
struct Axis {
  double low = 0, high = 1, step = 0.2;
  double position(double value, double from, double to) const { return from + (value - low) / (high - low) * (to - from); }
};

Axis nice_axis(double low, double high, int target_ticks = 5) {
  if (!(high > low)) high = low + 1;
  const double raw = (high - low) / target_ticks;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = magnitude;
  for (double factor : {1.0, 2.0, 5.0, 10.0})
    if (factor * magnitude >= raw) {
      step = factor * magnitude;
      break;
    }
  return {std::floor(low / step) * step, std::ceil(high / step) * step, step};
}

std::string number(double value) {
  char text[32];
  if (std::abs(value) >= 1e5 || (value != 0 && std::abs(value) < 1e-3)) std::snprintf(text, sizeof text, "%.0e", value);
  else std::snprintf(text, sizeof text, "%g", std::round(value * 1e6) / 1e6);
  return text;
}

std::string xml_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

struct Frame {
  double left, right, top, bottom;  // the plot area in pixels
};

struct Style {
  const char* label;
  const char* color;
  const char* dash;  // stroke-dasharray, "" for solid
  bool markers;
};

void draw_series(std::ostringstream& svg, const std::vector<Point>& points, const Axis& x, const Axis& y,
                 const Frame& f, const Style& style) {
  if (points.empty()) return;
  svg << "<polyline fill=\"none\" stroke=\"" << style.color << "\" stroke-width=\"2\"";
  if (*style.dash) svg << " stroke-dasharray=\"" << style.dash << "\"";
  svg << " points=\"";
  for (const Point& p : points)
    svg << number(x.position(p.x, f.left, f.right)) << "," << number(y.position(p.y, f.bottom, f.top)) << " ";
  svg << "\"/>\n";
  if (!style.markers) return;
  for (const Point& p : points)
    svg << "<circle cx=\"" << number(x.position(p.x, f.left, f.right)) << "\" cy=\""
        << number(y.position(p.y, f.bottom, f.top)) << "\" r=\"3\" fill=\"" << style.color << "\"/>\n";
}

std::string render_svg(const Curves& curves, const std::string& title, int width, int height) {
  const Frame f{75, static_cast<double>(width) - 75, 72, static_cast<double>(height) - 60};
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
  const Axis x = nice_axis(0, max_step, 8), loss = nice_axis(min_loss, max_loss), bleu = nice_axis(0, max_bleu);
  const bool has_bleu = !curves.dev_bleu.empty();

  std::ostringstream svg;
  svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width << "\" height=\"" << height
      << "\" viewBox=\"0 0 " << width << " " << height << "\" font-family=\"sans-serif\" font-size=\"12\">\n"
      << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
      << "<text x=\"" << width / 2 << "\" y=\"26\" text-anchor=\"middle\" font-size=\"16\">" << xml_escape(title)
      << "</text>\n";
  // Grid and ticks: steps below, loss on the left, BLEU on the right.
  for (double v = x.low; v <= x.high + x.step / 2; v += x.step) {
    const double px = x.position(v, f.left, f.right);
    svg << "<line x1=\"" << number(px) << "\" y1=\"" << f.top << "\" x2=\"" << number(px) << "\" y2=\"" << f.bottom
        << "\" stroke=\"#e5e5e5\"/>\n<text x=\"" << number(px) << "\" y=\"" << f.bottom + 18
        << "\" text-anchor=\"middle\">" << number(v) << "</text>\n";
  }
  for (double v = loss.low; v <= loss.high + loss.step / 2; v += loss.step) {
    const double py = loss.position(v, f.bottom, f.top);
    svg << "<line x1=\"" << f.left << "\" y1=\"" << number(py) << "\" x2=\"" << f.right << "\" y2=\"" << number(py)
        << "\" stroke=\"#e5e5e5\"/>\n<text x=\"" << f.left - 8 << "\" y=\"" << number(py + 4)
        << "\" text-anchor=\"end\">" << number(v) << "</text>\n";
  }
  if (has_bleu)
    for (double v = bleu.low; v <= bleu.high + bleu.step / 2; v += bleu.step)
      svg << "<text x=\"" << f.right + 8 << "\" y=\"" << number(bleu.position(v, f.bottom, f.top) + 4)
          << "\" fill=\"#2ca02c\">" << number(v) << "</text>\n";
  svg << "<rect x=\"" << f.left << "\" y=\"" << f.top << "\" width=\"" << f.right - f.left << "\" height=\""
      << f.bottom - f.top << "\" fill=\"none\" stroke=\"#333\"/>\n"
      << "<text x=\"" << (f.left + f.right) / 2 << "\" y=\"" << height - 18 << "\" text-anchor=\"middle\">step</text>\n"
      << "<text transform=\"translate(20," << (f.top + f.bottom) / 2
      << ") rotate(-90)\" text-anchor=\"middle\">loss (nats per target token)</text>\n";
  if (has_bleu)
    svg << "<text transform=\"translate(" << width - 18 << "," << (f.top + f.bottom) / 2
        << ") rotate(90)\" text-anchor=\"middle\" fill=\"#2ca02c\">dev BLEU</text>\n";

  const Style train{"training loss", "#1f77b4", "", false}, dev{"dev loss", "#ff7f0e", "", true},
      dev_bleu{"dev BLEU (right axis)", "#2ca02c", "6,4", true};
  draw_series(svg, curves.train_loss, x, loss, f, train);
  draw_series(svg, curves.dev_loss, x, loss, f, dev);
  draw_series(svg, curves.dev_bleu, x, bleu, f, dev_bleu);

  // Legend: one row between the title and the plot, where no curve can hide it.
  std::vector<Style> shown;
  if (!curves.train_loss.empty()) shown.push_back(train);
  if (!curves.dev_loss.empty()) shown.push_back(dev);
  if (has_bleu) shown.push_back(dev_bleu);
  double lx = f.left;
  const double ly = f.top - 14;
  for (const Style& style : shown) {
    svg << "<line x1=\"" << lx << "\" y1=\"" << ly - 4 << "\" x2=\"" << lx + 30 << "\" y2=\"" << ly - 4
        << "\" stroke=\"" << style.color << "\" stroke-width=\"2\"";
    if (*style.dash) svg << " stroke-dasharray=\"" << style.dash << "\"";
    svg << "/>\n<text x=\"" << lx + 36 << "\" y=\"" << ly << "\">" << style.label << "</text>\n";
    lx += 60 + 7 * static_cast<double>(std::string(style.label).size());
  }
  svg << "</svg>\n";
  return svg.str();
}

}  // namespace

int run_plot(const Argv& argv) {
  const std::vector<OptionSpec> specs = {
      {"log", true, "training log (OUTPUT/train.jsonl of l2s train)"},
      {"out", true, "SVG file to write"},
      {"title", true, "chart title (default: the log's path)"},
      {"width", true, "pixels (default 900)"},
      {"height", true, "pixels (default 500)"},
      {"help", false, "show this text"},
  };
  Args args = Args::parse(argv, specs);
  if (args.has("help")) {
    std::cout << "usage: l2s plot --log train.jsonl --out curves.svg\n\n"
                 "Draws training and dev loss and dev BLEU against the step as an SVG chart.\n\n"
              << describe_options(specs);
    return 0;
  }
  if (!args.has("log") || !args.has("out")) throw Error("--log FILE and --out FILE are required");
  if (!args.positional().empty()) throw Error("unexpected argument '" + args.positional().front() + "'");
  const Curves curves = read_log(args.get("log"));
  const int width = static_cast<int>(args.get_int("width", 900, 300, 10000));
  const int height = static_cast<int>(args.get_int("height", 500, 200, 10000));
  io::write_text_atomically(args.get("out"), render_svg(curves, args.get("title", args.get("log")), width, height));
  std::cout << "wrote " << args.get("out") << " (" << curves.train_loss.size() << " training points, "
            << curves.dev_loss.size() << " evaluations)\n";
  return 0;
}

}  // namespace l2s::cli

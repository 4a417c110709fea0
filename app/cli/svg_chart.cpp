#include "cli/svg_chart.h"

#include <cmath>
#include <cstdio>

namespace l2s::cli::svg {

Axis nice_axis(double low, double high, int target_ticks) {
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

void open(std::ostringstream& svg, int width, int height, const std::string& title) {
  svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width << "\" height=\"" << height
      << "\" viewBox=\"0 0 " << width << " " << height << "\" font-family=\"sans-serif\" font-size=\"12\">\n"
      << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
      << "<text x=\"" << width / 2 << "\" y=\"26\" text-anchor=\"middle\" font-size=\"16\">" << xml_escape(title)
      << "</text>\n";
}

void x_grid(std::ostringstream& svg, const Axis& x, const Frame& f) {
  for (double v = x.low; v <= x.high + x.step / 2; v += x.step) {
    const double px = x.position(v, f.left, f.right);
    svg << "<line x1=\"" << number(px) << "\" y1=\"" << f.top << "\" x2=\"" << number(px) << "\" y2=\"" << f.bottom
        << "\" stroke=\"#e5e5e5\"/>\n<text x=\"" << number(px) << "\" y=\"" << f.bottom + 18
        << "\" text-anchor=\"middle\">" << number(v) << "</text>\n";
  }
}

void y_grid(std::ostringstream& svg, const Axis& y, const Frame& f) {
  for (double v = y.low; v <= y.high + y.step / 2; v += y.step) {
    const double py = y.position(v, f.bottom, f.top);
    svg << "<line x1=\"" << f.left << "\" y1=\"" << number(py) << "\" x2=\"" << f.right << "\" y2=\"" << number(py)
        << "\" stroke=\"#e5e5e5\"/>\n<text x=\"" << f.left - 8 << "\" y=\"" << number(py + 4)
        << "\" text-anchor=\"end\">" << number(v) << "</text>\n";
  }
}

void border(std::ostringstream& svg, const Frame& f, int height, const std::string& x_label,
            const std::string& y_label) {
  svg << "<rect x=\"" << f.left << "\" y=\"" << f.top << "\" width=\"" << f.right - f.left << "\" height=\""
      << f.bottom - f.top << "\" fill=\"none\" stroke=\"#333\"/>\n"
      << "<text x=\"" << (f.left + f.right) / 2 << "\" y=\"" << height - 18 << "\" text-anchor=\"middle\">"
      << xml_escape(x_label) << "</text>\n"
      << "<text transform=\"translate(20," << (f.top + f.bottom) / 2 << ") rotate(-90)\" text-anchor=\"middle\">"
      << xml_escape(y_label) << "</text>\n";
}

}  // namespace l2s::cli::svg

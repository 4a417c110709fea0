#pragma once
// Building blocks of the command line's SVG charts (`l2s plot`): round axes,
// number formatting and the frame every chart shares.
#include <sstream>
#include <string>

namespace l2s::cli::svg {

// An axis from `low` to `high`, ticked every `step`.
struct Axis {
  double low = 0, high = 1, step = 0.2;
  double position(double value, double from, double to) const { return from + (value - low) / (high - low) * (to - from); }
};

// From `low` (rounded down) to a round number above `high`, with ticks at 1,
// 2 or 5 times a power of ten.
Axis nice_axis(double low, double high, int target_ticks = 5);

// Short text for a coordinate or tick label.
std::string number(double value);
std::string xml_escape(const std::string& text);

struct Frame {
  double left, right, top, bottom;  // the plot area in pixels
};

// The <svg> header on a white page, with `title` centred on top.
void open(std::ostringstream& svg, int width, int height, const std::string& title);
// Vertical grid lines with labels below the frame, from x's ticks.
void x_grid(std::ostringstream& svg, const Axis& x, const Frame& f);
// Horizontal grid lines with labels left of the frame, from y's ticks.
void y_grid(std::ostringstream& svg, const Axis& y, const Frame& f);
// The frame's border, and the x label under it and the y label beside it.
void border(std::ostringstream& svg, const Frame& f, int height, const std::string& x_label,
            const std::string& y_label);

}  // namespace l2s::cli::svg

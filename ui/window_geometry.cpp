#include "ui/window_geometry.h"

#include <algorithm>

namespace l2s::studio {
namespace {
constexpr QSize kPreferred(1560, 960);
constexpr int kSideMargin = 24;     // both sides together
constexpr int kFrameAllowance = 48;  // a title bar and the frame, not known before the window shows
constexpr int kTolerance = 8;        // frames may overlap the edge by a few pixels
}  // namespace

QRect initialWindowGeometry(const QRect& available) {
  QSize size(std::min(kPreferred.width(), available.width() - kSideMargin),
             std::min(kPreferred.height(), available.height() - kFrameAllowance));
  size = size.expandedTo(kMinimumWindowSize).boundedTo(available.size());
  QRect geometry(QPoint(0, 0), size);
  geometry.moveCenter(available.center());
  // Centred, but with room for the title bar above.
  geometry.moveTop(std::max(available.top() + kFrameAllowance / 2,
                            std::min(geometry.top(), available.bottom() - size.height())));
  return geometry;
}

bool fitsOn(const QRect& geometry, const QRect& available) {
  return available.adjusted(-kTolerance, -kTolerance, kTolerance, kTolerance).contains(geometry);
}

}  // namespace l2s::studio

#pragma once
// Where the main window goes: on first start, sized from the screen's
// available area; a saved geometry only where it still fits.
#include <QRect>
#include <QSize>

namespace l2s::studio {

// The window's smallest size, in logical pixels: it fits 1280×720 and
// 1366×768 screens (and 1920×1080 at 150%) with a title bar and a panel.
inline constexpr QSize kMinimumWindowSize(1000, 650);

// Large enough for everything on a big screen, a margin inside a small one.
QRect initialWindowGeometry(const QRect& available);
// Whether a window geometry lies within a screen's available area.
bool fitsOn(const QRect& geometry, const QRect& available);

}  // namespace l2s::studio

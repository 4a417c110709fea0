#pragma once
// The studio's icon and embedded resources.
#include <QIcon>

namespace l2s::studio {

// Makes the resources compiled into the l2s_ui static library available;
// call once before using them (appIcon() does).
void initStudioResources();

// The SVG icon where Qt's SVG support is installed, else its PNG rendering.
QIcon appIcon();

}  // namespace l2s::studio

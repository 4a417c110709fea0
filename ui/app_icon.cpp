#include "ui/app_icon.h"

#include <QImageReader>

// Q_INIT_RESOURCE must be used outside any namespace.
static void initIconsResource() { Q_INIT_RESOURCE(icons); }
static void initDocsResource() { Q_INIT_RESOURCE(studio_docs); }

namespace l2s::studio {

void initStudioResources() {
  static const bool done = [] {
    initIconsResource();
    initDocsResource();
    return true;
  }();
  (void)done;
}

QIcon appIcon() {
  initStudioResources();
  if (QImageReader::supportedImageFormats().contains("svg")) return QIcon(QStringLiteral(":/icons/l2s-studio.svg"));
  return QIcon(QStringLiteral(":/icons/l2s-studio-256.png"));
}

}  // namespace l2s::studio

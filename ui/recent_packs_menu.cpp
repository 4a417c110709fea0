#include "ui/recent_packs_menu.h"

#include <QDir>
#include <QFileInfo>

namespace l2s::studio {

RecentPacksMenu::RecentPacksMenu(StudioSettings& settings, QWidget* parent)
    : QMenu(tr("Recent packs"), parent), settings_(settings) {
  setObjectName(QStringLiteral("recentPacks"));
  // Queued: the list may change from one of this menu's own actions, which
  // rebuilding would delete while it is being triggered.
  connect(&settings_, &StudioSettings::recentPacksChanged, this, &RecentPacksMenu::rebuild, Qt::QueuedConnection);
  // Folders may appear or vanish while the studio runs.
  connect(this, &QMenu::aboutToShow, this, &RecentPacksMenu::rebuild);
  rebuild();
}

void RecentPacksMenu::rebuild() {
  clear();
  const QStringList packs = settings_.recentPacks();
  for (int i = 0; i < packs.size(); ++i) {
    const QString& dir = packs[i];
    const bool exists = QFileInfo(dir).isDir();
    const QString label = QStringLiteral("&%1  %2%3")
                              .arg(i + 1)
                              .arg(QDir::toNativeSeparators(dir).replace(QLatin1Char('&'), QLatin1String("&&")))
                              .arg(exists ? QString() : tr("  (missing)"));
    QAction* action = addAction(label, this, [this, dir] { emit openRequested(dir); });
    action->setEnabled(exists);
  }
  if (packs.isEmpty()) addAction(tr("No recent packs"))->setEnabled(false);
  addSeparator();
  QAction* clearList = addAction(tr("Clear list"), &settings_, &StudioSettings::clearRecentPacks);
  clearList->setEnabled(!packs.isEmpty());
}

}  // namespace l2s::studio

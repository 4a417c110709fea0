#include "ui/recent_packs_menu.h"

#include <QDir>
#include <QFileInfo>

#include "l2s/error.h"
#include "l2s/pack_info.h"

namespace l2s::studio {
namespace {

// "English→German (Multi30k) — default": the pack's name and its folder's,
// or the path when pack.json cannot be read.
QString packLabel(const QString& dir, bool exists) {
  if (exists) {
    try {
      const QString name = QString::fromStdString(l2s::read_pack_info(dir.toStdString()).name);
      if (!name.isEmpty()) return QStringLiteral("%1 — %2").arg(name, QDir(dir).dirName());
    } catch (const l2s::Error&) {
      // not (or no longer) a readable pack: show where it is
    }
  }
  return QDir::toNativeSeparators(dir);
}

}  // namespace

RecentPacksMenu::RecentPacksMenu(StudioSettings& settings, QWidget* parent)
    : QMenu(tr("Recent packs"), parent), settings_(settings) {
  setObjectName(QStringLiteral("recentPacks"));
  setToolTipsVisible(true);
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
                              .arg(packLabel(dir, exists).replace(QLatin1Char('&'), QLatin1String("&&")))
                              .arg(exists ? QString() : tr("  (missing)"));
    QAction* action = addAction(label, this, [this, dir] { emit openRequested(dir); });
    action->setToolTip(QDir::toNativeSeparators(dir));
    action->setStatusTip(QDir::toNativeSeparators(dir));
    action->setEnabled(exists);
  }
  if (packs.isEmpty()) addAction(tr("No recent packs"))->setEnabled(false);
  addSeparator();
  QAction* clearList = addAction(tr("Clear list"), &settings_, &StudioSettings::clearRecentPacks);
  clearList->setEnabled(!packs.isEmpty());
}

}  // namespace l2s::studio

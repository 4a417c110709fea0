#pragma once
// File > Recent packs: follows the settings' list; packs whose folder is gone
// are shown disabled.
#include <QMenu>

#include "ui/settings.h"

namespace l2s::studio {

class RecentPacksMenu : public QMenu {
  Q_OBJECT

 public:
  explicit RecentPacksMenu(StudioSettings& settings, QWidget* parent = nullptr);

 signals:
  void openRequested(const QString& dir);

 private:
  void rebuild();

  StudioSettings& settings_;
};

}  // namespace l2s::studio

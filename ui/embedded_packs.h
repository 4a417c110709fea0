#pragma once
// The packs that come with the studio (resources/packs in the build tree, the
// installed packs folders: l2s/install_paths.h), found by listing the packs
// folders, so that the task list can offer every pack's presets and switch
// packs when a preset of another one is chosen. Reads pack.json only.
#include <QString>
#include <QStringList>
#include <QVector>

#include "ui/engine_types.h"

namespace l2s::studio {

struct EmbeddedPack {
  QString dir;
  QString name;
  QVector<PresetItem> presets;
};

// The folders searched for packs, in order (l2s::pack_search_dirs()).
QStringList packSearchDirs();

// Every subfolder with a valid pack.json of each folder in `searchDirs`, by
// folder name within a folder, the first of a name only (as
// l2s::find_installed_pack picks it). A pack.json that does not read is skipped
// with a warning: it should not stop the studio from starting.
QVector<EmbeddedPack> findEmbeddedPacks(const QStringList& searchDirs);

// Whether two folders are the same pack folder (links resolved).
bool samePackDir(const QString& a, const QString& b);

}  // namespace l2s::studio

#include "ui/embedded_packs.h"

#include <QDir>
#include <QFileInfo>
#include <QSet>
#include <QtDebug>

#include "l2s/error.h"
#include "l2s/install_paths.h"

namespace l2s::studio {

QStringList packSearchDirs() {
  QStringList dirs;
  for (const std::filesystem::path& dir : l2s::pack_search_dirs()) dirs << QString::fromStdString(dir.string());
  return dirs;
}

QVector<EmbeddedPack> findEmbeddedPacks(const QStringList& searchDirs) {
  QVector<EmbeddedPack> packs;
  QSet<QString> names;
  for (const QString& searchDir : searchDirs) {
    const QStringList folders = QDir(searchDir).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    for (const QString& folder : folders) {
      const QString dir = QDir(searchDir).filePath(folder);
      if (names.contains(folder) || !QFileInfo::exists(QDir(dir).filePath(QStringLiteral("pack.json")))) continue;
      try {
        const l2s::PackInfo info = l2s::read_pack_info(dir.toStdString());
        EmbeddedPack pack{dir, QString::fromStdString(info.name), {}};
        for (const l2s::TaskPreset& preset : info.presets) pack.presets << toPresetItem(preset);
        packs << pack;
        names.insert(folder);
      } catch (const l2s::Error& error) {
        qWarning("l2s-studio: skipping the pack %s: %s", qPrintable(dir), error.what());
      }
    }
  }
  return packs;
}

bool samePackDir(const QString& a, const QString& b) {
  if (a.isEmpty() || b.isEmpty()) return false;
  const QString canonicalA = QFileInfo(a).canonicalFilePath(), canonicalB = QFileInfo(b).canonicalFilePath();
  return canonicalA.isEmpty() || canonicalB.isEmpty() ? QDir::cleanPath(a) == QDir::cleanPath(b)
                                                       : canonicalA == canonicalB;
}

}  // namespace l2s::studio

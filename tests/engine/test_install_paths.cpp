// Where programs find the sentencepiece plugin and the model packs: relative
// to their executable (the build tree has the installed layout), then the
// environment's fallbacks, in the documented order.
#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>
#include <fstream>

#include "l2s/install_paths.h"

namespace fs = std::filesystem;

// Paths in QCOMPARE's failure messages.
namespace QTest {
template <>
char* toString(const fs::path& path) {
  return qstrdup(path.c_str());
}
template <>
char* toString(const std::vector<fs::path>& paths) {
  std::string text;
  for (const fs::path& path : paths) text += (text.empty() ? "" : ", ") + path.string();
  return qstrdup(text.c_str());
}
}  // namespace QTest

using l2s::find_installed_pack;
using l2s::pack_search_dirs;

namespace {

const fs::path kBuildDir = L2S_BUILD_DIR;

// Sets (or, with nullptr, unsets) an environment variable for one scope.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name), had_(qEnvironmentVariableIsSet(name)), old_(qgetenv(name)) {
    if (value) qputenv(name, value);
    else qunsetenv(name);
  }
  ~ScopedEnv() {
    if (had_) qputenv(name_, old_);
    else qunsetenv(name_);
  }

 private:
  const char* name_;
  bool had_;
  QByteArray old_;
};

void make_pack(const fs::path& dir) {
  fs::create_directories(dir);
  std::ofstream(dir / "pack.json") << "{}";
}

}  // namespace

class TestInstallPaths : public QObject {
  Q_OBJECT

 private slots:
  void theExecutableDirIsThisTestsFolder() {
    QCOMPARE(fs::canonical(l2s::executable_dir()), fs::canonical(L2S_BIN_DIR));
  }

  void thePluginIsFoundRelativeToTheExecutable() {
    ScopedEnv plugin("L2S_SPM_PLUGIN", nullptr);
    const std::vector<fs::path> candidates = l2s::spm_plugin_candidates();
    QCOMPARE(candidates.size(), std::size_t(1));
    QCOMPARE(candidates[0], (kBuildDir / L2S_PLUGIN_DIR / l2s::kSpmPluginFile).lexically_normal());
    QVERIFY2(fs::exists(candidates[0]), "the build tree's plugin is where an installed one would be");
  }

  void theEnvironmentsPluginComesFirst() {
    ScopedEnv plugin("L2S_SPM_PLUGIN", "/elsewhere/libl2s_spm.so");
    const std::vector<fs::path> candidates = l2s::spm_plugin_candidates();
    QCOMPARE(candidates.size(), std::size_t(2));
    QCOMPARE(candidates[0], fs::path("/elsewhere/libl2s_spm.so"));
  }

  void packsAreSearchedBesideTheExecutableThenInTheXdgDataDirs() {
    ScopedEnv home("XDG_DATA_HOME", "/data/home");
    ScopedEnv dirs("XDG_DATA_DIRS", "/data/one:relative/ignored::/data/two/");
    const std::vector<fs::path> expected = {(kBuildDir / L2S_PACKS_DIR).lexically_normal(), "/data/home/l2s/packs",
                                            "/data/one/l2s/packs", "/data/two/l2s/packs"};
    QCOMPARE(pack_search_dirs(), expected);
  }

  void theXdgDefaultsApplyWhenUnset() {
    ScopedEnv home("XDG_DATA_HOME", nullptr);
    ScopedEnv user("HOME", "/home/someone");
    ScopedEnv dirs("XDG_DATA_DIRS", nullptr);
    const std::vector<fs::path> expected = {(kBuildDir / L2S_PACKS_DIR).lexically_normal(),
                                            "/home/someone/.local/share/l2s/packs", "/usr/local/share/l2s/packs",
                                            "/usr/share/l2s/packs"};
    QCOMPARE(pack_search_dirs(), expected);
  }

  void anInstalledPackIsFoundByNameInTheFirstFolderThatHasIt() {
    QTemporaryDir temp;
    QVERIFY(temp.isValid());
    const fs::path home = temp.filePath("home").toStdString(), system = temp.filePath("system").toStdString();
    fs::create_directories(home / "l2s" / "packs" / "mine");  // no pack.json: not a pack
    make_pack(system / "l2s" / "packs" / "mine");
    make_pack(home / "l2s" / "packs" / "default");
    ScopedEnv homeEnv("XDG_DATA_HOME", home.c_str());
    ScopedEnv dirsEnv("XDG_DATA_DIRS", system.c_str());

    QCOMPARE(find_installed_pack("mine"), system / "l2s" / "packs" / "mine");
    QCOMPARE(find_installed_pack("missing"), fs::path());
    for (const char* notAName : {"", ".", "..", "l2s/packs/mine", "/etc"}) QCOMPARE(find_installed_pack(notAName), fs::path());
    // The packs beside the executable come first: in the build tree, the shipped ones.
    if (fs::exists(kBuildDir / L2S_PACKS_DIR / "default" / "pack.json"))
      QCOMPARE(find_installed_pack("default"), (kBuildDir / L2S_PACKS_DIR).lexically_normal() / "default");
    else
      QCOMPARE(find_installed_pack("default"), home / "l2s" / "packs" / "default");
  }
};

QTEST_GUILESS_MAIN(TestInstallPaths)
#include "test_install_paths.moc"

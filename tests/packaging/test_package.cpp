// The Debian package (scripts/package.sh; ctest builds it first, fixture
// package_deb): extracted with dpkg-deb -x into a temporary folder, its programs
// run from there and find their plugin and packs relative to themselves, and
// its desktop entry, AppStream metadata, manual pages and the package itself
// pass their validators and lintian.
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

namespace {

const QString kPrefixInPackage = QStringLiteral("usr");
constexpr int kTimeoutMs = 300000;

struct Run {
  int exitCode = -1;
  QString out, err;
  QString describe() const { return QStringLiteral("exit %1\nstdout:\n%2\nstderr:\n%3").arg(exitCode).arg(out, err); }
};

// Runs a program to its end; an exit code of -1 means it did not start or finish.
Run run(const QString& program, const QStringList& arguments,
        const QProcessEnvironment& environment = QProcessEnvironment::systemEnvironment()) {
  QProcess process;
  process.setProcessEnvironment(environment);
  process.start(program, arguments);
  Run result;
  if (!process.waitForStarted(kTimeoutMs)) {
    result.err = QStringLiteral("cannot start %1: %2 (scripts/install-deps.sh installs the tools)")
                     .arg(program, process.errorString());
    return result;
  }
  const bool finished = process.waitForFinished(kTimeoutMs);
  result.out = QString::fromUtf8(process.readAllStandardOutput());
  result.err = QString::fromUtf8(process.readAllStandardError());
  if (finished && process.exitStatus() == QProcess::NormalExit) result.exitCode = process.exitCode();
  return result;
}

// Width and height of a PNG file, from its IHDR chunk; 0 x 0 when it is no PNG.
QSize pngSize(const QString& path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) return {};
  const QByteArray head = file.read(24);
  if (head.size() < 24 || !head.startsWith("\x89PNG\r\n\x1a\n") || head.mid(12, 4) != "IHDR") return {};
  auto number = [&](int at) {
    return int((uchar(head[at]) << 24) | (uchar(head[at + 1]) << 16) | (uchar(head[at + 2]) << 8) | uchar(head[at + 3]));
  };
  return {number(16), number(20)};
}

// The options (--name) a --help text lists.
QStringList optionsIn(const QString& help) {
  QStringList options;
  static const QRegularExpression option(QStringLiteral("^\\s+(?:-\\w, )?(--[a-z0-9-]+)"),
                                         QRegularExpression::MultilineOption);
  for (auto match = option.globalMatch(help); match.hasNext();) options << match.next().captured(1);
  return options;
}

// Option names as a manual page writes them, hyphens escaped.
QString inRoff(QString option) { return option.replace(QLatin1Char('-'), QStringLiteral("\\-")); }

}  // namespace

class TestPackage : public QObject {
  Q_OBJECT

  QTemporaryDir root_;
  QString prefix_;  // <root>/usr

  QString installed(const QString& path) const { return prefix_ + QLatin1Char('/') + path; }

  // The packs the repository ships: the folders of resources/packs with a pack.json.
  static QStringList shippedPacks() {
    QStringList packs;
    const QDir dir(QStringLiteral(L2S_SOURCE_PACKS_DIR));
    for (const QString& name : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot))
      if (QFileInfo::exists(dir.filePath(name + QStringLiteral("/pack.json")))) packs << name;
    return packs;
  }

  // The environment of an installed program: no plugin override, a display-less Qt.
  QProcessEnvironment programEnvironment() const {
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("L2S_SPM_PLUGIN"));
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), root_.filePath(QStringLiteral("config")));
    return environment;
  }

  QString gunzip(const QString& path) const {
    const Run result = run(QStringLiteral("gzip"), {QStringLiteral("-dc"), path});
    return result.exitCode == 0 ? result.out : QString();
  }

 private slots:
  void initTestCase() {
    QVERIFY2(QFileInfo::exists(QStringLiteral(L2S_DEB_FILE)),
             "no " L2S_DEB_FILE ": the ctest fixture package_deb (cpack) builds it");
    QVERIFY(root_.isValid());
    const Run extract = run(QStringLiteral("dpkg-deb"), {QStringLiteral("-x"), QStringLiteral(L2S_DEB_FILE), root_.path()});
    QVERIFY2(extract.exitCode == 0, qPrintable(extract.describe()));
    prefix_ = root_.filePath(kPrefixInPackage);
  }

  void itHoldsTheProgramsPluginPacksAndDesktopFiles() {
    const QStringList files = {
        QStringLiteral("bin/l2s"),
        QStringLiteral("bin/l2s-studio"),
        QStringLiteral(L2S_PLUGIN_DIR "/libl2s_spm.so"),
        QStringLiteral("share/applications/" L2S_APP_ID ".desktop"),
        QStringLiteral("share/metainfo/" L2S_APP_ID ".metainfo.xml"),
        QStringLiteral("share/icons/hicolor/scalable/apps/" L2S_APP_ID ".svg"),
        QStringLiteral("share/man/man1/l2s.1.gz"),
        QStringLiteral("share/man/man1/l2s-studio.1.gz"),
        QStringLiteral("share/doc/l2s/copyright"),
        QStringLiteral("share/doc/l2s/changelog.gz"),
        QStringLiteral("share/lintian/overrides/l2s"),
    };
    for (const QString& file : files) QVERIFY2(QFileInfo(installed(file)).isFile(), qPrintable(file));
    for (int size : {16, 24, 32, 48, 64, 128, 256}) {
      const QString icon = installed(QStringLiteral("share/icons/hicolor/%1x%1/apps/" L2S_APP_ID ".png").arg(size));
      QCOMPARE(pngSize(icon), QSize(size, size));
    }
  }

  void itInstallsEveryShippedPackWhole() {
    const QStringList packs = shippedPacks();
    if (packs.isEmpty()) QSKIP("the repository ships no pack");
    for (const QString& pack : packs) {
      const QString source = QStringLiteral(L2S_SOURCE_PACKS_DIR "/") + pack;
      const QString target = installed(QStringLiteral(L2S_PACKS_DIR "/") + pack);
      for (QDirIterator it(source, QDir::Files, QDirIterator::Subdirectories); it.hasNext();) {
        const QFileInfo file(it.next());
        const QFileInfo copy(target + QLatin1Char('/') + QDir(source).relativeFilePath(file.filePath()));
        QVERIFY2(copy.isFile() && copy.size() == file.size(), qPrintable(copy.filePath()));
      }
    }
  }

  void itsDependenciesComeFromTheBinaries() {
    // dpkg-shlibdeps names the libraries' packages with the versions the binaries need.
    const Run depends = run(QStringLiteral("dpkg-deb"), {QStringLiteral("-f"), QStringLiteral(L2S_DEB_FILE), QStringLiteral("Depends")});
    QCOMPARE(depends.exitCode, 0);
    for (const char* library : {"libc6 (>= ", "libtorch1.13 (>= ", "libsentencepiece0 (>= ", "libqt6widgets6 (>= ", "libqt6charts6 (>= "})
      QVERIFY2(depends.out.contains(QLatin1String(library)), qPrintable(depends.out));
  }

  void theInstalledCommandLineRuns() {
    const Run version = run(installed(QStringLiteral("bin/l2s")), {QStringLiteral("--version")}, programEnvironment());
    QVERIFY2(version.exitCode == 0, qPrintable(version.describe()));
    QCOMPARE(version.out, QStringLiteral("l2s " L2S_VERSION_STRING "\n"));
  }

  void theInstalledCommandLineTranslatesWithTheInstalledPack() {
    if (!shippedPacks().contains(QStringLiteral("default"))) QSKIP("the repository ships no default pack");
    // The sentencepiece plugin is found beside the extracted program; the pack by
    // its folder, and by its name in the extracted tree.
    const QString pack = installed(QStringLiteral(L2S_PACKS_DIR "/default"));
    for (const QString& packArgument : {pack, QStringLiteral("default")}) {
      const Run generate = run(installed(QStringLiteral("bin/l2s")),
                               {QStringLiteral("generate"), QStringLiteral("--pack"), packArgument, QStringLiteral("--mode"),
                                QStringLiteral("l2s"), QStringLiteral("A man is riding a bike.")},
                               programEnvironment());
      QVERIFY2(generate.exitCode == 0, qPrintable(generate.describe()));
      QVERIFY2(generate.out.contains(QStringLiteral("Mann")), qPrintable(generate.out));
    }
  }

  void theInstalledStudioLoadsTheInstalledDefaultPack() {
    if (!shippedPacks().contains(QStringLiteral("default"))) QSKIP("the repository ships no default pack");
    // No --pack and fresh settings: the studio opens the pack called "default"
    // that it finds relative to itself, the extracted one.
    const Run studio = run(installed(QStringLiteral("bin/l2s-studio")),
                           {QStringLiteral("--settings"), root_.filePath(QStringLiteral("studio.ini")),
                            QStringLiteral("--quit-after-load")},
                           programEnvironment());
    QVERIFY2(studio.exitCode == 0, qPrintable(studio.describe()));
    const QString pack = QDir::cleanPath(installed(QStringLiteral(L2S_PACKS_DIR "/default")));
    QVERIFY2(studio.out.contains(QStringLiteral(" from ") + pack + QLatin1Char('\n')), qPrintable(studio.describe()));
  }

  void theInstalledStudioReportsAPackItCannotLoad() {
    const QString empty = root_.filePath(QStringLiteral("not-a-pack"));
    QVERIFY(QDir().mkpath(empty));
    const Run studio = run(installed(QStringLiteral("bin/l2s-studio")),
                           {QStringLiteral("--settings"), root_.filePath(QStringLiteral("refused.ini")),
                            QStringLiteral("--pack"), empty, QStringLiteral("--quit-after-load")},
                           programEnvironment());
    QVERIFY2(studio.exitCode == 1, qPrintable(studio.describe()));
    QVERIFY2(studio.err.contains(empty), qPrintable(studio.describe()));
  }

  void theDesktopEntryIsValid() {
    const QString entry = installed(QStringLiteral("share/applications/" L2S_APP_ID ".desktop"));
    const Run validate = run(QStringLiteral("desktop-file-validate"), {entry});
    QVERIFY2(validate.exitCode == 0 && validate.out.isEmpty() && validate.err.isEmpty(), qPrintable(validate.describe()));
    QFile file(entry);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(file.readAll());
    QVERIFY(text.contains(QStringLiteral("\nExec=l2s-studio\n")));
    QVERIFY(text.contains(QStringLiteral("\nIcon=" L2S_APP_ID "\n")));
  }

  void theAppStreamMetadataIsValidAndNamesThisRelease() {
    // validate-tree checks the metadata with the desktop entry and icons it refers to.
    const Run validate = run(QStringLiteral("appstreamcli"),
                             {QStringLiteral("validate-tree"), QStringLiteral("--no-net"), QStringLiteral("--pedantic"), root_.path()});
    QVERIFY2(validate.exitCode == 0, qPrintable(validate.describe()));

    QFile file(installed(QStringLiteral("share/metainfo/" L2S_APP_ID ".metainfo.xml")));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&file);
    QString newestRelease, releaseDate, screenshot;
    while (!xml.atEnd()) {
      xml.readNext();
      if (!xml.isStartElement()) continue;
      if (xml.name() == QLatin1String("release") && newestRelease.isEmpty()) {
        newestRelease = xml.attributes().value(QLatin1String("version")).toString();
        releaseDate = xml.attributes().value(QLatin1String("date")).toString();
      }
      else if (xml.name() == QLatin1String("image"))
        screenshot = xml.readElementText();
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QCOMPARE(newestRelease, QStringLiteral(L2S_VERSION_STRING));
    QCOMPARE(releaseDate, QStringLiteral(L2S_RELEASE_DATE));  // packaging/changelog's
    QVERIFY2(screenshot.startsWith(QStringLiteral("https://")) && screenshot.endsWith(QStringLiteral("/docs/images/studio.png")),
             qPrintable(screenshot));
  }

  void theChangelogNamesThisRelease() {
    const QString changelog = gunzip(installed(QStringLiteral("share/doc/l2s/changelog.gz")));
    QVERIFY2(changelog.startsWith(QStringLiteral("l2s (" L2S_VERSION_STRING ") ")), qPrintable(changelog.left(80)));
  }

  void theManualPagesListEveryCommandAndOption() {
    const QProcessEnvironment environment = programEnvironment();
    const QString l2s = installed(QStringLiteral("bin/l2s"));
    const QString page = gunzip(installed(QStringLiteral("share/man/man1/l2s.1.gz")));
    QVERIFY(!page.isEmpty());
    const Run top = run(l2s, {QStringLiteral("--help")}, environment);
    static const QRegularExpression command(QStringLiteral("^  ([a-z]+)  "), QRegularExpression::MultilineOption);
    QStringList commands;
    for (auto match = command.globalMatch(top.out); match.hasNext();) commands << match.next().captured(1);
    QVERIFY2(commands.contains(QStringLiteral("generate")), qPrintable(top.out));
    for (const QString& name : commands) {
      QVERIFY2(page.contains(QStringLiteral(".SS \"l2s %1\"").arg(name)), qPrintable(name));
      const Run help = run(l2s, {name, QStringLiteral("--help")}, environment);
      for (const QString& option : optionsIn(help.out))
        QVERIFY2(page.contains(inRoff(option)), qPrintable(name + QLatin1Char(' ') + option));
    }

    const QString studioPage = gunzip(installed(QStringLiteral("share/man/man1/l2s-studio.1.gz")));
    const Run studioHelp = run(installed(QStringLiteral("bin/l2s-studio")), {QStringLiteral("--help")}, environment);
    const QStringList studioOptions = optionsIn(studioHelp.out);
    QVERIFY2(studioOptions.contains(QStringLiteral("--quit-after-load")), qPrintable(studioHelp.describe()));
    for (const QString& option : studioOptions) QVERIFY2(studioPage.contains(inRoff(option)), qPrintable(option));
  }

  void theCopyrightFileStatesEveryPacksTerms() {
    QFile file(installed(QStringLiteral("share/doc/l2s/copyright")));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString copyright = QString::fromUtf8(file.readAll());
    QVERIFY(copyright.startsWith(QStringLiteral("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n")));
    for (const QString& pack : shippedPacks())
      QVERIFY2(copyright.contains(QStringLiteral("\nFiles: resources/packs/%1/*\n").arg(pack)),
               qPrintable(QStringLiteral("packaging/copyright has no stanza for the pack %1 and its data's terms").arg(pack)));
  }

  void lintianFindsNoErrorOrWarning() {
    // Accepted tags, with their reasons: packaging/lintian-overrides (in the package).
    const Run lintian = run(QStringLiteral("lintian"), {QStringLiteral("--fail-on"), QStringLiteral("error,warning"),
                                                        QStringLiteral(L2S_DEB_FILE)});
    QVERIFY2(lintian.exitCode == 0, qPrintable(lintian.describe()));
  }
};

QTEST_GUILESS_MAIN(TestPackage)
#include "test_package.moc"

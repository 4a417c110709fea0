// `l2s-studio`: the desktop studio. Usage: l2s-studio [--pack DIR]
#include <QApplication>
#include <QCommandLineParser>
#include <cstdio>
#include <memory>

#include "ui/engine_host.h"
#include "l2s/version.h"
#include "ui/app_icon.h"
#include "ui/embedded_packs.h"
#include "ui/main_window.h"
#include "ui/settings.h"

namespace {

// --quit-after-load: the studio exits once its pack is loaded (0) or refused
// (1, with the engine's message), so a script can check that an install works.
void quitWhenLoaded(l2s::studio::EngineHost& engine) {
  QObject::connect(&engine, &l2s::studio::EngineHost::packLoaded, [](const l2s::studio::PackSummary& pack) {
    std::printf("l2s-studio: loaded %s from %s\n", qPrintable(pack.name),
                qPrintable(pack.isPack() ? pack.dir : pack.folders.llm));
    QCoreApplication::exit(0);
  });
  QObject::connect(&engine, &l2s::studio::EngineHost::packFailed, [](const QString& message) {
    std::fprintf(stderr, "l2s-studio: could not load the models: %s\n", qPrintable(message));
    QCoreApplication::exit(1);
  });
}

}  // namespace

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setOrganizationName(QStringLiteral("l2s"));
  QApplication::setApplicationName(QStringLiteral("l2s-studio"));
  QApplication::setApplicationDisplayName(QStringLiteral("LLM-to-SLM Studio"));
  QApplication::setApplicationVersion(QStringLiteral(L2S_VERSION));
  QGuiApplication::setDesktopFileName(QStringLiteral(L2S_APP_ID));  // the launcher's entry and icon
  QApplication::setWindowIcon(l2s::studio::appIcon());

  QCommandLineParser parser;
  parser.setApplicationDescription(
      QStringLiteral("LLM-to-SLM Studio: a large model reads the prompt, a small model writes the answer; "
                     "compare it live with the large model alone."));
  parser.addHelpOption();
  parser.addVersionOption();
  const QCommandLineOption pack(QStringLiteral("pack"),
                                QStringLiteral("Open the model pack in DIR (default: the last one opened)."),
                                QStringLiteral("DIR"));
  const QCommandLineOption prompt(QStringLiteral("prompt"), QStringLiteral("Start with TEXT in the input."),
                                  QStringLiteral("TEXT"));
  const QCommandLineOption settingsFile(
      QStringLiteral("settings"), QStringLiteral("Keep settings in the INI file FILE instead of the user's settings."),
      QStringLiteral("FILE"));
  const QCommandLineOption quitAfterLoad(
      QStringLiteral("quit-after-load"),
      QStringLiteral("Quit once the models have loaded: exit status 0, or 1 with the error (checks an install)."));
  parser.addOptions({pack, prompt, settingsFile, quitAfterLoad});
  parser.process(app);
  if (!parser.positionalArguments().isEmpty()) {
    std::fprintf(stderr, "l2s-studio: unexpected argument '%s' (see --help)\n",
                 qPrintable(parser.positionalArguments().first()));
    return 2;
  }

  auto settings = parser.isSet(settingsFile)
                      ? std::make_unique<l2s::studio::StudioSettings>(parser.value(settingsFile))
                      : std::make_unique<l2s::studio::StudioSettings>();
  l2s::studio::MainWindow window(*settings);
  window.show();
  if (parser.isSet(prompt)) window.setPrompt(parser.value(prompt));
  if (parser.isSet(quitAfterLoad)) quitWhenLoaded(window.engine());
  window.setEmbeddedPacks(l2s::studio::findEmbeddedPacks(l2s::studio::packSearchDirs()));
  window.openStartupPack(parser.value(pack));
  if (parser.isSet(quitAfterLoad) && !window.engine().isLoading()) {
    std::fprintf(stderr, "l2s-studio: no model pack to open\n");
    return 1;
  }
  return QApplication::exec();
}

// `l2s-studio`: the desktop studio. Usage: l2s-studio [--pack DIR]
#include <QApplication>
#include <QCommandLineParser>
#include <cstdio>
#include <memory>

#include "engine/common/version.h"
#include "ui/app_icon.h"
#include "ui/main_window.h"
#include "ui/settings.h"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setOrganizationName(QStringLiteral("l2s"));
  QApplication::setApplicationName(QStringLiteral("l2s-studio"));
  QApplication::setApplicationDisplayName(QStringLiteral("LLM-to-SLM Studio"));
  QApplication::setApplicationVersion(QStringLiteral(L2S_VERSION));
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
  parser.addOptions({pack, prompt, settingsFile});
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
  window.openStartupPack(parser.value(pack));
  return QApplication::exec();
}

#include "ui/input_guide.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QTextBoundaryFinder>
#include <algorithm>

namespace l2s::studio {
namespace {

QString tr(const char* text) { return QCoreApplication::translate("l2s::studio::InputGuide", text); }

// Languages written in the Latin script (ISO 639-1).
bool isLatinLanguage(const QString& code) {
  static const QStringList latin = {
      QStringLiteral("af"), QStringLiteral("ca"), QStringLiteral("cs"), QStringLiteral("cy"), QStringLiteral("da"),
      QStringLiteral("de"), QStringLiteral("en"), QStringLiteral("es"), QStringLiteral("et"), QStringLiteral("eu"),
      QStringLiteral("fi"), QStringLiteral("fr"), QStringLiteral("ga"), QStringLiteral("gl"), QStringLiteral("hr"),
      QStringLiteral("hu"), QStringLiteral("id"), QStringLiteral("is"), QStringLiteral("it"), QStringLiteral("lt"),
      QStringLiteral("lv"), QStringLiteral("ms"), QStringLiteral("mt"), QStringLiteral("nb"), QStringLiteral("nl"),
      QStringLiteral("nn"), QStringLiteral("no"), QStringLiteral("pl"), QStringLiteral("pt"), QStringLiteral("ro"),
      QStringLiteral("sk"), QStringLiteral("sl"), QStringLiteral("sq"), QStringLiteral("sv"), QStringLiteral("sw"),
      QStringLiteral("tl"), QStringLiteral("tr"), QStringLiteral("vi")};
  return latin.contains(code.section(QLatin1Char('-'), 0, 0).toLower());
}

QString separatorFor(const QString& whitespace) {
  const qsizetype breaks = whitespace.count(QLatin1Char('\n'));
  return breaks >= 2 ? QStringLiteral("\n\n") : breaks == 1 ? QStringLiteral("\n") : QStringLiteral(" ");
}

}  // namespace

QVector<Sentence> splitSentences(const QString& text) {
  QVector<Sentence> sentences;
  QTextBoundaryFinder finder(QTextBoundaryFinder::Sentence, text);
  qsizetype start = 0;
  while (start < text.size()) {
    qsizetype end = finder.toNextBoundary();
    if (end < 0) end = text.size();
    // Qt's boundaries fall after the whitespace that follows a sentence.
    const QString piece = text.mid(start, end - start);
    const QString sentence = piece.trimmed();
    if (!sentence.isEmpty()) {
      qsizetype trail = piece.size();
      while (trail > 0 && piece.at(trail - 1).isSpace()) --trail;
      sentences.push_back({sentence, separatorFor(piece.mid(trail))});
    } else if (!sentences.isEmpty()) {
      sentences.last().separator = separatorFor(sentences.last().separator + piece);
    }
    start = end;
  }
  if (!sentences.isEmpty()) sentences.last().separator.clear();
  return sentences;
}

int wordCount(const QString& text) {
  return static_cast<int>(text.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts).size());
}

QString scriptNotice(const QString& text, const QStringList& languages) {
  if (languages.isEmpty() || !std::all_of(languages.begin(), languages.end(), isLatinLanguage)) return QString();
  qsizetype latin = 0, other = 0;
  for (QChar c : text) {
    if (!c.isLetter()) continue;
    const QChar::Script script = c.script();
    if (script == QChar::Script_Latin)
      ++latin;
    else if (script != QChar::Script_Common && script != QChar::Script_Inherited)
      ++other;
  }
  if (other == 0 || other * 10 < (latin + other) * 3) return QString();  // under 30% of the letters
  return tr("This input is mostly in a script the pack never saw (it knows %1, in Latin script): the models will "
            "answer anyway, with made-up text.")
      .arg(languages.join(QStringLiteral(", ")));
}

QString lengthNotice(int longestWords, const QStringList& examples) {
  int typical = 0;
  for (const QString& example : examples) typical = std::max(typical, wordCount(example));
  // Multi30k-like packs turn 30-word sentences into garbage already.
  if (typical == 0 || longestWords <= std::max(2 * typical, 20)) return QString();
  return tr("This is far longer than what the pack was trained on (about %1 words at a time): expect parts of the "
            "answer to be missing or made up.")
      .arg(typical);
}

}  // namespace l2s::studio

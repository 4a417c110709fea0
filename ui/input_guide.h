#pragma once
// Guidance on the input before it runs: splitting a translation into the
// sentences the models read one by one, and noticing input unlike a pack's
// training data (another script, far longer than its examples).
#include <QString>
#include <QStringList>
#include <QVector>

namespace l2s::studio {

struct Sentence {
  QString text;       // trimmed
  QString separator;  // what follows it: "\n" or "\n\n" where the input broke lines, else " "
};

// The sentences of `text` (Unicode sentence boundaries), without empty ones.
QVector<Sentence> splitSentences(const QString& text);

int wordCount(const QString& text);

// A notice when most of the letters are in a script that none of the pack's
// languages (ISO 639-1 codes) is written in; empty otherwise or when the
// languages are unknown.
QString scriptNotice(const QString& text, const QStringList& languages);

// A notice when the longest unit the model reads (`longestWords`) is far longer
// than the pack's examples (over twice the longest, and over 20 words); empty
// without examples.
QString lengthNotice(int longestWords, const QStringList& examples);

}  // namespace l2s::studio

// ROUGE against Google's rouge_score 0.1.2 and NLTK 3.8's Porter stemmer:
// the forms NLTK's own comments document, the tokenizer's Unicode corners,
// then every case in tests/data/rouge (see its README): 20 hand-written
// pairs with and without the stemmer, a 200-pair corpus and 6,000 stems,
// all computed by the real packages.
#include <QtTest>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "l2s/error.h"
#include "engine/metrics/porter_stemmer.h"
#include "l2s/metrics/rouge.h"
#include "engine/metrics/rouge_tokenizer.h"

using l2s::metrics::RougeScore;
using l2s::metrics::RougeScores;
using nlohmann::json;

namespace {

const std::string kData = L2S_TEST_DATA_DIR "/rouge";

// Our arithmetic follows rouge_score's operation by operation; the issue's
// bar is 0.01 on the x100 scale, these checks are far stricter.
constexpr double kTolerance = 1e-9;

json load_cases() {
  std::ifstream file(kData + "/cases.json");
  if (!file) qFatal("cannot open %s/cases.json", kData.c_str());
  return json::parse(file);
}

QString describe(const RougeScore& s) {
  return QString("P %1 R %2 F %3").arg(s.precision, 0, 'g', 17).arg(s.recall, 0, 'g', 17).arg(s.fmeasure, 0, 'g', 17);
}

bool matches(const RougeScore& actual, const json& expected) {
  return std::abs(actual.precision - expected["precision"].get<double>()) <= kTolerance &&
         std::abs(actual.recall - expected["recall"].get<double>()) <= kTolerance &&
         std::abs(actual.fmeasure - expected["fmeasure"].get<double>()) <= kTolerance;
}

QStringList tokens(const char* text, bool stem) {
  QStringList list;
  for (const std::string& token : l2s::metrics::rouge_tokenize(text, stem)) list << QString::fromStdString(token);
  return list;
}

}  // namespace

class TestRouge : public QObject {
  Q_OBJECT

 private slots:
  // Forms NLTK's porter.py names in its comments, the irregular-forms table
  // and its NLTK-only rules included.
  void nltkDocumentedStems_data() {
    QTest::addColumn<QString>("word");
    QTest::addColumn<QString>("stem");
    const char* pairs[][2] = {
        {"caresses", "caress"}, {"ponies", "poni"},  {"dies", "die"},       {"flies", "fli"},
        {"spied", "spi"},       {"died", "die"},     {"dying", "die"},      {"skies", "sky"},
        {"happy", "happi"},     {"enjoy", "enjoy"},  {"hopping", "hop"},    {"proceed", "proceed"},
        {"news", "news"},       {"innings", "inning"}, {"controll", "control"}, {"roll", "roll"},
        {"running", "run"},     {"at", "at"},
    };
    for (const auto& pair : pairs) QTest::newRow(pair[0]) << pair[0] << pair[1];
  }
  void nltkDocumentedStems() {
    QFETCH(QString, word);
    QFETCH(QString, stem);
    QCOMPARE(QString::fromStdString(l2s::metrics::porter_stem(word.toStdString())), stem);
  }

  void everyConformanceStemMatches() {
    std::ifstream file(kData + "/porter_stems.tsv");
    QVERIFY(file.good());
    int words = 0, wrong = 0;
    QStringList examples;
    for (std::string line; std::getline(file, line);) {
      const std::size_t tab = line.find('\t');
      QVERIFY2(tab != std::string::npos, line.c_str());
      const std::string word = line.substr(0, tab), expected = line.substr(tab + 1);
      const std::string stem = l2s::metrics::porter_stem(word);
      ++words;
      if (stem != expected && ++wrong <= 10)
        examples << QString::fromStdString(word + " -> " + stem + " (NLTK: " + expected + ")");
    }
    QCOMPARE(words, 6000);
    QVERIFY2(wrong == 0, qPrintable(QString::number(wrong) + " wrong stems, e.g. " + examples.join("; ")));
  }

  void tokenizerKeepsAsciiLettersAndDigits() {
    QCOMPARE(tokens("Café naïve", false), QStringList({"caf", "na", "ve"}));
    QCOMPARE(tokens("COVID-19 spreads, R0=2.5", true), QStringList({"covid", "19", "spread", "r0", "2", "5"}));
    // Only tokens longer than 3 characters are stemmed: "was" stays.
    QCOMPARE(tokens("The RUNNERS was running", true), QStringList({"the", "runner", "was", "run"}));
    QCOMPARE(tokens("The RUNNERS was running", false), QStringList({"the", "runners", "was", "running"}));
    QCOMPARE(tokens(" \t\n", true), QStringList());
  }

  // Python's str.lower() maps two non-ASCII letters to ASCII ones: U+0130
  // to "i" plus a combining dot (a separator), the Kelvin sign to "k".
  void tokenizerLowerCasesAsPythonDoes() {
    QCOMPARE(tokens("\xC4\xB0stanbul", false), QStringList({"i", "stanbul"}));
    QCOMPARE(tokens("\xE2\x84\xAA" "elvin", false), QStringList({"kelvin"}));
    QCOMPARE(tokens("a\xFF" "b", false), QStringList({"a", "b"}));  // a bad byte separates
  }

  void handCheckedScores() {
    // "the cat sat" against "the cat sat down": unigrams 3/3 and 3/4,
    // bigrams 2/2 and 2/3, LCS 3.
    const RougeScores s = l2s::metrics::sentence_rouge("the cat sat", "the cat sat down");
    QCOMPARE(s.rouge1.precision, 1.0);
    QCOMPARE(s.rouge1.recall, 0.75);
    QCOMPARE(s.rouge1.fmeasure, 2 * 0.75 / 1.75);
    QCOMPARE(s.rouge2.recall, 2.0 / 3.0);
    QCOMPARE(s.rougeL.recall, 0.75);
    // Clipped counts: "a" once in the hypothesis, four times in the reference.
    const RougeScores repeated = l2s::metrics::sentence_rouge("a", "a a a a");
    QCOMPARE(repeated.rouge1.precision, 1.0);
    QCOMPARE(repeated.rouge1.recall, 0.25);
    // Empty sides score 0 rather than failing.
    QCOMPARE(l2s::metrics::sentence_rouge("", "text").rougeL.fmeasure, 0.0);
    QCOMPARE(l2s::metrics::sentence_rouge("text", "").rougeLsum.fmeasure, 0.0);
  }

  void everyConformanceCaseMatches() {
    const json cases = load_cases()["cases"];
    QCOMPARE(cases.size(), std::size_t{40});
    for (const json& c : cases) {
      const RougeScores s = l2s::metrics::sentence_rouge(c["hypothesis"].get<std::string>(), c["reference"].get<std::string>(),
                                                         {c["use_stemmer"].get<bool>()});
      const std::pair<const char*, const RougeScore*> types[] = {
          {"rouge1", &s.rouge1}, {"rouge2", &s.rouge2}, {"rougeL", &s.rougeL}, {"rougeLsum", &s.rougeLsum}};
      for (const auto& [name, score] : types) {
        const QString where = QString("%1 | %2 | stemmer %3 | %4: got %5, rouge_score %6")
                                  .arg(QString::fromStdString(c["reference"].get<std::string>()),
                                       QString::fromStdString(c["hypothesis"].get<std::string>()))
                                  .arg(c["use_stemmer"].get<bool>())
                                  .arg(name, describe(*score), QString::fromStdString(c["scores"][name].dump()));
        QVERIFY2(matches(*score, c["scores"][name]), qPrintable(where));
      }
    }
  }

  // The corpus score is the mean per-pair F x 100.
  void conformanceCorpusMatches() {
    const json corpus = load_cases()["corpus"];
    std::vector<std::string> hyps, refs;
    for (const json& pair : corpus["pairs"]) {
      hyps.push_back(pair["hypothesis"].get<std::string>());
      refs.push_back(pair["reference"].get<std::string>());
    }
    QCOMPARE(hyps.size(), std::size_t{200});
    const auto score = l2s::metrics::corpus_rouge(hyps, refs, {corpus["use_stemmer"].get<bool>()});
    const json& expected = corpus["mean_fmeasure_x100"];
    QVERIFY(std::abs(score.rouge1 - expected["rouge1"].get<double>()) < 1e-9);
    QVERIFY(std::abs(score.rouge2 - expected["rouge2"].get<double>()) < 1e-9);
    QVERIFY(std::abs(score.rougeL - expected["rougeL"].get<double>()) < 1e-9);
    QCOMPARE(score.pairs.size(), std::size_t{200});
  }

  void invalidCorporaThrow() {
    const std::vector<std::string> none;
    QVERIFY_THROWS_EXCEPTION(l2s::Error, l2s::metrics::corpus_rouge(none, none));
    QVERIFY_THROWS_EXCEPTION(l2s::Error, l2s::metrics::corpus_rouge({"a", "b"}, {"a"}));
    QCOMPARE(l2s::metrics::corpus_rouge({""}, {""}).rougeL, 0.0);  // empty texts are valid
  }
};

QTEST_APPLESS_MAIN(TestRouge)
#include "test_rouge.moc"

// BLEU, sentence BLEU and chrF against sacreBLEU 2.4.3: first small cases
// worked out by hand from the formulas, then every case in
// tests/data/sacrebleu/cases.json, which the real sacreBLEU scored.
#include <QtTest>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "l2s/error.h"
#include "l2s/metrics/bleu.h"
#include "l2s/metrics/chrf.h"
#include "l2s/metrics/metric_registry.h"
#include "l2s/metrics/rouge.h"
#include "error_checks.h"
#include "engine/metrics/tokenizer_13a.h"

using l2s::metrics::BleuScore;
using l2s::metrics::ChrfScore;
using nlohmann::json;

namespace {

// Our arithmetic follows sacreBLEU's operation by operation, so only the last
// bits may differ.
constexpr double kTolerance = 1e-9;

bool near(double actual, double expected) { return std::abs(actual - expected) <= kTolerance; }

json load_cases() {
  std::ifstream file(L2S_TEST_DATA_DIR "/sacrebleu/cases.json");
  if (!file) qFatal("cannot open %s", L2S_TEST_DATA_DIR "/sacrebleu/cases.json");
  return json::parse(file);
}

std::vector<int64_t> counts_of(const BleuScore& s) { return {s.counts.begin(), s.counts.end()}; }
std::vector<int64_t> totals_of(const BleuScore& s) { return {s.totals.begin(), s.totals.end()}; }

// Compares everything sacreBLEU reported for one BLEU score.
void verify_bleu(const BleuScore& actual, const json& expected) {
  QVERIFY2(near(actual.score, expected["score"].get<double>()), qPrintable(QString::number(actual.score, 'g', 17)));
  for (int n = 0; n < 4; ++n) {
    QVERIFY(near(actual.precisions[n], expected["precisions"][n].get<double>()));
  }
  QCOMPARE(counts_of(actual), expected["counts"].get<std::vector<int64_t>>());
  QCOMPARE(totals_of(actual), expected["totals"].get<std::vector<int64_t>>());
  QVERIFY(near(actual.brevity_penalty, expected["bp"].get<double>()));
  QCOMPARE(actual.sys_len, expected["sys_len"].get<int64_t>());
  QCOMPARE(actual.ref_len, expected["ref_len"].get<int64_t>());
  QCOMPARE(actual.signature(), expected["signature"].get<std::string>());
  QCOMPARE(actual.format(), expected["formatted"].get<std::string>());
}

}  // namespace

class TestMetrics : public QObject {
  Q_OBJECT

 private slots:
  void tokenizer13a_data();
  void tokenizer13a();

  void handCheckedBleuWithSmoothing();
  void handCheckedShortHypothesis();
  void handCheckedChrf();
  void chrfCountsCodePoints();
  void malformedUtf8CountsEachBadByte();

  void emptyHypothesisScoresZero();
  void invalidInputThrows();

  void sacrebleuCorpusBleu();
  void sacrebleuLinesWithoutFourgramMatches();
  void sacrebleuSentenceBleu();
  void sacrebleuCorpusChrf();

  void registryNamesEachTasksMetrics();
  void registryScoresWithTheMetricsItNames();
  void registryRefusesUnknownTasks();
};

void TestMetrics::tokenizer13a_data() {
  QTest::addColumn<QString>("line");
  QTest::addColumn<QString>("tokens");
  // Quotes are isolated; "," and "." split from the letters before them.
  QTest::newRow("quotes") << "He said \"hello,\" and left." << "He said \" hello , \" and left .";
  // Period and comma stay inside numbers; "%" is isolated; "3." splits since a space follows.
  QTest::newRow("numbers") << "grew 3.5% in 2019, not 3,5%. Der 3. Oktober"
                           << "grew 3.5 % in 2019 , not 3,5 % . Der 3 . Oktober";
  // "-" splits only after a digit.
  QTest::newRow("dashes") << "2.0-beta on 12-05-2020, e-mail" << "2.0 - beta on 12 - 05 - 2020 , e-mail";
  // Entities are unescaped first, then their characters are isolated like any other.
  QTest::newRow("entities") << "Tom &amp; Jerry &quot;live&quot; &lt;3 &gt; all"
                            << "Tom & Jerry \" live \" < 3 > all";
  // Unescaping is one pass per entity in a fixed order: "&amp;lt;" becomes "&lt;", then "<".
  QTest::newRow("entity order") << "&amp;lt;" << "<";
  QTest::newRow("skipped marker") << "with <skipped> marker" << "with marker";
  QTest::newRow("hyphenated line break") << "e-\nmail and\nmore" << "email and more";
  // Matches never overlap: in "a.,b" the match "a." consumes the ".", so ",b"
  // is split only by the following rule; ".5" at the start splits because of the padding.
  QTest::newRow("overlaps") << ".5 x... 1... a.,b" << ". 5 x . . . 1 . . . a . , b";
  QTest::newRow("apostrophes and urls") << "Don't http://ex.com/a-b?x=1&y=2"
                                        << "Don't http : / / ex . com / a-b ? x = 1 & y = 2";
  // Non-ASCII punctuation passes through; Unicode spaces (no-break, em) separate tokens.
  QTest::newRow("unicode") << QString::fromUtf8("„Das ist gut“, sagte sie… ja\u00A0b\u2003c")
                           << QString::fromUtf8("„Das ist gut“ , sagte sie… ja b c");
  QTest::newRow("whitespace") << "  spaced \t out  " << "spaced out";
}

void TestMetrics::tokenizer13a() {
  QFETCH(QString, line);
  QFETCH(QString, tokens);
  QCOMPARE(QString::fromStdString(l2s::metrics::tokenize_13a(line.toStdString())), tokens);
}

// One substituted word in the middle of a 4-word line.
//   hyp: the cat sat down        ref: the dog sat down
//   1-grams: the, sat, down match            -> 3/4
//   2-grams: only "sat down" matches          -> 1/3
//   3-grams: none of 2 match; exp smoothing   -> 100 / (2 * 2) = 25
//   4-grams: none of 1 match; next smoothing  -> 100 / (4 * 1) = 25
//   BP = 1 (4 tokens each)
//   BLEU = 100 * (3/4 * 1/3 * 1/4 * 1/4)^(1/4) = 100 * (2^-6)^(1/4) = 100 * 2^-1.5 = 35.3553...
void TestMetrics::handCheckedBleuWithSmoothing() {
  const BleuScore s = l2s::metrics::corpus_bleu({"the cat sat down"}, {"the dog sat down"});
  QVERIFY(near(s.score, 100.0 * std::pow(2.0, -1.5)));
  QVERIFY(near(s.precisions[0], 75.0));
  QVERIFY(near(s.precisions[1], 100.0 / 3.0));
  QVERIFY(near(s.precisions[2], 25.0));
  QVERIFY(near(s.precisions[3], 25.0));
  QCOMPARE(counts_of(s), (std::vector<int64_t>{3, 1, 0, 0}));
  QCOMPARE(totals_of(s), (std::vector<int64_t>{4, 3, 2, 1}));
  QCOMPARE(s.brevity_penalty, 1.0);
  QCOMPARE(s.format(), std::string("BLEU = 35.36 75.0/33.3/25.0/25.0 (BP = 1.000 ratio = 1.000 hyp_len = 4 ref_len = 4)"));
}

// A 3-word hypothesis, a prefix of its 4-word reference.
//   counts 3, 2, 1, 0 of totals 3, 2, 1, 0: every n-gram up to 3 matches, no 4-gram exists.
//   BP = exp(1 - 4/3) = exp(-1/3) = 0.7165...
//   Corpus BLEU uses all 4 orders; the empty 4th leaves precision 0, so BLEU = 0.
//   Sentence BLEU (effective order) stops at order 3: BLEU = BP * 100 = 71.65...
void TestMetrics::handCheckedShortHypothesis() {
  const BleuScore corpus = l2s::metrics::corpus_bleu({"the cat sat"}, {"the cat sat down"});
  QCOMPARE(corpus.score, 0.0);
  QCOMPARE(counts_of(corpus), (std::vector<int64_t>{3, 2, 1, 0}));
  QCOMPARE(totals_of(corpus), (std::vector<int64_t>{3, 2, 1, 0}));
  QVERIFY(near(corpus.brevity_penalty, std::exp(-1.0 / 3.0)));
  QCOMPARE(corpus.signature(), std::string("nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.4.3"));

  const BleuScore sentence = l2s::metrics::sentence_bleu("the cat sat", "the cat sat down");
  QVERIFY(near(sentence.score, 100.0 * std::exp(-1.0 / 3.0)));
  QCOMPARE(sentence.precisions[3], 0.0);
  QCOMPARE(sentence.signature(), std::string("nrefs:1|case:mixed|eff:yes|tok:13a|smooth:exp|version:2.4.3"));
}

// hyp "ab c" loses its space: "abc"; ref "abcd".
//   order 1: hyp a b c (3), ref a b c d (4), 3 match   P = 1  R = 3/4
//   order 2: hyp ab bc (2), ref ab bc cd (3), 2 match  P = 1  R = 2/3
//   order 3: hyp abc (1),   ref abc bcd (2), 1 match   P = 1  R = 1/2
//   orders 4-6: the hypothesis has none, so they are not averaged.
//   P = 1, R = (3/4 + 2/3 + 1/2) / 3 = 23/36
//   chrF2 = 100 * 5 P R / (4 P + R) = 100 * (115/36) / (167/36) = 100 * 115/167 = 68.86...
void TestMetrics::handCheckedChrf() {
  const ChrfScore s = l2s::metrics::corpus_chrf({"ab c"}, {"abcd"});
  QVERIFY(near(s.score, 100.0 * 115.0 / 167.0));
  QCOMPARE(s.orders[0].hyp, 3);
  QCOMPARE(s.orders[0].ref, 4);
  QCOMPARE(s.orders[0].matches, 3);
  QCOMPARE(s.orders[3].hyp, 0);
  QCOMPARE(s.orders[3].ref, 1);
  QCOMPARE(s.format(), std::string("chrF2 = 68.86"));
  QCOMPARE(s.signature(), std::string("nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.4.3"));
}

// "Straße" has 6 characters (ß is one, though two bytes), "Strasse" 7.
//   order 1: S t r a e match -> 5;  order 2: St tr ra -> 3;  order 3: Str tra -> 2;
//   order 4: Stra -> 1;  orders 5, 6: none.
void TestMetrics::chrfCountsCodePoints() {
  const ChrfScore s = l2s::metrics::corpus_chrf({"Straße"}, {"Strasse"});
  const int64_t hyp[] = {6, 5, 4, 3, 2, 1};
  const int64_t ref[] = {7, 6, 5, 4, 3, 2};
  const int64_t matches[] = {5, 3, 2, 1, 0, 0};
  for (int n = 0; n < 6; ++n) {
    QCOMPARE(s.orders[n].hyp, hyp[n]);
    QCOMPARE(s.orders[n].ref, ref[n]);
    QCOMPARE(s.orders[n].matches, matches[n]);
  }
}

// Bytes that are not UTF-8 still score, one character each, and two different
// bad bytes do not match: "a\xFF" vs "a\xFE\xC3" (the last a truncated "ß").
void TestMetrics::malformedUtf8CountsEachBadByte() {
  const ChrfScore s = l2s::metrics::corpus_chrf({"a\xFF"}, {"a\xFE\xC3"});
  QCOMPARE(s.orders[0].hyp, 2);
  QCOMPARE(s.orders[0].ref, 3);
  QCOMPARE(s.orders[0].matches, 1);
  QCOMPARE(l2s::metrics::tokenize_13a("x\xFF,y\xC3"), std::string("x\xFF , y\xC3"));
}

// No hypothesis tokens: no n-grams, no matches, BP 0, score 0.
void TestMetrics::emptyHypothesisScoresZero() {
  const BleuScore corpus = l2s::metrics::corpus_bleu({"", " \t"}, {"the cat", "sat"});
  QCOMPARE(corpus.score, 0.0);
  QCOMPARE(corpus.sys_len, 0);
  QCOMPARE(corpus.ref_len, 3);
  QCOMPARE(corpus.brevity_penalty, 0.0);
  QCOMPARE(totals_of(corpus), (std::vector<int64_t>{0, 0, 0, 0}));
  QCOMPARE(l2s::metrics::sentence_bleu("", "the cat").score, 0.0);
  QCOMPARE(l2s::metrics::corpus_chrf({""}, {"the cat"}).score, 0.0);
}

// sacreBLEU fails on an empty corpus (it reads hyps[0]) and rejects empty
// reference lines; we throw l2s::Error in both cases and for unequal sizes.
void TestMetrics::invalidInputThrows() {
  const std::vector<std::string> none;
  QVERIFY_THROWS_EXCEPTION(l2s::Error, l2s::metrics::corpus_bleu(none, none));
  QVERIFY_THROWS_EXCEPTION(l2s::Error, l2s::metrics::corpus_chrf(none, none));
  QVERIFY_THROWS_EXCEPTION(l2s::Error, l2s::metrics::corpus_bleu({"a", "b"}, {"a"}));
  QVERIFY_THROWS_EXCEPTION(l2s::Error, l2s::metrics::corpus_chrf({"a"}, {"a", "b"}));
  QVERIFY_THROWS_EXCEPTION(l2s::Error, l2s::metrics::corpus_bleu({"a"}, {""}));
  QVERIFY_THROWS_EXCEPTION(l2s::Error, l2s::metrics::corpus_chrf({"a"}, {""}));
  QVERIFY_THROWS_EXCEPTION(l2s::Error, l2s::metrics::sentence_bleu("a", ""));
}

void TestMetrics::sacrebleuCorpusBleu() {
  const json cases = load_cases();
  for (const json& c : cases["cases"]) {
    qInfo("case %s", c["name"].get<std::string>().c_str());
    verify_bleu(l2s::metrics::corpus_bleu(c["hypotheses"].get<std::vector<std::string>>(),
                                            c["references"].get<std::vector<std::string>>()), c["bleu"]);
  }
}

void TestMetrics::sacrebleuLinesWithoutFourgramMatches() {
  const json cases = load_cases();
  for (const json& c : cases["cases"]) {
    const auto hyps = c["hypotheses"].get<std::vector<std::string>>();
    const auto refs = c["references"].get<std::vector<std::string>>();
    const auto expected = c["lines_with_zero_4gram_matches"].get<std::set<std::size_t>>();
    for (std::size_t i = 0; i < hyps.size(); ++i) {
      const bool no_match = l2s::metrics::sentence_bleu(hyps[i], refs[i]).counts[3] == 0;
      QVERIFY2(no_match == (expected.count(i) > 0), qPrintable(QString::fromStdString(hyps[i])));
    }
  }
}

void TestMetrics::sacrebleuSentenceBleu() {
  const json cases = load_cases();
  for (const json& example : cases["sentence_bleu_examples"]) {
    verify_bleu(l2s::metrics::sentence_bleu(example["hypothesis"].get<std::string>(),
                                             example["reference"].get<std::string>()), example);
  }
}

void TestMetrics::sacrebleuCorpusChrf() {
  const json cases = load_cases();
  for (const json& c : cases["cases"]) {
    qInfo("case %s", c["name"].get<std::string>().c_str());
    const ChrfScore s = l2s::metrics::corpus_chrf(c["hypotheses"].get<std::vector<std::string>>(),
                                                        c["references"].get<std::vector<std::string>>());
    const json& expected = c["chrf"];
    QVERIFY2(near(s.score, expected["score"].get<double>()), qPrintable(QString::number(s.score, 'g', 17)));
    for (int n = 0; n < 6; ++n) {
      const json& order = expected["stats_per_order"][n];
      QCOMPARE(s.orders[n].hyp, order[0].get<int64_t>());
      QCOMPARE(s.orders[n].ref, order[1].get<int64_t>());
      QCOMPARE(s.orders[n].matches, order[2].get<int64_t>());
    }
    QCOMPARE(s.signature(), expected["signature"].get<std::string>());
    QCOMPARE(s.format(), expected["formatted"].get<std::string>());
  }
}

namespace {

std::vector<std::string> names_of(const l2s::metrics::TaskMetrics& task) {
  std::vector<std::string> names;
  for (const auto& metric : task.metrics) names.push_back(metric.name);
  return names;
}

}  // namespace

void TestMetrics::registryNamesEachTasksMetrics() {
  const auto& translate = l2s::metrics::task_metrics("translate");
  QCOMPARE(names_of(translate), (std::vector<std::string>{"bleu", "chrf"}));
  QCOMPARE(translate.primary_metric().name, std::string("bleu"));
  const auto& summarize = l2s::metrics::task_metrics("summarize");
  QCOMPARE(names_of(summarize), (std::vector<std::string>{"rouge1", "rouge2", "rougeL"}));
  QCOMPARE(summarize.primary_metric().name, std::string("rougeL"));
  QCOMPARE(summarize.primary_metric().label, std::string("ROUGE-L"));
  QCOMPARE(l2s::metrics::metric_tasks(), (std::vector<std::string>{"translate", "summarize"}));
}

void TestMetrics::registryScoresWithTheMetricsItNames() {
  const std::vector<std::string> hyps = {"the cat sat on a mat", "dogs were running"};
  const std::vector<std::string> refs = {"the cat sat on the mat", "the dog runs"};
  const auto translate = l2s::metrics::score_corpus(l2s::metrics::task_metrics("translate"), hyps, refs);
  QCOMPARE(translate.size(), std::size_t{2});
  QCOMPARE(translate[0].value, l2s::metrics::corpus_bleu(hyps, refs).score);
  QCOMPARE(translate[1].value, l2s::metrics::corpus_chrf(hyps, refs).score);
  const auto summarize = l2s::metrics::score_corpus(l2s::metrics::task_metrics("summarize"), hyps, refs);
  const auto rouge = l2s::metrics::corpus_rouge(hyps, refs);
  QCOMPARE(summarize.size(), std::size_t{3});
  QCOMPARE(l2s::metrics::find_metric(summarize, "rouge1")->value, rouge.rouge1);
  QCOMPARE(l2s::metrics::find_metric(summarize, "rouge2")->value, rouge.rouge2);
  QCOMPARE(l2s::metrics::find_metric(summarize, "rougeL")->value, rouge.rougeL);
  QVERIFY(l2s::metrics::find_metric(summarize, "bleu") == nullptr);
  // Stemming matters here: "running" and "runs" both stem to "run".
  QVERIFY(rouge.rouge1 > l2s::metrics::corpus_rouge(hyps, refs, {false}).rouge1);
}

void TestMetrics::registryRefusesUnknownTasks() {
  QVERIFY(!l2s::metrics::has_task_metrics("custom"));
  l2s::testing::expect_error([] { l2s::metrics::task_metrics("custom"); }, "\"custom\"");
  l2s::testing::expect_error([] { l2s::metrics::task_metrics("custom"); }, "translate, summarize");
}

QTEST_APPLESS_MAIN(TestMetrics)
#include "test_metrics.moc"

#include "ui/pack_figures.h"

#include <QCoreApplication>

#include "ui/format.h"

namespace l2s::studio {
namespace {

QString tr(const char* text) { return QCoreApplication::translate("l2s::studio::PackFigures", text); }

// The headline score of a mode, if the pack has it.
bool headlineScore(const l2s::PackBenchmark& benchmark, const l2s::ModeBenchmark& mode, double* score) {
  const auto it = mode.scores.find(benchmark.metric);
  if (benchmark.metric.empty() || it == mode.scores.end()) return false;
  *score = it->second;
  return true;
}

QString number(double value) { return QString::number(value, 'f', 1); }

}  // namespace

QString scoreName(const std::string& key) {
  const QString name = QString::fromStdString(key);
  if (name.compare(QLatin1String("bleu"), Qt::CaseInsensitive) == 0) return QStringLiteral("BLEU");
  if (name.compare(QLatin1String("chrf"), Qt::CaseInsensitive) == 0) return QStringLiteral("chrF");
  if (name.startsWith(QLatin1String("rouge"), Qt::CaseInsensitive))
    return QStringLiteral("ROUGE-") + name.mid(5).toUpper();
  return name;
}

QString referenceLine(const l2s::PackBenchmark& benchmark, const QString& mode) {
  const l2s::ModeBenchmark* figures = benchmark.find(mode.toStdString());
  if (!figures) return QString();
  QStringList parts;
  double score = 0;
  if (headlineScore(benchmark, *figures, &score))
    parts << QStringLiteral("%1 %2").arg(scoreName(benchmark.metric), number(score));
  if (figures->tokens_per_second > 0) parts << formatRate(figures->tokens_per_second);
  return parts.isEmpty() ? QString() : tr("Benchmark: %1").arg(parts.join(QStringLiteral(" · ")));
}

QString referenceSource(const l2s::PackBenchmark& benchmark) {
  if (benchmark.empty()) return QString();
  QString source = tr("The pack's own benchmark");
  if (!benchmark.test_set.empty()) source += tr(", on %1").arg(QString::fromStdString(benchmark.test_set));
  if (!benchmark.setup.empty()) source += tr(": %1").arg(QString::fromStdString(benchmark.setup));
  return source + QLatin1Char('.');
}

double benchmarkSpeedup(const l2s::PackBenchmark& benchmark, const std::string& mode, const std::string& baseline) {
  const l2s::ModeBenchmark* llm = benchmark.find(baseline);
  const l2s::ModeBenchmark* l2s = benchmark.find(mode);
  if (!llm || !l2s || llm->tokens_per_second <= 0 || l2s->tokens_per_second <= 0) return 0;
  return l2s->tokens_per_second / llm->tokens_per_second;
}

QString whyNotTheSmallModelAlone(const l2s::PackBenchmark& benchmark, const std::string& guided,
                                 const std::string& slmMode) {
  const l2s::ModeBenchmark* slm = benchmark.find(slmMode);
  const l2s::ModeBenchmark* l2s = benchmark.find(guided);
  double slmScore = 0, l2sScore = 0;
  if (!slm || !l2s || !headlineScore(benchmark, *slm, &slmScore) || !headlineScore(benchmark, *l2s, &l2sScore) ||
      slmScore >= l2sScore)
    return QString();
  QString speed;
  if (slm->tokens_per_second > 0 && l2s->tokens_per_second > 0) {
    const double ratio = slm->tokens_per_second / l2s->tokens_per_second;
    speed = ratio < 1.25 ? tr("It is about as fast") : tr("It is %1 as fast").arg(formatSpeedup(ratio));
    speed += tr(" (%1 against %2)").arg(formatRate(slm->tokens_per_second), formatRate(l2s->tokens_per_second));
    speed += tr(", but");
  } else {
    speed = tr("It");
  }
  return tr("Why not the SLM alone? %1 scores %2 %3 lower (%4 against %5): the LLM's reading of the input is "
            "what keeps the quality.")
      .arg(speed, number(l2sScore - slmScore), scoreName(benchmark.metric), number(slmScore), number(l2sScore));
}

}  // namespace l2s::studio

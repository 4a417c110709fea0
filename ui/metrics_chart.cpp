#include "ui/metrics_chart.h"

#include <QChart>
#include <QLineSeries>
#include <QValueAxis>
#include <cmath>

namespace l2s::studio {
namespace {

constexpr double kMinTimeRangeMs = 100;
constexpr qint64 kMinTokenRange = 8;

// The next "round" axis end above value: 1, 2 or 5 times a power of ten.
double roundUp(double value) {
  if (value <= 0) return 1;
  const double magnitude = std::pow(10.0, std::floor(std::log10(value)));
  for (double step : {1.0, 2.0, 5.0, 10.0})
    if (value <= step * magnitude) return step * magnitude;
  return 10 * magnitude;
}

}  // namespace

QColor modeColor(l2s::Mode mode) {
  switch (mode) {
    case l2s::Mode::Llm: return QColor(0x8e, 0x44, 0xad);  // violet
    case l2s::Mode::L2s: return QColor(0x16, 0xa0, 0x85);  // teal
    case l2s::Mode::Slm: return QColor(0xd3, 0x84, 0x00);  // amber
  }
  return Qt::gray;
}

MetricsChart::MetricsChart(QWidget* parent) : QChartView(parent), chart_(new QChart) {
  setObjectName(QStringLiteral("metricsChart"));
  chart_->setTitle(tr("Tokens generated over time"));
  chart_->legend()->setAlignment(Qt::AlignBottom);
  chart_->setMargins(QMargins(4, 4, 4, 4));
  timeAxis_ = new QValueAxis(chart_);
  timeAxis_->setTitleText(tr("ms since the run started"));
  timeAxis_->setLabelFormat(QStringLiteral("%d"));
  tokenAxis_ = new QValueAxis(chart_);
  tokenAxis_->setTitleText(tr("tokens"));
  tokenAxis_->setLabelFormat(QStringLiteral("%d"));
  chart_->addAxis(timeAxis_, Qt::AlignBottom);
  chart_->addAxis(tokenAxis_, Qt::AlignLeft);
  setChart(chart_);  // the view owns the chart
  setRenderHint(QPainter::Antialiasing);
  setMinimumHeight(180);
  reset({});
}

void MetricsChart::reset(const QVector<l2s::Mode>& modes) {
  chart_->removeAllSeries();  // deletes them
  series_.clear();
  for (l2s::Mode mode : modes) {
    auto* series = new QLineSeries;
    series->setName(modeTitle(mode));
    QPen pen(modeColor(mode));
    pen.setWidthF(2.0);
    series->setPen(pen);
    chart_->addSeries(series);
    series->attachAxis(timeAxis_);
    series->attachAxis(tokenAxis_);
    series_.insert(static_cast<int>(mode), series);
  }
  maxMs_ = 0;
  maxTokens_ = 0;
  timeAxis_->setRange(0, kMinTimeRangeMs);
  tokenAxis_->setRange(0, kMinTokenRange);
}

void MetricsChart::addPoint(l2s::Mode mode, double elapsedMs, qint64 tokens) {
  QLineSeries* series = series_.value(static_cast<int>(mode));
  if (!series || !std::isfinite(elapsedMs)) return;
  series->append(elapsedMs, static_cast<double>(tokens));
  growAxes(elapsedMs, tokens);
}

int MetricsChart::pointCount(l2s::Mode mode) const {
  const QLineSeries* series = series_.value(static_cast<int>(mode));
  return series ? static_cast<int>(series->count()) : 0;
}

void MetricsChart::growAxes(double elapsedMs, qint64 tokens) {
  if (elapsedMs > maxMs_) {
    maxMs_ = elapsedMs;
    if (maxMs_ > timeAxis_->max()) timeAxis_->setRange(0, std::max(kMinTimeRangeMs, roundUp(maxMs_ * 1.05)));
  }
  if (tokens > maxTokens_) {
    maxTokens_ = tokens;
    if (static_cast<double>(maxTokens_) > tokenAxis_->max())
      tokenAxis_->setRange(0, std::max<double>(kMinTokenRange, roundUp(static_cast<double>(maxTokens_) * 1.05)));
  }
}

}  // namespace l2s::studio

#include "ui/metrics_chart.h"

#include <QChart>
#include <QLineSeries>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

namespace l2s::studio {
namespace {

constexpr double kMinTimeRangeMs = 100;
constexpr qint64 kMinTokenRange = 10;
constexpr int kFrameMs = 33;
constexpr double kHeadroom = 1.05;  // a margin past the last point: no line ends on the frame

// Ticks every 1, 2, 2.5 or 5 times a power of ten, at most five of them to
// the data, and the axis ending at the first tick past it: the plot uses its
// width and the ticks fall on round values.
void fitAxis(QValueAxis* axis, double value, double minimumEnd) {
  value = std::max(value * kHeadroom, minimumEnd);
  const double rough = value / 5;
  const double magnitude = std::pow(10.0, std::floor(std::log10(rough)));
  double step = 10 * magnitude;
  for (double multiple : {1.0, 2.0, 2.5, 5.0})
    if (rough <= multiple * magnitude) {
      step = multiple * magnitude;
      break;
    }
  axis->setRange(0, std::ceil(value / step) * step);
  axis->setTickType(QValueAxis::TicksDynamic);
  axis->setTickAnchor(0);
  axis->setTickInterval(step);
}

}  // namespace

QColor modeColor(const ModeItem& mode) {
  QColor color = Qt::gray;
  switch (mode.kind) {
    case l2s::ModeKind::Llm: color = QColor(0x8e, 0x44, 0xad); break;       // violet
    case l2s::ModeKind::L2s: color = QColor(0x16, 0xa0, 0x85); break;       // teal
    case l2s::ModeKind::Slm: color = QColor(0xd3, 0x84, 0x00); break;       // amber
    case l2s::ModeKind::Verified: color = QColor(0x29, 0x80, 0xb9); break;  // blue
  }
  // 100% for the first, then 160%, 220%, ... darker, with the hue shifted a little: lines stay apart.
  if (mode.ordinal > 0) {
    color = color.darker(100 + 60 * std::min(mode.ordinal, 3));
    color.setHsv((color.hsvHue() + 25 * mode.ordinal) % 360, color.hsvSaturation(), color.value());
  }
  return color;
}

MetricsChart::MetricsChart(QWidget* parent) : QChartView(parent), chart_(new QChart) {
  setObjectName(QStringLiteral("metricsChart"));
  // No title: the axes say what is drawn, and the plot gets the height.
  chart_->legend()->setAlignment(Qt::AlignTop);
  chart_->setMargins(QMargins(2, 2, 6, 2));
  timeAxis_ = new QValueAxis(chart_);
  timeAxis_->setTitleText(tr("ms since the run started"));
  timeAxis_->setLabelFormat(QStringLiteral("%d"));
  tokenAxis_ = new QValueAxis(chart_);
  tokenAxis_->setTitleText(tr("tokens generated"));
  tokenAxis_->setLabelFormat(QStringLiteral("%d"));
  chart_->addAxis(timeAxis_, Qt::AlignBottom);
  chart_->addAxis(tokenAxis_, Qt::AlignLeft);
  setChart(chart_);  // the view owns the chart
  setRenderHint(QPainter::Antialiasing);
  setMinimumHeight(160);
  frame_.setInterval(kFrameMs);
  frame_.setSingleShot(true);
  connect(&frame_, &QTimer::timeout, this, &MetricsChart::flushPendingPoints);
  reset({});
}

void MetricsChart::reset(const QVector<ModeItem>& modes) {
  frame_.stop();
  pending_.clear();
  chart_->removeAllSeries();  // deletes them
  series_.clear();
  for (const ModeItem& mode : modes) {
    auto* series = new QLineSeries;
    series->setName(mode.title);
    QPen pen(modeColor(mode));
    pen.setWidthF(2.0);
    series->setPen(pen);
    chart_->addSeries(series);
    series->attachAxis(timeAxis_);
    series->attachAxis(tokenAxis_);
    series_.insert(mode.name, series);
  }
  maxMs_ = 0;
  maxTokens_ = 0;
  fitAxis(timeAxis_, 0, kMinTimeRangeMs);
  fitAxis(tokenAxis_, 0, kMinTokenRange);
}

void MetricsChart::addPoint(const QString& mode, double elapsedMs, qint64 tokens) {
  if (!series_.contains(mode) || !std::isfinite(elapsedMs)) return;
  pending_[mode].append(QPointF(elapsedMs, static_cast<double>(tokens)));
  if (!frame_.isActive()) frame_.start();
}

void MetricsChart::flushPendingPoints() {
  for (auto it = pending_.cbegin(); it != pending_.cend(); ++it) {
    if (it.value().isEmpty()) continue;
    series_.value(it.key())->append(it.value());
    for (const QPointF& point : it.value()) growAxes(point.x(), static_cast<qint64>(point.y()));
  }
  pending_.clear();
}

int MetricsChart::pointCount(const QString& mode) const {
  const QLineSeries* series = series_.value(mode);
  return series ? static_cast<int>(series->count() + pending_.value(mode).size()) : 0;
}

QStringList MetricsChart::lineNames() const {
  QStringList names;
  for (const QAbstractSeries* series : chart_->series()) names << series->name();
  return names;
}

void MetricsChart::growAxes(double elapsedMs, qint64 tokens) {
  if (elapsedMs > maxMs_) {
    maxMs_ = elapsedMs;
    if (maxMs_ * kHeadroom > timeAxis_->max()) fitAxis(timeAxis_, maxMs_, kMinTimeRangeMs);
  }
  if (tokens > maxTokens_) {
    maxTokens_ = tokens;
    if (static_cast<double>(maxTokens_) * kHeadroom > tokenAxis_->max())
      fitAxis(tokenAxis_, static_cast<double>(maxTokens_), kMinTokenRange);
  }
}

}  // namespace l2s::studio

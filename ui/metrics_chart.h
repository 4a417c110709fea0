#pragma once
// Tokens generated over time, one line per mode, drawn live. Time counts from
// each run's own start, so runs made one after the other compare directly.
#include <QChartView>
#include <QHash>
#include <QList>
#include <QPointF>
#include <QTimer>

#include "ui/engine_types.h"

class QLineSeries;
class QValueAxis;

namespace l2s::studio {

class MetricsChart : public QChartView {
  Q_OBJECT

 public:
  explicit MetricsChart(QWidget* parent = nullptr);

  // Removes every line and shows one (empty) line per mode, in this order.
  void reset(const QVector<ModeItem>& modes);
  void addPoint(const QString& mode, double elapsedMs, qint64 tokens);
  int pointCount(const QString& mode) const;
  QStringList lineNames() const;  // the legend, in order

 private:
  void flushPendingPoints();
  void growAxes(double elapsedMs, qint64 tokens);

  QChart* chart_;
  QValueAxis* timeAxis_;
  QValueAxis* tokenAxis_;
  QHash<QString, QLineSeries*> series_;  // by mode name
  // Points are drawn at most once a frame, as the panes' text is.
  QHash<QString, QList<QPointF>> pending_;
  QTimer frame_;
  double maxMs_ = 0;
  qint64 maxTokens_ = 0;
};

// The colour each mode is drawn in, wherever it appears: one hue per kind,
// a second mode of a kind in a darker shade of it.
QColor modeColor(const ModeItem& mode);

}  // namespace l2s::studio

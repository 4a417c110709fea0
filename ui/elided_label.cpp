#include "ui/elided_label.h"

#include <QEvent>
#include <QFontMetrics>

namespace l2s::studio {

ElidedLabel::ElidedLabel(QWidget* parent) : ElidedLabel(QString(), parent) {}

ElidedLabel::ElidedLabel(const QString& text, QWidget* parent) : QLabel(parent) {
  setTextFormat(Qt::PlainText);
  setWordWrap(false);
  setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  setFullText(text);
}

void ElidedLabel::setFullText(const QString& text) {
  if (text == fullText_ && !text.isEmpty()) return;
  fullText_ = text;
  updateGeometry();
  elide();
}

void ElidedLabel::setExplanation(const QString& tooltip) {
  explanation_ = tooltip;
  elide();
}

QSize ElidedLabel::minimumSizeHint() const {
  const QFontMetrics metrics(font());
  return {metrics.horizontalAdvance(QStringLiteral("xxx…")), QLabel::minimumSizeHint().height()};
}

QSize ElidedLabel::sizeHint() const {
  const QFontMetrics metrics(font());
  const QMargins margins = contentsMargins();
  // A pixel to spare: text widths are fractional, and eliding rounds.
  return {metrics.horizontalAdvance(fullText_) + margins.left() + margins.right() + 2 * margin() + 2,
          QLabel::sizeHint().height()};
}

void ElidedLabel::resizeEvent(QResizeEvent* event) {
  QLabel::resizeEvent(event);
  elide();
}

void ElidedLabel::changeEvent(QEvent* event) {
  QLabel::changeEvent(event);
  if (event->type() == QEvent::FontChange) elide();
}

void ElidedLabel::elide() {
  const int width = contentsRect().width() - 2 * margin();
  const QString shown = QFontMetrics(font()).elidedText(fullText_, Qt::ElideRight, std::max(width, 0));
  if (shown != text()) QLabel::setText(shown);
  setToolTip(!explanation_.isEmpty() ? explanation_ : shown != fullText_ ? fullText_ : QString());
}

}  // namespace l2s::studio

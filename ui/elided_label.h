#pragma once
// A one-line label that never widens its layout: text that does not fit ends
// in "…", and the whole text shows as its tooltip. Its minimum width is a few
// characters, so windows stay as narrow as their other contents allow.
#include <QLabel>

namespace l2s::studio {

class ElidedLabel : public QLabel {
  Q_OBJECT

 public:
  explicit ElidedLabel(QWidget* parent = nullptr);
  explicit ElidedLabel(const QString& text, QWidget* parent = nullptr);

  void setFullText(const QString& text);
  QString fullText() const { return fullText_; }
  bool isElided() const { return text() != fullText_; }
  // An explanation shown as the tooltip instead of the full text.
  void setExplanation(const QString& tooltip);

  QSize minimumSizeHint() const override;
  QSize sizeHint() const override;

 protected:
  void resizeEvent(QResizeEvent* event) override;
  void changeEvent(QEvent* event) override;

 private:
  void elide();

  QString fullText_;
  QString explanation_;
};

}  // namespace l2s::studio

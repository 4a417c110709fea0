#pragma once
// Help › Studio guide: docs/studio.md, built into the program so that it is
// there wherever the studio runs.
#include <QDialog>

class QTextBrowser;

namespace l2s::studio {

class GuideDialog : public QDialog {
  Q_OBJECT

 public:
  explicit GuideDialog(QWidget* parent = nullptr);
  QString guideText() const;

  // The guide as Markdown, without its pictures (they are not built in).
  static QString guideMarkdown();

 private:
  QTextBrowser* browser_;
};

}  // namespace l2s::studio

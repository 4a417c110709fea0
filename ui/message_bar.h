#pragma once
// A dismissable banner above the workspace for errors and notices: it never
// blocks the window the way a modal dialog would.
#include <QFrame>

class QLabel;

namespace l2s::studio {

class MessageBar : public QFrame {
  Q_OBJECT

 public:
  explicit MessageBar(QWidget* parent = nullptr);

  void showError(const QString& title, const QString& details);
  void showNotice(const QString& text);
  QString text() const;  // as shown, title and details
  bool isError() const { return error_; }

 private:
  void present(const QString& html, bool error);

  QLabel* label_;
  bool error_ = false;
};

}  // namespace l2s::studio

#pragma once
// Help > About: what the studio is, its version, and what it is built on.
#include <QDialog>

namespace l2s::studio {

class AboutDialog : public QDialog {
  Q_OBJECT

 public:
  explicit AboutDialog(QWidget* parent = nullptr);
};

}  // namespace l2s::studio

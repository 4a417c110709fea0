#pragma once
// What the window shows while no pack is open: how to open one, or that one
// is loading.
#include <QWidget>

class QLabel;
class QPushButton;

namespace l2s::studio {

class EmptyState : public QWidget {
  Q_OBJECT

 public:
  explicit EmptyState(QWidget* parent = nullptr);

  void showWelcome();
  void showLoading(const QString& what);

 signals:
  void openPackRequested();
  void openModelsRequested();

 private:
  QLabel* title_;
  QLabel* text_;
  QPushButton* openPack_;
  QPushButton* openModels_;
};

}  // namespace l2s::studio

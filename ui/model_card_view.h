#pragma once
// The open pack at a glance: name, languages, licence, model sizes, folders,
// and its model card (Markdown).
#include <QWidget>

#include "ui/engine_types.h"

class QLabel;
class QTextBrowser;

namespace l2s::studio {

class ModelCardView : public QWidget {
  Q_OBJECT

 public:
  explicit ModelCardView(QWidget* parent = nullptr);

  void showPack(const PackSummary& pack);
  void showNothing();
  QString cardText() const;  // the model card as plain text

 private:
  QLabel* summary_;
  QTextBrowser* card_;
};

}  // namespace l2s::studio

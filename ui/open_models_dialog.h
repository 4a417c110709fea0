#pragma once
// Asks for the folders of a pack without pack.json: the LLM, the SLM trained
// with the projector, the projector, and optionally the SLM baseline.
#include <QDialog>

#include "ui/engine_types.h"

class QFormLayout;
class QLabel;
class QLineEdit;

namespace l2s::studio {

class OpenModelsDialog : public QDialog {
  Q_OBJECT

 public:
  explicit OpenModelsDialog(const ModelFolders& initial, QWidget* parent = nullptr);

  ModelFolders folders() const;
  // Empty when the folders can be opened, else what is wrong with them.
  static QString problemWith(const ModelFolders& folders);

  void accept() override;

 private:
  QLineEdit* addFolderRow(QFormLayout* form, const QString& label, const QString& value, bool optional);

  QLineEdit* llm_;
  QLineEdit* slm_;
  QLineEdit* projector_;
  QLineEdit* baseline_;
  QLabel* problem_;
};

}  // namespace l2s::studio

#include "ui/open_models_dialog.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace l2s::studio {

OpenModelsDialog::OpenModelsDialog(const ModelFolders& initial, QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("Open model folders"));
  auto* intro = new QLabel(tr("Hugging Face T5 folders (config.json, model.safetensors, spiece.model) and the "
                              "projector trained between them."),
                           this);
  intro->setWordWrap(true);
  auto* form = new QFormLayout;
  llm_ = addFolderRow(form, tr("LLM"), initial.llm, false);
  slm_ = addFolderRow(form, tr("SLM"), initial.slm, false);
  projector_ = addFolderRow(form, tr("Projector"), initial.projector, false);
  baseline_ = addFolderRow(form, tr("SLM baseline"), initial.baseline, true);
  problem_ = new QLabel(this);
  problem_->setObjectName(QStringLiteral("problem"));
  problem_->setWordWrap(true);
  problem_->setStyleSheet(QStringLiteral("color: #b3261e;"));
  problem_->hide();
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Open | QDialogButtonBox::Cancel, this);
  connect(buttons, &QDialogButtonBox::accepted, this, &OpenModelsDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &OpenModelsDialog::reject);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(intro);
  layout->addLayout(form);
  layout->addWidget(problem_);
  layout->addWidget(buttons);
  resize(640, sizeHint().height());
}

QLineEdit* OpenModelsDialog::addFolderRow(QFormLayout* form, const QString& label, const QString& value,
                                          bool optional) {
  auto* edit = new QLineEdit(value, this);
  edit->setPlaceholderText(optional ? tr("optional: the SLM trained alone") : tr("required"));
  edit->setClearButtonEnabled(true);
  auto* browse = new QPushButton(tr("Browse…"), this);
  connect(browse, &QPushButton::clicked, this, [this, edit, label] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Choose the %1 folder").arg(label), edit->text());
    if (!dir.isEmpty()) edit->setText(QDir::toNativeSeparators(dir));
  });
  auto* row = new QHBoxLayout;
  row->addWidget(edit, 1);
  row->addWidget(browse);
  form->addRow(label, row);
  return edit;
}

ModelFolders OpenModelsDialog::folders() const {
  return {llm_->text().trimmed(), slm_->text().trimmed(), projector_->text().trimmed(), baseline_->text().trimmed()};
}

QString OpenModelsDialog::problemWith(const ModelFolders& folders) {
  const std::pair<QString, QString> required[] = {
      {tr("LLM"), folders.llm}, {tr("SLM"), folders.slm}, {tr("projector"), folders.projector}};
  for (const auto& [name, path] : required) {
    if (path.isEmpty()) return tr("Choose the %1 folder.").arg(name);
    if (!QFileInfo(path).isDir()) return tr("The %1 folder “%2” does not exist.").arg(name, path);
  }
  if (!folders.baseline.isEmpty() && !QFileInfo(folders.baseline).isDir())
    return tr("The SLM baseline folder “%1” does not exist (leave it empty if there is none).").arg(folders.baseline);
  return {};
}

void OpenModelsDialog::accept() {
  const QString problem = problemWith(folders());
  problem_->setText(problem);
  problem_->setVisible(!problem.isEmpty());
  if (problem.isEmpty()) QDialog::accept();
}

}  // namespace l2s::studio

#include "ui/empty_state.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include "ui/app_icon.h"

namespace l2s::studio {

EmptyState::EmptyState(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("emptyState"));
  auto* icon = new QLabel(this);
  icon->setPixmap(appIcon().pixmap(96, 96));
  icon->setAlignment(Qt::AlignCenter);
  title_ = new QLabel(this);
  QFont titleFont = title_->font();
  titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
  titleFont.setBold(true);
  title_->setFont(titleFont);
  title_->setAlignment(Qt::AlignCenter);
  text_ = new QLabel(this);
  text_->setObjectName(QStringLiteral("emptyStateText"));
  text_->setAlignment(Qt::AlignCenter);
  text_->setWordWrap(true);
  text_->setMaximumWidth(560);
  openPack_ = new QPushButton(tr("Open model pack…"), this);
  openModels_ = new QPushButton(tr("Open model folders…"), this);
  connect(openPack_, &QPushButton::clicked, this, &EmptyState::openPackRequested);
  connect(openModels_, &QPushButton::clicked, this, &EmptyState::openModelsRequested);

  auto* buttons = new QHBoxLayout;
  buttons->addStretch(1);
  buttons->addWidget(openPack_);
  buttons->addWidget(openModels_);
  buttons->addStretch(1);
  auto* layout = new QVBoxLayout(this);
  layout->addStretch(1);
  layout->addWidget(icon);
  layout->addWidget(title_);
  layout->addWidget(text_, 0, Qt::AlignHCenter);
  layout->addSpacing(12);
  layout->addLayout(buttons);
  layout->addStretch(2);
  showWelcome();
}

void EmptyState::showWelcome() {
  title_->setText(tr("No model pack open"));
  text_->setText(tr("Open a model pack folder with Ctrl+O, or an LLM folder, an SLM folder and their projector "
                    "with Ctrl+Shift+O. Then type a prompt and watch LLM only and LLM → SLM answer side by side."));
  openPack_->setVisible(true);
  openModels_->setVisible(true);
}

void EmptyState::showLoading(const QString& what) {
  title_->setText(tr("Loading…"));
  text_->setText(what);
  openPack_->setVisible(false);
  openModels_->setVisible(false);
}

}  // namespace l2s::studio

#include "ui/input_panel.h"

#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QVBoxLayout>

#include "ui/elided_label.h"

namespace l2s::studio {

InputPanel::InputPanel(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("input"));
  setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);  // as wide as a pane, whatever it holds
  auto* title = new QLabel(tr("Input"), this);
  QFont titleFont = title->font();
  titleFont.setBold(true);
  titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
  title->setFont(titleFont);

  editor_ = new QPlainTextEdit(this);
  editor_->setObjectName(QStringLiteral("prompt"));
  editor_->setPlaceholderText(tr("Type or paste text here."));
  // Paragraphs (an abstract to title) wrap at word boundaries and scroll;
  // four lines at least show a good part of one.
  editor_->setLineWrapMode(QPlainTextEdit::WidgetWidth);
  editor_->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
  editor_->setMinimumHeight(QFontMetrics(editor_->font()).lineSpacing() * 4 + 12);
  connect(editor_, &QPlainTextEdit::textChanged, this, &InputPanel::updateExamples);

  examplesBox_ = new QWidget(this);
  auto* examplesTitle = new QLabel(tr("Try one of these, like the pack's training data:"), examplesBox_);
  examplesTitle->setWordWrap(true);
  examplesTitle->setForegroundRole(QPalette::PlaceholderText);
  // One line per example, elided, scrolling if the column is short: it never
  // pushes the token count or the hint out of view.
  examplesList_ = new QListWidget(examplesBox_);
  examplesList_->setObjectName(QStringLiteral("examples"));
  examplesList_->setFrameShape(QFrame::NoFrame);
  examplesList_->setTextElideMode(Qt::ElideRight);
  examplesList_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  examplesList_->setSelectionMode(QAbstractItemView::NoSelection);
  examplesList_->setCursor(Qt::PointingHandCursor);
  examplesList_->viewport()->setAutoFillBackground(false);
  examplesList_->setMinimumHeight(examplesList_->fontMetrics().lineSpacing() + 8);
  connect(examplesList_, &QListWidget::itemClicked, this, [this](QListWidgetItem* item) {
    emit exampleChosen(item->data(Qt::UserRole).toString());
  });
  connect(examplesList_, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
    emit exampleChosen(item->data(Qt::UserRole).toString());
  });
  auto* examplesLayout = new QVBoxLayout(examplesBox_);
  examplesLayout->setContentsMargins(0, 0, 0, 0);
  examplesLayout->setSpacing(2);
  examplesLayout->addWidget(examplesTitle);
  examplesLayout->addWidget(examplesList_, 1);

  tokenCount_ = new QLabel(this);
  tokenCount_->setObjectName(QStringLiteral("tokenCount"));
  tokenCount_->setWordWrap(true);
  notice_ = new QLabel(this);
  notice_->setObjectName(QStringLiteral("inputNotice"));
  notice_->setWordWrap(true);
  notice_->setStyleSheet(QStringLiteral("color: #8a5300;"));
  notice_->hide();
  auto* hint = new ElidedLabel(tr("Ctrl+Enter runs now. Esc stops."), this);
  hint->setForegroundRole(QPalette::PlaceholderText);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(4);
  layout->addWidget(title);
  layout->addWidget(editor_, 1);
  layout->addWidget(examplesBox_, 2);
  layout->addWidget(tokenCount_);
  layout->addWidget(notice_);
  layout->addWidget(hint);
  setTokenCount(QString(), false);
  updateExamples();
}

QString InputPanel::text() const { return editor_->toPlainText(); }

void InputPanel::setExamples(const QStringList& examples) {
  examples_ = examples;
  examplesList_->clear();
  for (const QString& example : examples) {
    auto* item = new QListWidgetItem(QStringLiteral("▸ ") + example, examplesList_);
    item->setData(Qt::UserRole, example);
    item->setToolTip(example);
    item->setForeground(palette().link());
  }
  updateExamples();
}

bool InputPanel::showsExamples() const { return !examplesBox_->isHidden(); }

void InputPanel::setTokenCount(const QString& line, bool problem) {
  tokenCount_->setText(line);
  tokenCount_->setStyleSheet(problem ? QStringLiteral("color: #b3261e; font-weight: bold;") : QString());
  tokenCount_->setForegroundRole(problem ? QPalette::WindowText : QPalette::PlaceholderText);
}

QString InputPanel::tokenCountText() const { return tokenCount_->text(); }

void InputPanel::setNotice(const QString& notice) {
  notice_->setText(notice);
  notice_->setVisible(!notice.isEmpty());
}

QString InputPanel::noticeText() const { return notice_->text(); }

void InputPanel::updateExamples() {
  examplesBox_->setVisible(!examples_.isEmpty() && editor_->toPlainText().trimmed().isEmpty());
}

}  // namespace l2s::studio

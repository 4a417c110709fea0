#include "ui/input_panel.h"

#include <QLabel>
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
  editor_->setMinimumHeight(QFontMetrics(editor_->font()).lineSpacing() * 2 + 12);
  connect(editor_, &QPlainTextEdit::textChanged, this, &InputPanel::updateExamples);

  examplesBox_ = new QWidget(this);
  auto* examplesTitle = new QLabel(tr("Try one of these, like the pack's training data:"), examplesBox_);
  examplesTitle->setWordWrap(true);
  examplesTitle->setForegroundRole(QPalette::PlaceholderText);
  examplesList_ = new QLabel(examplesBox_);
  examplesList_->setObjectName(QStringLiteral("examples"));
  examplesList_->setWordWrap(true);
  examplesList_->setTextFormat(Qt::RichText);
  examplesList_->setTextInteractionFlags(Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
  connect(examplesList_, &QLabel::linkActivated, this, [this](const QString& link) {
    const int index = link.toInt();
    if (index >= 0 && index < examples_.size()) emit exampleChosen(examples_[index]);
  });
  auto* examplesLayout = new QVBoxLayout(examplesBox_);
  examplesLayout->setContentsMargins(0, 0, 0, 0);
  examplesLayout->setSpacing(2);
  examplesLayout->addWidget(examplesTitle);
  examplesLayout->addWidget(examplesList_);

  tokenCount_ = new ElidedLabel(this);
  tokenCount_->setObjectName(QStringLiteral("tokenCount"));
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
  layout->addWidget(examplesBox_);
  layout->addWidget(tokenCount_);
  layout->addWidget(notice_);
  layout->addWidget(hint);
  setTokenCount(QString(), false);
  updateExamples();
}

QString InputPanel::text() const { return editor_->toPlainText(); }

void InputPanel::setExamples(const QStringList& examples) {
  examples_ = examples;
  QString html;
  for (int i = 0; i < examples.size(); ++i)
    html += QStringLiteral("<div style='margin-bottom:3px'>• <a href='%1'>%2</a></div>").arg(i).arg(examples[i].toHtmlEscaped());
  examplesList_->setText(html);
  updateExamples();
}

bool InputPanel::showsExamples() const { return !examplesBox_->isHidden(); }

void InputPanel::setTokenCount(const QString& line, bool problem) {
  tokenCount_->setFullText(line);
  tokenCount_->setStyleSheet(problem ? QStringLiteral("color: #b3261e; font-weight: bold;") : QString());
  tokenCount_->setForegroundRole(problem ? QPalette::WindowText : QPalette::PlaceholderText);
}

QString InputPanel::tokenCountText() const { return tokenCount_->fullText(); }

void InputPanel::setNotice(const QString& notice) {
  notice_->setText(notice);
  notice_->setVisible(!notice.isEmpty());
}

QString InputPanel::noticeText() const { return notice_->text(); }

void InputPanel::updateExamples() {
  examplesBox_->setVisible(!examples_.isEmpty() && editor_->toPlainText().trimmed().isEmpty());
}

}  // namespace l2s::studio

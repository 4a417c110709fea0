#include "ui/message_bar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QTextDocument>
#include <QToolButton>

namespace l2s::studio {

MessageBar::MessageBar(QWidget* parent) : QFrame(parent) {
  setObjectName(QStringLiteral("messageBar"));
  setFrameShape(QFrame::StyledPanel);
  label_ = new QLabel(this);
  label_->setWordWrap(true);
  label_->setTextFormat(Qt::RichText);
  label_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  auto* close = new QToolButton(this);
  close->setText(QStringLiteral("✕"));
  close->setAutoRaise(true);
  close->setToolTip(tr("Dismiss"));
  connect(close, &QToolButton::clicked, this, &QWidget::hide);
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(10, 6, 6, 6);
  layout->addWidget(label_, 1);
  layout->addWidget(close, 0, Qt::AlignTop);
  hide();
}

void MessageBar::showError(const QString& title, const QString& details) {
  present(QStringLiteral("<b>%1</b><br>%2").arg(title.toHtmlEscaped(), details.toHtmlEscaped()), true);
}

void MessageBar::showNotice(const QString& text) { present(text.toHtmlEscaped(), false); }

QString MessageBar::text() const {
  QTextDocument document;
  document.setHtml(label_->text());
  return document.toPlainText();
}

void MessageBar::present(const QString& html, bool error) {
  error_ = error;
  label_->setText(html);
  setStyleSheet(error ? QStringLiteral("#messageBar { background: #fdecea; border: 1px solid #e0a39c; }"
                                       " QLabel { color: #5f2120; }")
                      : QStringLiteral("#messageBar { background: #e8f1fb; border: 1px solid #9fc3e7; }"
                                       " QLabel { color: #123a5f; }"));
  show();
}

}  // namespace l2s::studio

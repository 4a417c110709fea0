#include "ui/guide_dialog.h"

#include <QDialogButtonBox>
#include <QFile>
#include <QRegularExpression>
#include <QScreen>
#include <QTextBrowser>
#include <QVBoxLayout>

#include "ui/app_icon.h"

namespace l2s::studio {

GuideDialog::GuideDialog(QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("LLM-to-SLM Studio guide"));
  browser_ = new QTextBrowser(this);
  browser_->setObjectName(QStringLiteral("guide"));
  browser_->setOpenExternalLinks(true);
  browser_->setMarkdown(guideMarkdown());
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(browser_, 1);
  layout->addWidget(buttons);
  const QSize available = (parent ? parent->screen() : screen())->availableGeometry().size();
  resize(QSize(760, 900).boundedTo(available * 0.9));
}

QString GuideDialog::guideText() const { return browser_->toPlainText(); }

QString GuideDialog::guideMarkdown() {
  initStudioResources();
  QFile file(QStringLiteral(":/docs/studio.md"));
  if (!file.open(QIODevice::ReadOnly)) return tr("The guide is missing from this build.");
  QString markdown = QString::fromUtf8(file.readAll());
  // Pictures, with the italic caption that follows one.
  markdown.remove(QRegularExpression(QStringLiteral("^!\\[[^\\]]*\\]\\([^)]*\\)\\n(\\n\\*[^*]+\\*\\n)?"),
                                     QRegularExpression::MultilineOption));
  return markdown;
}

}  // namespace l2s::studio

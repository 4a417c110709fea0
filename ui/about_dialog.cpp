#include "ui/about_dialog.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

#include "l2s/version.h"
#include "ui/app_icon.h"

namespace l2s::studio {

AboutDialog::AboutDialog(QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("About LLM-to-SLM Studio"));
  auto* icon = new QLabel(this);
  icon->setPixmap(appIcon().pixmap(80, 80));
  auto* text = new QLabel(this);
  text->setTextFormat(Qt::RichText);
  text->setWordWrap(true);
  text->setOpenExternalLinks(true);
  text->setText(
      tr("<h2>LLM-to-SLM Studio %1</h2>"
         "<p>A large model reads the prompt once; a small model writes the answer, token by token. "
         "The studio streams both that and the large model alone, side by side, and measures the difference.</p>"
         "<p><b>Time to first token</b> covers reading the prompt and the first decoding step; "
         "<b>speed</b> is decoding only, in generated tokens per second. The speedup compares decoding time per "
         "token of LLM → SLM and LLM only.</p>"
         "<p>Built with Qt %2 and libtorch.</p>")
          .arg(QStringLiteral(L2S_VERSION), QString::fromLatin1(qVersion())));
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  auto* top = new QHBoxLayout;
  top->addWidget(icon, 0, Qt::AlignTop);
  top->addWidget(text, 1);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(top);
  layout->addWidget(buttons);
  setMinimumWidth(480);
}

}  // namespace l2s::studio

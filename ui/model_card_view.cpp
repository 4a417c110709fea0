#include "ui/model_card_view.h"

#include <QLabel>
#include <QTextBrowser>
#include <QVBoxLayout>

#include "ui/format.h"

namespace l2s::studio {

ModelCardView::ModelCardView(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("modelCard"));
  summary_ = new QLabel(this);
  summary_->setWordWrap(true);
  summary_->setTextFormat(Qt::RichText);
  summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  card_ = new QTextBrowser(this);
  card_->setOpenExternalLinks(true);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(summary_);
  layout->addWidget(card_, 1);
  showNothing();
}

void ModelCardView::showPack(const PackSummary& pack) {
  auto row = [](const QString& name, const QString& value) {
    return value.isEmpty() ? QString() : QStringLiteral("<tr><td><i>%1</i>&nbsp;</td><td>%2</td></tr>").arg(name, value.toHtmlEscaped());
  };
  QString html = QStringLiteral("<h3>%1</h3>").arg(pack.name.toHtmlEscaped());
  if (!pack.description.isEmpty()) html += QStringLiteral("<p>%1</p>").arg(pack.description.toHtmlEscaped());
  html += QStringLiteral("<table>");
  html += row(tr("Languages"), pack.languages.join(QStringLiteral(", ")));
  html += row(tr("Licence"), pack.license);
  for (const ModeItem& mode : pack.modes) {
    const QString parameters = formatParameters(mode.parameters);
    const QString parts = mode.kind == l2s::ModeKind::L2s        ? tr(" (LLM encoder, projector, SLM)")
                          : mode.kind == l2s::ModeKind::Verified ? tr(" (LLM, projector, SLM)")
                                                                 : QString();
    html += row(mode.title, tr("%1 parameters%2").arg(parameters, parts));
  }
  html += row(tr("Folder"), pack.isPack() ? pack.dir : tr("model folders (no pack.json)"));
  html += row(tr("Loaded in"), formatDuration(pack.loadMs));
  html += QStringLiteral("</table>");
  summary_->setText(html);
  if (pack.modelCard.trimmed().isEmpty())
    card_->setPlainText(pack.isPack() ? tr("This pack has no model card.")
                                      : tr("Model folders carry no model card:\nLLM: %1\nSLM: %2\nProjector: %3%4")
                                            .arg(pack.folders.llm, pack.folders.slm, pack.folders.projector,
                                                 pack.folders.baseline.isEmpty()
                                                     ? QString()
                                                     : tr("\nSLM baseline: %1").arg(pack.folders.baseline)));
  else
    card_->setMarkdown(pack.modelCard);
}

void ModelCardView::showNothing() {
  summary_->setText(tr("<i>No pack open.</i>"));
  card_->clear();
}

QString ModelCardView::cardText() const { return card_->toPlainText(); }

}  // namespace l2s::studio

// The main window on common screens, driven as a user would: ctest runs this
// on offscreen screens of 1366×768, 1280×720, 1920×1080 at 150% and 2560×1440
// at 200% (QT_SCALE_FACTOR), so every check below holds on each. The window opens
// inside the screen, its minimum size fits it and never grows after a run,
// nothing is cut at the minimum size (with three panes and with all four, the
// verified one included), columns keep their widths, the chart gets the height
// the panes do not need, and a saved geometry too large for the screen is not
// restored.
#include <QAbstractButton>
#include <QLabel>
#include <QScreen>
#include <QSignalSpy>
#include <QSplitter>
#include <QTemporaryDir>
#include <QtTest>

#include "tiny_pack.h"
#include "ui/elided_label.h"
#include "ui/main_window.h"
#include "ui/metrics_chart.h"
#include "ui/output_pane.h"
#include "ui/window_geometry.h"

using namespace l2s::studio;
// The tiny pack's modes.
const QString kLlm = QStringLiteral("llm"), kL2s = QStringLiteral("l2s"), kSlm = QStringLiteral("slm"),
              kVerified = QStringLiteral("verified");

namespace {

constexpr int kTimeoutMs = 60000;

QString describe(const QSize& size) { return QStringLiteral("%1×%2").arg(size.width()).arg(size.height()); }

// Widgets whose text shows cut: a label or button narrower than its text needs.
// Labels that wrap or elide are fine at any width.
QStringList cutWidgets(QWidget* window) {
  QStringList cut;
  for (QLabel* label : window->findChildren<QLabel*>()) {
    if (!label->isVisibleTo(window) || label->wordWrap() || qobject_cast<ElidedLabel*>(label) ||
        label->text().isEmpty() || !label->pixmap().isNull())
      continue;
    if (label->width() < label->minimumSizeHint().width())
      cut << QStringLiteral("label “%1”: %2 px of %3").arg(label->text()).arg(label->width()).arg(label->minimumSizeHint().width());
  }
  for (QAbstractButton* button : window->findChildren<QAbstractButton*>()) {
    if (!button->isVisibleTo(window) || button->text().isEmpty()) continue;
    if (button->width() < button->minimumSizeHint().width())
      cut << QStringLiteral("button “%1”: %2 px of %3").arg(button->text()).arg(button->width()).arg(button->minimumSizeHint().width());
  }
  return cut;
}

// The input's and the shown panes' widths.
QList<int> paneWidths(MainWindow& window) {
  auto* splitter = window.findChild<QSplitter*>(QStringLiteral("paneSplitter"));
  QList<int> widths;
  for (int i = 0; i < splitter->count(); ++i)
    if (!splitter->widget(i)->isHidden()) widths << splitter->sizes().at(i);
  return widths;
}

// No text cut, every shown pane's title whole, and the columns as wide as each other.
void checkNothingCut(MainWindow& window) {
  const QStringList cut = cutWidgets(&window);
  QVERIFY2(cut.isEmpty(), qPrintable(cut.join(QStringLiteral("; "))));
  for (OutputPane* pane : window.panes()) {
    if (pane->isHidden()) continue;
    // The title whole (wrapped if need be), beside the Copy button rather than under it.
    auto* title = pane->findChild<QLabel*>(QStringLiteral("title"));
    auto* copy = pane->findChild<QAbstractButton*>(QStringLiteral("copy"));
    QCOMPARE(title->text(), pane->title());
    QVERIFY2(title->height() >= title->heightForWidth(title->width()),
             qPrintable(QStringLiteral("“%1”: %2 px high of %3")
                            .arg(pane->title())
                            .arg(title->height())
                            .arg(title->heightForWidth(title->width()))));
    QVERIFY2(title->geometry().right() < copy->geometry().left(),
             qPrintable(QStringLiteral("“%1” ends at %2 px, Copy starts at %3 px")
                            .arg(pane->title())
                            .arg(title->geometry().right())
                            .arg(copy->geometry().left())));
  }
  const QList<int> columns = paneWidths(window);
  for (int width : columns)
    QVERIFY2(std::abs(width - columns.first()) <= 2,
             qPrintable(QStringLiteral("%1 px against %2 px").arg(width).arg(columns.first())));
}

}  // namespace

class TestStudioLayout : public QObject {
  Q_OBJECT

  QTemporaryDir temp_;
  QString pack_;
  QRect available_;

  std::unique_ptr<StudioSettings> freshSettings(const QString& name) {
    auto settings = std::make_unique<StudioSettings>(temp_.filePath(name + QStringLiteral(".ini")));
    settings->setThreads(1);
    settings->setTimingRuns(1);
    settings->setDebounceMs(30);
    return settings;
  }

 private slots:
  void initTestCase() {
    QVERIFY(temp_.isValid());
    pack_ = QString::fromStdString(l2s::testing::make_tiny_pack(temp_.filePath("pack").toStdString(), true));
    available_ = QGuiApplication::primaryScreen()->availableGeometry();
    qInfo("screen: %s logical pixels", qPrintable(describe(available_.size())));
    // The screens this test is meant for: 1280×720 and 1366×768 in logical pixels.
    QVERIFY(available_.width() <= 1366 && available_.height() <= 768);
  }

  void theWindowFitsTheScreenAndNeverOutgrowsIt() {
    auto settings = freshSettings(QStringLiteral("fits"));
    DecodingSettings longAnswers;
    longAnswers.maxNewTokens = 120;  // long answers, "(max)" tokens, long state labels
    settings->setDecoding(longAnswers);
    MainWindow window(*settings);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    // The first window: inside the screen, at least the minimum size.
    QVERIFY2(fitsOn(window.frameGeometry(), available_), qPrintable(describe(window.frameGeometry().size())));
    QCOMPARE(window.minimumSize(), kMinimumWindowSize);
    // The minimum with the window's frame fits too.
    const QSize frame = window.frameGeometry().size() - window.geometry().size();
    QVERIFY(kMinimumWindowSize.width() + frame.width() <= available_.width());
    QVERIFY(kMinimumWindowSize.height() + frame.height() <= available_.height());

    QSignalSpy loaded(&window.engine(), &EngineHost::packLoaded);
    window.openPack(pack_);
    QVERIFY(loaded.wait(kTimeoutMs));
    QTest::qWait(50);  // the first layout of the workspace
    const QSize openSize = window.size();
    // The contents need no more than the minimum: at the minimum nothing is squeezed.
    QVERIFY2(window.minimumSizeHint().width() <= kMinimumWindowSize.width() &&
                 window.minimumSizeHint().height() <= kMinimumWindowSize.height(),
             qPrintable(describe(window.minimumSizeHint())));
    // The chart gets the height the panes (a sentence each) do not need.
    QVERIFY2(window.chart()->height() >= window.pane(kL2s)->height(),
             qPrintable(QStringLiteral("chart %1 px, panes %2 px").arg(window.chart()->height()).arg(window.pane(kL2s)->height())));
    const QList<int> columnsBefore = paneWidths(window);
    qInfo("minimum hint %s, window %s, frame %s", qPrintable(describe(window.minimumSizeHint())), qPrintable(describe(window.size())), qPrintable(describe(window.frameGeometry().size())));

    window.setPrompt(QStringLiteral("a man is walking in the park."));
    QTRY_VERIFY_WITH_TIMEOUT(window.pane(kLlm)->state() == OutputPane::State::Done &&
                                 window.pane(kL2s)->state() == OutputPane::State::Done && !window.engine().isBusy(),
                             kTimeoutMs);
    QTest::qWait(50);
    // After a run: the same size, the same minimum, the same columns.
    QCOMPARE(window.size(), openSize);
    QCOMPARE(window.minimumSize(), kMinimumWindowSize);
    QVERIFY2(window.minimumSizeHint().width() <= kMinimumWindowSize.width() &&
                 window.minimumSizeHint().height() <= kMinimumWindowSize.height(),
             qPrintable(describe(window.minimumSizeHint())));
    QCOMPARE(paneWidths(window), columnsBefore);

    // At the minimum size, nothing is cut and the panes share the width.
    window.resize(kMinimumWindowSize);
    QTest::qWait(50);
    QCOMPARE(window.size(), kMinimumWindowSize);
    checkNothingCut(window);
  }

  // Every pane of the pack shown, the verified one with its extra line of
  // figures: the minimum size still holds them all.
  void fourPanesFitTheMinimumSize() {
    auto settings = freshSettings(QStringLiteral("four"));
    settings->setPanes(QStringLiteral("Tiny test pack"), {kLlm, kL2s, kVerified, kSlm}, {});
    MainWindow window(*settings);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy loaded(&window.engine(), &EngineHost::packLoaded);
    window.openPack(pack_);
    QVERIFY(loaded.wait(kTimeoutMs));
    QVERIFY(window.pane(kVerified)->isVisible());
    window.setPrompt(QStringLiteral("a man is walking in the park."));
    QTRY_VERIFY_WITH_TIMEOUT(window.pane(kVerified)->state() == OutputPane::State::Done && !window.engine().isBusy(),
                             kTimeoutMs);
    QTest::qWait(50);
    QVERIFY2(window.minimumSizeHint().width() <= kMinimumWindowSize.width() &&
                 window.minimumSizeHint().height() <= kMinimumWindowSize.height(),
             qPrintable(describe(window.minimumSizeHint())));
    QCOMPARE(paneWidths(window).size(), 5);  // the input and four panes
    checkNothingCut(window);  // as the window opened on this screen
    window.resize(kMinimumWindowSize);
    QTest::qWait(50);
    QCOMPARE(window.size(), kMinimumWindowSize);
    checkNothingCut(window);
  }

  void aSavedGeometryIsRestoredOnlyWhereItFits() {
    auto settings = freshSettings(QStringLiteral("restore"));
    {
      MainWindow window(*settings);
      window.show();
      QVERIFY(QTest::qWaitForWindowExposed(&window));
      window.setGeometry(QRect(available_.topLeft() + QPoint(10, 40), kMinimumWindowSize));
      QTest::qWait(20);
      window.close();
    }
    {
      // Fits: restored as it was.
      MainWindow window(*settings);
      QCOMPARE(window.size(), kMinimumWindowSize);
      QCOMPARE(window.geometry().topLeft(), available_.topLeft() + QPoint(10, 40));
    }
    {
      // Saved on a larger screen: not restored, sized for this one.
      MainWindow large(*settings);
      large.show();
      QVERIFY(QTest::qWaitForWindowExposed(&large));
      large.setGeometry(QRect(0, 0, 2400, 1400));
      QTest::qWait(20);
      large.close();
    }
    MainWindow window(*settings);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY2(fitsOn(window.frameGeometry(), available_), qPrintable(describe(window.frameGeometry().size())));
  }
};

QTEST_MAIN(TestStudioLayout)
#include "test_studio_layout.moc"

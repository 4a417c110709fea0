#pragma once
// The input column: the editor; while it is empty, examples of input like the
// pack's training data; below it, the token count against the model's limit
// and notices about input the pack is unlikely to handle.
#include <QWidget>

class QLabel;
class QListWidget;
class QPlainTextEdit;

namespace l2s::studio {

class ElidedLabel;

class InputPanel : public QWidget {
  Q_OBJECT

 public:
  explicit InputPanel(QWidget* parent = nullptr);

  QPlainTextEdit* editor() const { return editor_; }
  QString text() const;

  void setExamples(const QStringList& examples);  // shown while the input is empty
  QStringList examples() const { return examples_; }
  bool showsExamples() const;
  // The token count line; `problem` shows it as a warning.
  void setTokenCount(const QString& line, bool problem);
  QString tokenCountText() const;
  // Notices about the input (script, length); empty hides them.
  void setNotice(const QString& notice);
  QString noticeText() const;

 signals:
  void exampleChosen(const QString& example);

 private:
  void updateExamples();

  QPlainTextEdit* editor_;
  QWidget* examplesBox_;
  QListWidget* examplesList_;
  QLabel* tokenCount_;
  QLabel* notice_;
  QStringList examples_;
};

}  // namespace l2s::studio

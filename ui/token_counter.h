#pragma once
// Counts the input's tokens with the pack's tokenizer on a thread of its own,
// so that a long paste never stalls typing and a run in progress never delays
// the count. Only the newest text is counted: texts sent while a count is in
// progress replace one another.
#include <QObject>
#include <QStringList>
#include <QThread>
#include <QVector>
#include <memory>
#include <optional>

namespace l2s {
class Tokenizer;
}

namespace l2s::studio {

class TokenCounter : public QObject {
  Q_OBJECT

 public:
  explicit TokenCounter(QObject* parent = nullptr);
  ~TokenCounter() override;  // waits for the count in progress

  void setTokenizer(std::shared_ptr<const l2s::Tokenizer> tokenizer);
  bool hasTokenizer() const { return tokenizer_ != nullptr; }
  // Counts each piece as the model reads it (EOS included).
  void count(const QStringList& pieces);

 signals:
  // The tokens of each piece of the newest text sent.
  void counted(const QVector<qint64>& tokens);

 private:
  struct Job {
    quint64 id;
    QStringList pieces;
  };
  void dispatch(const Job& job);
  void onCounted(quint64 id, const QVector<qint64>& tokens);

  QThread thread_;
  QObject* context_;  // lives in thread_: the counts run in its thread
  std::shared_ptr<const l2s::Tokenizer> tokenizer_;
  quint64 newest_ = 0;
  bool busy_ = false;
  std::optional<Job> pending_;
};

}  // namespace l2s::studio

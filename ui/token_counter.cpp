#include "ui/token_counter.h"

#include <QCoreApplication>
#include <QPointer>

#include "l2s/error.h"
#include "l2s/tokenizer.h"

namespace l2s::studio {

TokenCounter::TokenCounter(QObject* parent) : QObject(parent), context_(new QObject) {
  context_->moveToThread(&thread_);
  connect(&thread_, &QThread::finished, context_, &QObject::deleteLater);
  thread_.setObjectName(QStringLiteral("l2s token counter"));
  thread_.start();
}

TokenCounter::~TokenCounter() {
  thread_.quit();
  thread_.wait();
}

void TokenCounter::setTokenizer(std::shared_ptr<const l2s::Tokenizer> tokenizer) {
  tokenizer_ = std::move(tokenizer);
  pending_.reset();
}

void TokenCounter::count(const QStringList& pieces) {
  if (!tokenizer_) return;
  const Job job{++newest_, pieces};
  if (busy_)
    pending_ = job;
  else
    dispatch(job);
}

void TokenCounter::dispatch(const Job& job) {
  busy_ = true;
  QPointer<TokenCounter> self(this);
  // The tokenizer is shared read-only with the engine thread: encoding keeps
  // no state between calls.
  QMetaObject::invokeMethod(context_, [self, job, tokenizer = tokenizer_] {
    QVector<qint64> tokens;
    for (const QString& piece : job.pieces) {
      try {
        tokens << static_cast<qint64>(tokenizer->encode(piece.toStdString()).size());
      } catch (const l2s::Error&) {
        tokens << -1;
      }
    }
    // Back to the GUI thread; dropped if the counter is gone by then.
    QMetaObject::invokeMethod(
        QCoreApplication::instance(), [self, id = job.id, tokens] { if (self) self->onCounted(id, tokens); }, Qt::QueuedConnection);
  }, Qt::QueuedConnection);
}

void TokenCounter::onCounted(quint64 id, const QVector<qint64>& tokens) {
  busy_ = false;
  if (pending_) {
    const Job job = *pending_;
    pending_.reset();
    dispatch(job);
    return;  // a newer text is on its way
  }
  if (id == newest_) emit counted(tokens);
}

}  // namespace l2s::studio

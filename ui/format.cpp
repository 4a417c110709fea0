#include "ui/format.h"

#include <QLocale>
#include <cmath>

namespace l2s::studio {

QString formatDuration(double ms) {
  if (!std::isfinite(ms) || ms < 0) return QStringLiteral("–");
  if (ms < 1) return QStringLiteral("<1 ms");
  if (ms < 10) return QStringLiteral("%1 ms").arg(ms, 0, 'f', 1);
  if (ms < 1000) return QStringLiteral("%1 ms").arg(qRound(ms));
  const double seconds = ms / 1000.0;
  if (seconds < 60) return QStringLiteral("%1 s").arg(seconds, 0, 'f', seconds < 10 ? 2 : 1);
  const int whole = static_cast<int>(seconds);
  return QStringLiteral("%1 min %2 s").arg(whole / 60).arg(whole % 60, 2, 10, QLatin1Char('0'));
}

QString formatRate(double tokensPerSecond) {
  if (!std::isfinite(tokensPerSecond) || tokensPerSecond <= 0) return QStringLiteral("–");
  const int decimals = tokensPerSecond < 10 ? 2 : tokensPerSecond < 100 ? 1 : 0;
  return QStringLiteral("%1 tok/s").arg(tokensPerSecond, 0, 'f', decimals);
}

QString formatParameters(qint64 count) {
  if (count <= 0) return QStringLiteral("–");
  const double n = static_cast<double>(count);
  if (n >= 1e9) return QStringLiteral("%1 B").arg(n / 1e9, 0, 'f', 2);
  if (n >= 1e6) return QStringLiteral("%1 M").arg(n / 1e6, 0, 'f', 1);
  if (n >= 1e3) return QStringLiteral("%1 k").arg(n / 1e3, 0, 'f', 1);
  return QString::number(count);
}

QString formatSpeedup(double ratio) {
  if (!std::isfinite(ratio) || ratio <= 0) return QStringLiteral("–");
  // One decimal: run-to-run noise makes a second one meaningless.
  return QStringLiteral("%1×").arg(ratio, 0, 'f', ratio < 100 ? 1 : 0);
}

}  // namespace l2s::studio

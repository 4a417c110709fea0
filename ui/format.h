#pragma once
// How numbers read in the studio: durations, rates, parameter counts.
#include <QString>

namespace l2s::studio {

QString formatDuration(double ms);           // "85 ms", "1.24 s", "2 min 05 s"
QString formatRate(double tokensPerSecond);  // "42.7 tok/s", "1940 tok/s"
QString formatParameters(qint64 count);      // "60.5 M", "1.2 B"
QString formatSpeedup(double ratio);         // "3.2×"

}  // namespace l2s::studio

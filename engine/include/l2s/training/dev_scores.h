#pragma once
// A dev-set evaluation's result, as training reports it.
#include <cstdint>

#include "l2s/metrics/metric_registry.h"

namespace l2s::training {

struct DevScores {
  double loss = 0;                // nats per target token
  metrics::MetricValues metrics;  // the task's metrics, in its order (empty: loss only)
  double primary = 0;             // the task's primary metric (also in `metrics`)
  int64_t examples = 0;
};

}  // namespace l2s::training

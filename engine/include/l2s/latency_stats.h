#pragma once
#include <vector>

namespace l2s {

// The q-quantile (0..1) with linear interpolation between order statistics
// (numpy's default); 0 for no values.
double percentile(std::vector<double> values, double q);

}  // namespace l2s

#pragma once
// Learning rate per optimizer update: linear warm-up to the peak, then
// inverse square root decay, linear decay, or constant.
#include <cstdint>
#include <string>

namespace l2s::training {

enum class LrDecay { InverseSqrt, Linear, Constant };

LrDecay parse_lr_decay(const std::string& name);  // "inverse_sqrt", "linear", "constant"
const char* lr_decay_name(LrDecay decay);

struct LrSchedule {
  double peak = 5e-4;
  int64_t warmup_steps = 0;
  LrDecay decay = LrDecay::InverseSqrt;
  int64_t total_steps = 1;  // for linear decay

  // The rate of update number `step` (1 = the first update):
  //   warm-up (step <= warmup):  peak * step / warmup
  //   inverse_sqrt:              peak * sqrt(max(warmup, 1) / step)
  //   linear:                    peak * (total - step + 1) / (total - warmup)
  //                              (the last update still moves: 1 / (total - warmup))
  //   constant:                  peak
  double at(int64_t step) const;
};

}  // namespace l2s::training

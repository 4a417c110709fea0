#include "l2s/training/lr_schedule.h"

#include <algorithm>
#include <cmath>

#include "l2s/error.h"

namespace l2s::training {

LrDecay parse_lr_decay(const std::string& name) {
  if (name == "inverse_sqrt") return LrDecay::InverseSqrt;
  if (name == "linear") return LrDecay::Linear;
  if (name == "constant") return LrDecay::Constant;
  throw Error("schedule must be \"inverse_sqrt\", \"linear\" or \"constant\", not \"" + name + "\"");
}

const char* lr_decay_name(LrDecay decay) {
  switch (decay) {
    case LrDecay::InverseSqrt: return "inverse_sqrt";
    case LrDecay::Linear: return "linear";
    case LrDecay::Constant: return "constant";
  }
  return "?";
}

double LrSchedule::at(int64_t step) const {
  const double s = static_cast<double>(std::max<int64_t>(step, 1));
  const double warmup = static_cast<double>(warmup_steps);
  if (warmup_steps > 0 && step <= warmup_steps) return peak * s / warmup;
  switch (decay) {
    case LrDecay::InverseSqrt: return peak * std::sqrt(std::max(warmup, 1.0) / s);
    case LrDecay::Linear: {
      const double span = static_cast<double>(std::max<int64_t>(total_steps - warmup_steps, 1));
      return peak * std::clamp((static_cast<double>(total_steps) - s + 1) / span, 0.0, 1.0);
    }
    case LrDecay::Constant: return peak;
  }
  return peak;
}

}  // namespace l2s::training

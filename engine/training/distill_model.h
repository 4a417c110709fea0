#pragma once
// Distillation with a loaded teacher (the public entry, distillation.h, takes a folder).
#include "l2s/training/distillation.h"

namespace l2s {
class LanguageModel;
class Tokenizer;
}  // namespace l2s

namespace l2s::training {

DistilledText distill(const LanguageModel& teacher, const Tokenizer& tokenizer, const std::vector<std::string>& sources,
                      const DistillationOptions& options,
                      const std::function<void(int64_t, int64_t)>& on_progress = {});

}  // namespace l2s::training

#include "engine/decoding/batched_greedy.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

#include <algorithm>

namespace l2s {

std::vector<std::vector<int64_t>> batched_greedy(StepModel& decoder, int64_t batch_size,
                                                 const std::vector<int64_t>& eos_tokens, int64_t max_new_tokens) {
  at::NoGradGuard no_grad;
  std::vector<std::vector<int64_t>> outputs(batch_size);
  if (batch_size == 0 || max_new_tokens <= 0) return outputs;
  auto is_eos = [&](int64_t token) { return std::find(eos_tokens.begin(), eos_tokens.end(), token) != eos_tokens.end(); };

  std::vector<int64_t> active(batch_size);  // decoder row -> output row
  for (int64_t i = 0; i < batch_size; ++i) active[i] = i;
  at::Tensor next = decoder.first().argmax(-1).contiguous();
  for (int64_t step = 0; !active.empty(); ++step) {
    const int64_t* tokens = next.data_ptr<int64_t>();
    std::vector<int64_t> keep, still_active;
    for (std::size_t r = 0; r < active.size(); ++r) {
      if (is_eos(tokens[r])) continue;
      outputs[active[r]].push_back(tokens[r]);
      keep.push_back(static_cast<int64_t>(r));
      still_active.push_back(active[r]);
    }
    if (step + 1 >= max_new_tokens || keep.empty()) break;
    if (keep.size() != active.size()) {
      at::Tensor index = at::tensor(keep, at::kLong);
      decoder.select_rows(index);
      next = next.index_select(0, index);
    }
    active = std::move(still_active);
    next = decoder.step(next).argmax(-1).contiguous();
  }
  return outputs;
}

}  // namespace l2s

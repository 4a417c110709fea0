#include "engine/training/greedy_decoding.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

#include "engine/models/t5_model.h"

namespace l2s::training {

std::vector<std::vector<int64_t>> greedy_decode(const T5Model& model, const at::Tensor& encoder_states,
                                                const at::Tensor& encoder_mask, int64_t max_new_tokens) {
  at::NoGradGuard no_grad;
  const int64_t batch = encoder_states.size(0);
  const int64_t eos = model.config().eos_token_id;
  std::vector<std::vector<int64_t>> outputs(batch);
  if (batch == 0 || max_new_tokens <= 0) return outputs;

  T5DecoderState state = model.start(encoder_states, encoder_mask, max_new_tokens);
  std::vector<int64_t> active(batch);  // state row -> output row
  for (int64_t i = 0; i < batch; ++i) active[i] = i;
  at::Tensor ids = at::full({batch}, model.config().decoder_start_token_id, at::kLong);
  for (int64_t step = 0; step < max_new_tokens && !active.empty(); ++step) {
    at::Tensor next = model.step(state, ids).argmax(-1).contiguous();
    const int64_t* tokens = next.data_ptr<int64_t>();
    std::vector<int64_t> keep, still_active;
    for (std::size_t r = 0; r < active.size(); ++r) {
      if (tokens[r] == eos) continue;
      outputs[active[r]].push_back(tokens[r]);
      keep.push_back(static_cast<int64_t>(r));
      still_active.push_back(active[r]);
    }
    if (keep.size() != active.size() && !keep.empty()) {
      at::Tensor index = at::tensor(keep, at::kLong);
      state.select_rows(index);
      next = next.index_select(0, index);
    }
    active = std::move(still_active);
    ids = next;
  }
  return outputs;
}

}  // namespace l2s::training

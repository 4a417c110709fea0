#pragma once
// Greedy decoding of a whole batch at once (the engine's search() serves one
// prompt at a time; dev-set evaluation wants throughput).
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <vector>

namespace l2s {
class T5Model;
}

namespace l2s::training {

// Each row's argmax continuation from the decoder start token, up to and
// without its EOS, at most `max_new_tokens` tokens. Rows that finish leave
// the batch, so the cost follows the longest output only for that row.
std::vector<std::vector<int64_t>> greedy_decode(const T5Model& model, const at::Tensor& encoder_states,
                                                const at::Tensor& encoder_mask, int64_t max_new_tokens);

}  // namespace l2s::training

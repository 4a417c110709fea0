#include "engine/layers/embedding.h"

#include <ATen/ATen.h>

#include <string>

#include "l2s/error.h"

namespace l2s::layers {

at::Tensor embed_tokens(const at::Tensor& table, const at::Tensor& ids, int64_t padding_idx) {
  const int64_t vocab_size = table.size(0);
  if (ids.numel() > 0) {
    // A decode step embeds one id: one read instead of two reductions.
    const bool one = ids.numel() == 1;
    const int64_t low = one ? ids.item<int64_t>() : ids.min().item<int64_t>();
    const int64_t high = one ? low : ids.max().item<int64_t>();
    if (low < 0 || high >= vocab_size)
      throw Error("token id " + std::to_string(low < 0 ? low : high) + " is outside the model's vocabulary [0, " +
                  std::to_string(vocab_size) + ")");
  }
  return at::embedding(table, ids, padding_idx);
}

}  // namespace l2s::layers

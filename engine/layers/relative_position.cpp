#include "engine/layers/relative_position.h"

#include <ATen/ATen.h>

#include <cmath>

namespace l2s::layers {

at::Tensor relative_position_bucket(const at::Tensor& relative_position, const RelativePositionSpec& spec) {
  int64_t num_buckets = spec.num_buckets;
  at::Tensor buckets = at::zeros_like(relative_position);
  at::Tensor distance;
  if (spec.bidirectional) {
    num_buckets /= 2;
    buckets = buckets + (relative_position > 0).to(at::kLong) * num_buckets;
    distance = relative_position.abs();
  } else {
    distance = -at::clamp_max(relative_position, 0);
  }
  const int64_t max_exact = num_buckets / 2;
  // Computed in float32 with the same operations as transformers, so that
  // distances on a bucket boundary land in the same bucket.
  at::Tensor if_large =
      max_exact + (at::log(distance.to(at::kFloat) / max_exact) /
                   std::log(static_cast<double>(spec.max_distance) / max_exact) * (num_buckets - max_exact))
                      .to(at::kLong);
  if_large = at::clamp_max(if_large, num_buckets - 1);
  return buckets + at::where(distance < max_exact, distance, if_large);
}

at::Tensor position_bias(const at::Tensor& table, int64_t query_len, int64_t key_len, int64_t query_offset,
                         const RelativePositionSpec& spec) {
  auto options = at::TensorOptions().dtype(at::kLong);
  at::Tensor query_pos = at::arange(query_offset, query_offset + query_len, options).unsqueeze(1);
  at::Tensor key_pos = at::arange(key_len, options).unsqueeze(0);
  at::Tensor buckets = relative_position_bucket(key_pos - query_pos, spec);  // [q, k]
  return at::embedding(table, buckets).permute({2, 0, 1}).unsqueeze(0);       // [1, H, q, k]
}

}  // namespace l2s::layers

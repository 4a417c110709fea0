#pragma once
// T5's relative position bias: the key-query distance is mapped to one of
// `num_buckets` buckets (exact for small distances, logarithmic up to
// `max_distance`), and each bucket has a learned bias per head.
#include <ATen/core/Tensor.h>

namespace l2s::layers {

struct RelativePositionSpec {
  bool bidirectional = true;  // encoder: true; decoder self-attention: false
  int64_t num_buckets = 32;
  int64_t max_distance = 128;
};

// Bucket index for each relative position (key - query), int64.
at::Tensor relative_position_bucket(const at::Tensor& relative_position, const RelativePositionSpec& spec);

// Bias [1, heads, query_len, key_len] for queries at positions
// query_offset .. query_offset + query_len - 1 and keys at 0 .. key_len - 1,
// from a bias table [num_buckets, heads].
at::Tensor position_bias(const at::Tensor& table, int64_t query_len, int64_t key_len, int64_t query_offset,
                         const RelativePositionSpec& spec);

}  // namespace l2s::layers

#include "engine/training/group_sharding.h"

#include "l2s/error.h"

namespace l2s::training {

std::vector<ShardPiece> shard_group(const BatchPlan& plan, int64_t begin, int64_t end, int rank, int world_size) {
  if (world_size < 1 || rank < 0 || rank >= world_size) throw Error("shard_group: rank outside the world");
  if (begin < 0 || end > static_cast<int64_t>(plan.size()) || begin > end) throw Error("shard_group: bad range");
  std::vector<ShardPiece> pieces;
  const int64_t count = end - begin;
  if (count % world_size == 0) {
    for (int64_t k = rank; k < count; k += world_size) pieces.push_back({k, plan[begin + k], true});
    return pieces;
  }
  for (int64_t k = 0; k < count; ++k) {
    const BatchIndices& rows = plan[begin + k];
    const auto n = static_cast<int64_t>(rows.size());
    // Slice r holds rows [r*n/W, (r+1)*n/W): sizes differ by at most one.
    const int64_t first = rank * n / world_size, last = (rank + 1) * n / world_size;
    if (first == last) continue;
    pieces.push_back({k, BatchIndices(rows.begin() + first, rows.begin() + last), false});
  }
  return pieces;
}

}  // namespace l2s::training

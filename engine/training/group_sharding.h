#pragma once
// Which part of one optimizer update (a group of `accumulation` batches of an
// epoch's plan) each rank of a data-parallel run computes. Every rank holds
// the whole plan, so no rank reads another's examples. Torch-free.
//
// When the group's batch count is a multiple of the world size, whole batches
// are dealt out (batch k of the group to rank k mod W): each batch is then
// computed exactly as one process would, dropout masks included. Otherwise
// every batch's rows are cut into W contiguous slices (rows of a batch are
// length-sorted, so slices pad little); the summed gradients still equal one
// process's, but dropout masks cannot (they depend on the batch's shape).
#include <cstdint>

#include "engine/training/batching.h"

namespace l2s::training {

struct ShardPiece {
  int64_t batch_in_group = 0;  // the batch's position in the group (seeds its dropout)
  BatchIndices rows;           // never empty
  bool whole_batch = true;     // false: a slice of the batch's rows
};

std::vector<ShardPiece> shard_group(const BatchPlan& plan, int64_t begin, int64_t end, int rank, int world_size);

}  // namespace l2s::training

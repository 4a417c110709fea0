#pragma once
// A data-parallel training group on PyTorch's c10d: a TCP rendezvous store
// hosted by rank 0 and a Gloo process group over it (the engine torchrun and
// DDP use). The c10d headers stay inside distributed.cpp.
//
// Every collective waits at most `timeout_s`: a rank that died makes the
// others fail at once (its sockets close), one that hangs makes them fail
// after the timeout, each with an l2s::Error that says what happened.
#include <ATen/core/Tensor.h>

#include <memory>
#include <string>
#include <vector>

#include "engine/training/parameters.h"
#include "l2s/training/distributed_options.h"

namespace l2s::training {

class DistributedGroup {
 public:
  // Joins the group: waits for every rank, refuses a rank started twice or
  // ranks that disagree on the world size. Throws l2s::Error.
  static std::unique_ptr<DistributedGroup> join(const DistributedOptions& options);
  ~DistributedGroup();

  int rank() const;
  int world_size() const;

  // Every rank's `text` under `key`, in rank order (through the store).
  std::vector<std::string> all_gather_text(const std::string& key, const std::string& text);

  // Sums in place over all ranks (float or double tensors).
  void all_reduce_sum(std::vector<at::Tensor>& tensors, const std::string& what);

  // Sums every parameter's gradient over all ranks, flattened into buckets of
  // about `bucket_bytes` so that a few large messages replace many small ones.
  // A parameter without a gradient counts as zeros.
  void all_reduce_gradients(const std::vector<NamedParameter>& parameters, int64_t bucket_bytes = 25 << 20);

 private:
  struct Impl;
  explicit DistributedGroup(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace l2s::training

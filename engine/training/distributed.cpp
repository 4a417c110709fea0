#include "engine/training/distributed.h"

#include <ATen/ATen.h>
#include <c10/util/Exception.h>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>

#include <chrono>
#include <cstdlib>
#include <thread>

#include "l2s/error.h"

namespace l2s::training {
namespace {

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

std::string reason(const std::exception& e) {
  if (const auto* c10_error = dynamic_cast<const c10::Error*>(&e)) return first_line(c10_error->what_without_backtrace());
  return first_line(e.what());
}

std::vector<uint8_t> bytes_of(const std::string& text) { return {text.begin(), text.end()}; }
std::string text_of(const std::vector<uint8_t>& bytes) { return {bytes.begin(), bytes.end()}; }

bool is_loopback(const std::string& addr) { return addr == "localhost" || addr.rfind("127.", 0) == 0; }

// The network device this rank talks through: GLOO_SOCKET_IFNAME when set
// (as in PyTorch), loopback for a group on one machine, else the interface
// this machine's hostname resolves to.
std::shared_ptr<::gloo::transport::Device> gloo_device(const std::string& master_addr) {
  if (const char* interface = std::getenv("GLOO_SOCKET_IFNAME"); interface && *interface)
    return c10d::ProcessGroupGloo::createDeviceForInterface(interface);
  if (is_loopback(master_addr)) return c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1");
  return c10d::ProcessGroupGloo::createDefaultDevice();
}

}  // namespace

struct DistributedGroup::Impl {
  DistributedOptions options;
  c10::intrusive_ptr<c10d::TCPStore> store;
  c10::intrusive_ptr<c10d::ProcessGroupGloo> group;

  std::string who() const {
    return "rank " + std::to_string(options.rank) + " of " + std::to_string(options.world_size);
  }
  // Rank 0 hosts the store: it leaves only after every rank has read what
  // it needed (a rank refusing to start must not take the store from the
  // others before they have seen why).
  void wait_until_all_read(const std::string& key) {
    store->add("l2s/" + key + "/read", 1);
    if (options.rank != 0) return;
    const auto deadline = std::chrono::steady_clock::now() +
                          std::chrono::milliseconds(static_cast<int64_t>(options.timeout_s * 1000.0));
    while (store->add("l2s/" + key + "/read", 0) < options.world_size &&
           std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  [[noreturn]] void fail(const std::string& what, const std::exception& e) const {
    throw Error(who() + ": " + what + " failed: " + reason(e) +
                " (a rank died, stalled for longer than dist_timeout_s = " + std::to_string(options.timeout_s) +
                " s, or cannot be reached; restart every rank with --resume to continue from the last checkpoint)");
  }
};

DistributedGroup::DistributedGroup(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
DistributedGroup::~DistributedGroup() = default;

int DistributedGroup::rank() const { return impl_->options.rank; }
int DistributedGroup::world_size() const { return impl_->options.world_size; }

std::unique_ptr<DistributedGroup> DistributedGroup::join(const DistributedOptions& options) {
  if (options.world_size < 1) throw Error("the world size must be at least 1");
  if (options.rank < 0 || options.rank >= options.world_size)
    throw Error("rank " + std::to_string(options.rank) + " is outside the world of " +
                std::to_string(options.world_size) + " ranks (0.." + std::to_string(options.world_size - 1) + ")");
  if (options.master_port < 1 || options.master_port > 65535)
    throw Error("the master port must be in 1..65535, not " + std::to_string(options.master_port));
  if (!(options.timeout_s > 0)) throw Error("dist_timeout_s must be positive");
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  const auto timeout =
      std::chrono::milliseconds(static_cast<int64_t>(options.timeout_s * 1000.0));
  const std::string master = options.master_addr + ":" + std::to_string(options.master_port);
  try {
    c10d::TCPStoreOptions store_options;
    store_options.port = static_cast<uint16_t>(options.master_port);
    store_options.isServer = options.rank == 0;
    store_options.numWorkers = options.world_size;
    store_options.waitWorkers = false;  // the key exchange below waits, with a clearer message
    store_options.timeout = timeout;
    impl->store = c10::make_intrusive<c10d::TCPStore>(options.master_addr, store_options);
  } catch (const std::exception& e) {
    throw Error(impl->who() + ": cannot " + (options.rank == 0 ? "host" : "reach") + " the rendezvous store at " +
                master + ": " + reason(e));
  }

  if (impl->store->add("l2s/rank_claimed/" + std::to_string(options.rank), 1) > 1)
    throw Error("rank " + std::to_string(options.rank) + " was started twice (master " + master + ")");
  std::unique_ptr<DistributedGroup> group(new DistributedGroup(std::move(impl)));
  Impl& m = *group->impl_;

  // Ranks that disagree on the world size would wait for each other forever:
  // every rank checks rank 0's value, rank 0 checks everyone's.
  const std::string own_size = std::to_string(options.world_size);
  m.store->set("l2s/world_size/" + std::to_string(options.rank), bytes_of(own_size));
  std::string disagreement;
  auto check_size = [&](int other) {
    std::string size;
    try {
      size = text_of(m.store->get("l2s/world_size/" + std::to_string(other)));
    } catch (const std::exception& e) {
      throw Error(m.who() + ": rank " + std::to_string(other) + " did not join within dist_timeout_s = " +
                  std::to_string(options.timeout_s) + " s (master " + master + "): " + reason(e));
    }
    if (size != own_size && disagreement.empty())
      disagreement = ("the ranks disagree on the world size: rank " + std::to_string(options.rank) + " has " +
                  own_size + ", rank " + std::to_string(other) + " has " + size);
  };
  if (options.rank == 0)
    for (int other = 1; other < options.world_size; ++other) check_size(other);
  else
    check_size(0);
  m.wait_until_all_read("world_size");
  if (!disagreement.empty()) throw Error(disagreement);

  try {
    auto gloo_options = c10d::ProcessGroupGloo::Options::create(timeout);
    gloo_options->devices.push_back(gloo_device(options.master_addr));
    m.group = c10::make_intrusive<c10d::ProcessGroupGloo>(m.store, options.rank, options.world_size, gloo_options);
  } catch (const std::exception& e) {
    m.fail("connecting the Gloo process group", e);
  }
  return group;
}

std::vector<std::string> DistributedGroup::all_gather_text(const std::string& key, const std::string& text) {
  Impl& m = *impl_;
  std::vector<std::string> texts;
  try {
    m.store->set("l2s/" + key + "/" + std::to_string(m.options.rank), bytes_of(text));
    for (int r = 0; r < m.options.world_size; ++r)
      texts.push_back(text_of(m.store->get("l2s/" + key + "/" + std::to_string(r))));
    m.wait_until_all_read(key);
  } catch (const std::exception& e) {
    m.fail("exchanging " + key, e);
  }
  return texts;
}

void DistributedGroup::all_reduce_sum(std::vector<at::Tensor>& tensors, const std::string& what) {
  Impl& m = *impl_;
  try {
    std::vector<c10::intrusive_ptr<c10d::Work>> pending;
    for (at::Tensor& tensor : tensors) {
      std::vector<at::Tensor> one{tensor};
      pending.push_back(m.group->allreduce(one));
    }
    for (auto& work : pending) work->wait();
  } catch (const std::exception& e) {
    m.fail(what, e);
  }
}

void DistributedGroup::all_reduce_gradients(const std::vector<NamedParameter>& parameters, int64_t bucket_bytes) {
  // Buckets of consecutive parameters of one dtype.
  std::vector<std::vector<at::Tensor>> buckets;
  int64_t bucket_size = 0;
  for (const NamedParameter& p : parameters) {
    at::Tensor& grad = p.tensor.mutable_grad();
    if (!grad.defined()) grad = at::zeros_like(p.tensor);  // this rank had no examples this step
    const int64_t bytes = grad.numel() * static_cast<int64_t>(grad.element_size());
    if (buckets.empty() || bucket_size + bytes > bucket_bytes ||
        buckets.back().front().scalar_type() != grad.scalar_type()) {
      buckets.emplace_back();
      bucket_size = 0;
    }
    buckets.back().push_back(grad);
    bucket_size += bytes;
  }
  std::vector<at::Tensor> flat;
  for (const auto& bucket : buckets) {
    std::vector<at::Tensor> pieces;
    for (const at::Tensor& grad : bucket) pieces.push_back(grad.reshape({-1}));
    flat.push_back(at::cat(pieces));
  }
  all_reduce_sum(flat, "the gradient all-reduce");
  for (std::size_t b = 0; b < buckets.size(); ++b) {
    int64_t offset = 0;
    for (at::Tensor& grad : buckets[b]) {
      grad.copy_(flat[b].narrow(0, offset, grad.numel()).view(grad.sizes()));
      offset += grad.numel();
    }
  }
}

}  // namespace l2s::training

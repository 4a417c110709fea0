#include "cli/train_group.h"

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <thread>

#include "l2s/error.h"

namespace l2s::cli {
namespace {

// WORLD_SIZE and the like: a flag wins over the variable.
std::string flag_or_env(const Args& args, const std::string& flag, const char* variable) {
  if (args.has(flag)) return args.get(flag);
  const char* value = std::getenv(variable);
  return value ? value : "";
}

int parse_count(const std::string& text, const std::string& what, int min, int max) {
  char* end = nullptr;
  const long value = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || value < min || value > max)
    throw Error(what + " must be an integer in " + std::to_string(min) + ".." + std::to_string(max) + ", not '" +
                text + "'");
  return static_cast<int>(value);
}

// A TCP port nobody listens on now (the kernel's choice).
int free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw Error("cannot open a socket to find a free port");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  const bool ok = bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
                  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) == 0;
  close(fd);
  if (!ok) throw Error("cannot find a free port on 127.0.0.1");
  return ntohs(address.sin_port);
}

int exit_code(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status); }

}  // namespace

std::vector<OptionSpec> train_group_options() {
  return {
      {"nproc", true, "data-parallel: start N ranks of this command on this machine"},
      {"world-size", true, "data-parallel: ranks in the group (default WORLD_SIZE, else 1)"},
      {"rank", true, "data-parallel: this process's rank, 0..world size-1 (default RANK)"},
      {"master", true, "data-parallel: ADDR:PORT where rank 0 hosts the rendezvous (default MASTER_ADDR:MASTER_PORT)"},
  };
}

training::DistributedOptions distributed_options(const Args& args) {
  training::DistributedOptions options;
  const std::string world = flag_or_env(args, "world-size", "WORLD_SIZE");
  if (world.empty()) return options;
  options.world_size = parse_count(world, "--world-size (WORLD_SIZE)", 1, 65536);
  if (options.world_size == 1) return options;
  const std::string rank = flag_or_env(args, "rank", "RANK");
  if (rank.empty()) throw Error("a group of " + world + " ranks needs --rank (or RANK)");
  options.rank = parse_count(rank, "--rank (RANK)", 0, options.world_size - 1);
  std::string master = args.get("master");
  if (master.empty()) {
    const char* addr = std::getenv("MASTER_ADDR");
    const char* port = std::getenv("MASTER_PORT");
    if (!addr || !port) throw Error("a group of " + world + " ranks needs --master ADDR:PORT (or MASTER_ADDR and MASTER_PORT)");
    master = std::string(addr) + ":" + port;
  }
  const auto colon = master.rfind(':');
  if (colon == std::string::npos || colon == 0)
    throw Error("--master must be ADDR:PORT, not '" + master + "'");
  options.master_addr = master.substr(0, colon);
  options.master_port = parse_count(master.substr(colon + 1), "the port of --master", 1, 65535);
  return options;
}

int run_local_group(int nproc, const Argv& argv, double grace_s) {
  std::vector<std::string> base = {"l2s", "train"};
  for (std::size_t i = 0; i < argv.size(); ++i) {
    if (argv[i] == "--nproc") {
      ++i;  // and its value
      continue;
    }
    if (argv[i].rfind("--nproc=", 0) == 0) continue;
    base.push_back(argv[i]);
  }
  const std::string master = "127.0.0.1:" + std::to_string(free_port());
  // Ctrl-C reaches every rank from the terminal; each saves and stops.
  signal(SIGINT, SIG_IGN);
  signal(SIGTERM, SIG_IGN);

  std::vector<pid_t> ranks;
  for (int rank = 0; rank < nproc; ++rank) {
    std::vector<std::string> args = base;
    for (const std::string& extra : {std::string("--world-size"), std::to_string(nproc), std::string("--rank"),
                                     std::to_string(rank), std::string("--master"), master})
      args.push_back(extra);
    const pid_t pid = fork();
    if (pid < 0) throw Error("cannot start rank " + std::to_string(rank));
    if (pid == 0) {
      signal(SIGINT, SIG_DFL);
      signal(SIGTERM, SIG_DFL);
      std::vector<char*> c_args;
      for (std::string& a : args) c_args.push_back(a.data());
      c_args.push_back(nullptr);
      execv("/proc/self/exe", c_args.data());
      std::perror("l2s train: cannot start a rank");
      _exit(127);
    }
    ranks.push_back(pid);
  }

  int result = 0, running = nproc;
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
  while (running > 0) {
    int status = 0;
    const pid_t pid = waitpid(-1, &status, WNOHANG);
    if (pid > 0) {
      for (std::size_t rank = 0; rank < ranks.size(); ++rank) {
        if (ranks[rank] != pid) continue;
        ranks[rank] = -1;
        --running;
        if (exit_code(status) != 0 && result == 0) {
          result = exit_code(status);
          std::cerr << "l2s train: rank " << rank << " stopped with status " << result
                    << "; waiting up to " << grace_s << " s for the others\n";
          deadline = std::chrono::steady_clock::now() +
                     std::chrono::milliseconds(static_cast<int64_t>(grace_s * 1000.0));
        }
      }
      continue;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      for (std::size_t rank = 0; rank < ranks.size(); ++rank)
        if (ranks[rank] > 0) {
          std::cerr << "l2s train: rank " << rank << " did not stop: killing it\n";
          kill(ranks[rank], SIGKILL);
        }
      deadline = std::chrono::steady_clock::time_point::max();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return result;
}

}  // namespace l2s::cli

#pragma once
// Ctrl-C for long jobs: the first SIGINT or SIGTERM only sets a flag (the
// trainer then saves a checkpoint and returns at the next step); a second one
// gets the default action, so a stuck process can still be killed.
#include <atomic>

namespace l2s::training {

// Installs the handlers (once) and returns the flag they set.
std::atomic<bool>& install_stop_signal_handlers();

}  // namespace l2s::training

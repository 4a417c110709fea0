#!/usr/bin/env bash
# Configures and builds l2s into build/ (Release). Extra arguments go to cmake.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/install-deps.sh"
cmake -S "$root" -B "$root/build" -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
# Each libtorch translation unit needs ~1 GB to compile: one job per core.
cmake --build "$root/build" -j"$(nproc)"

#!/usr/bin/env bash
# Installs what the fuzz targets build with (scripts/fuzz.sh) on top of
# scripts/install-deps.sh: Debian's clang and its libFuzzer/sanitizer runtimes.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec "$root/scripts/install-deps.sh" clang libclang-rt-14-dev

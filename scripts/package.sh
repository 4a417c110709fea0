#!/usr/bin/env bash
# Builds l2s and its Debian package: build/l2s_VERSION_ARCH.deb (see README,
# "Install it as a package"). Extra arguments go to cpack.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/build.sh"
cd "$root/build"
cpack -G DEB "$@"

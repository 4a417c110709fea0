#!/usr/bin/env bash
# Installs the Debian 12 packages l2s builds and runs with, if any is missing,
# and the extra packages named as arguments (scripts/install-fuzz-deps.sh).
# Runs apt-get as root, or through sudo.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libtorch-dev
  libgloo-dev            # headers the c10d (distributed training) headers include
  libopenblas0-pthread   # without it libtorch silently uses the ~30x slower reference BLAS
  libsentencepiece-dev
  nlohmann-json3-dev
  libbenchmark-dev       # micro-benchmarks
  qt6-base-dev qt6-charts-dev libqt6opengl6-dev libgl-dev   # Qt6Charts' CMake config needs OpenGL
  fonts-dejavu-core      # text in offscreen-rendered widgets
  # the Debian package (scripts/package.sh) and its test: dpkg-shlibdeps computes
  # its dependencies; lintian and the desktop and AppStream validators check it
  dpkg-dev lintian desktop-file-utils appstream
  "$@"
)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "l2s: installing missing packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "l2s: need root (or sudo) to install: ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -q
"${as_root[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"

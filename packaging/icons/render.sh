#!/usr/bin/env bash
# Renders the studio's icon (resources/icons/l2s-studio.svg) as the PNG sizes the
# package installs in the hicolor theme; 256 px is resources/icons/l2s-studio-256.png.
# Run it after changing the SVG (needs rsvg-convert: apt-get install librsvg2-bin).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
svg="$here/../../resources/icons/l2s-studio.svg"
for size in 16 24 32 48 64 128; do
  rsvg-convert --width "$size" --height "$size" "$svg" --output "$here/l2s-studio-$size.png"
done

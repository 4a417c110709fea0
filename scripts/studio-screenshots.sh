#!/usr/bin/env bash
# Screenshots of l2s-studio on the default pack at common screen sizes, under
# Xvfb with the openbox window manager (title bars and frames as on a
# desktop): docs/images/studio-1280x720.png, studio-1366x768.png and
# studio-1920x1080-150.png (QT_SCALE_FACTOR=1.5). Needs xvfb-run, openbox and
# ImageMagick's import (Debian: xvfb xauth openbox imagemagick).
# usage: scripts/studio-screenshots.sh [OUT_DIR]   (default docs/images)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$(realpath "${1:-$root/docs/images}")"
studio="$root/build/bin/l2s-studio"
prompt="A man in a blue shirt is walking his dog in the park."
wait_s="${L2S_SHOT_WAIT:-20}"  # loading, the runs and the timing runs
for tool in xvfb-run openbox import; do
  command -v "$tool" >/dev/null || { echo "studio-screenshots: $tool is missing" >&2; exit 1; }
done
[ -x "$studio" ] || { echo "studio-screenshots: build first (scripts/build.sh)" >&2; exit 1; }

shoot() {  # NAME WIDTHxHEIGHT SCALE
  local name="$1" screen="$2" scale="$3" tmp
  tmp="$(mktemp -d)"
  # Fresh settings: the first start as a new user sees it, with the default pack.
  cat >"$tmp/session.sh" <<SESSION
openbox >/dev/null 2>&1 &
sleep 1
QT_SCALE_FACTOR=$scale "$studio" --settings "$tmp/studio.ini" --pack "$root/resources/packs/default" \
  --prompt "$prompt" >"$tmp/studio.log" 2>&1 &
sleep $wait_s
import -window root "$out/$name.png"
kill %2 %1 2>/dev/null || true
SESSION
  xvfb-run -a -s "-screen 0 ${screen}x24" sh "$tmp/session.sh"
  rm -rf "$tmp"
  echo "$out/$name.png"
}

shoot studio-1280x720 1280x720 1
shoot studio-1366x768 1366x768 1
shoot studio-1920x1080-150 1920x1080 1.5

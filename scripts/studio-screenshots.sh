#!/usr/bin/env bash
# Screenshots of l2s-studio on the default pack at common screen sizes, under
# Xvfb with the openbox window manager (title bars and frames as on a
# desktop): docs/images/studio-1280x720.png, studio-1366x768.png and
# studio-1920x1080-150.png (QT_SCALE_FACTOR=1.5); and studio-verified.png
# (1366x768) with every pane shown, the verified one included. Needs
# xvfb-run, openbox, ImageMagick's import and python3 (Debian: xvfb xauth
# openbox imagemagick python3).
# usage: scripts/studio-screenshots.sh [OUT_DIR]   (default docs/images)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$(realpath "${1:-$root/docs/images}")"
studio="$root/build/bin/l2s-studio"
prompt="A man in a blue shirt is walking his dog in the park."
wait_s="${L2S_SHOT_WAIT:-20}"  # loading, the runs and the timing runs
for tool in xvfb-run openbox import python3; do
  command -v "$tool" >/dev/null || { echo "studio-screenshots: $tool is missing" >&2; exit 1; }
done
[ -x "$studio" ] || { echo "studio-screenshots: build first (scripts/build.sh)" >&2; exit 1; }

# Settings in which every pane of the default pack is shown, as if chosen in
# the View menu (StudioSettings::setPanes: the pack's name percent-encoded;
# QSettings' INI files escape its '%' again and separate groups with '\').
all_panes_shown() {  # FILE
  python3 - "$root/resources/packs/default/pack.json" "$1" <<'PY'
import json, sys, urllib.parse
pack = json.load(open(sys.argv[1]))
models = pack["models"]
modes = ["llm"] + [g["mode"] for g in models["guided"]]
modes += ["verified" if i == 0 else "verified-" + g["mode"] for i, g in enumerate(models["guided"])]
modes += [b["mode"] for b in models.get("baselines", [])]
key = urllib.parse.quote(urllib.parse.quote(pack["name"], safe=""), safe="")
open(sys.argv[2], "w").write("[view]\nshownPanes\\%s=%s\n" % (key, ", ".join(modes)))
PY
}

shoot() {  # NAME WIDTHxHEIGHT SCALE [all]
  local name="$1" screen="$2" scale="$3" tmp
  tmp="$(mktemp -d)"
  # Fresh settings: the first start as a new user sees it, with the default
  # pack; with "all", every pane shown.
  if [ "${4:-}" = all ]; then all_panes_shown "$tmp/studio.ini"; fi
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
shoot studio-verified 1366x768 1 all

#!/usr/bin/env bash
# Builds l2s and starts the main job: l2s-studio, on the default pack when the
# repository ships one (resources/packs/default). Extra arguments go to the studio.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/build.sh"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  echo "l2s: no display found; run under a desktop session, or e.g. xvfb-run ./scripts/run.sh" >&2
  exit 1
fi
exec "$root/build/bin/l2s-studio" "$@"

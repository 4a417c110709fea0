#!/usr/bin/env bash
# Builds l2s and runs the main job: greedy generation on the bundled
# conformance T5 (token ids in, token ids streamed out).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/build.sh"
exec "$root/build/bin/l2s" generate --model "$root/tests/data/t5/t5_v1_0_relu_tied" --ids \
  --input-ids "13 7 100 42 5 77 3 64 21 1" "$@"

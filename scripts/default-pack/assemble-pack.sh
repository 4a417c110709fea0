#!/usr/bin/env bash
# Assembles the default pack from the models train.sh produced: every model
# rewritten with f16 storage (the engine computes in float32), the model card
# and pack.json. The new pack is built beside the old one and swapped in at the
# end, so an interrupted run leaves the last good pack in place.
#
#   scripts/default-pack/assemble-pack.sh WORK_DIR [PACK_DIR]
#
# PACK_DIR defaults to resources/packs/default.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${1:?usage: assemble-pack.sh WORK_DIR [PACK_DIR]}"
pack="${2:-$root/resources/packs/default}"
l2s="$root/build/bin/l2s"
[ -x "$l2s" ] || "$root/scripts/build.sh"

# pack folder <- trained model folder
models=(llm:"$work/llm" slm_baseline:"$work/slm-restart" slm:"$work/l2s-restart/slm" projector:"$work/l2s-restart/projector")
for entry in "${models[@]}"; do
  [ -f "${entry#*:}/model.safetensors" ] || { echo "assemble-pack.sh: ${entry#*:} has no trained model yet" >&2; exit 1; }
done

mkdir -p "$(dirname "$pack")"
staging="$(mktemp -d "$pack.new.XXXXXX")"
trap 'rm -rf "$staging"' EXIT
chmod 755 "$staging"  # mktemp makes it private; the pack is for everyone
for entry in "${models[@]}"; do
  "$l2s" convert --model "${entry#*:}" --out "$staging/${entry%%:*}" --dtype f16
  # convert copies every file; keep the model's, not the training run's (train.jsonl, latest)
  find "$staging/${entry%%:*}" -type f ! -name config.json ! -name model.safetensors ! -name spiece.model -delete
done
cp "$here/pack.json" "$here/MODEL_CARD.md" "$staging/"
"$l2s" generate --pack "$staging" --mode l2s "A dog runs across the grass." >/dev/null

if [ -e "$pack" ]; then
  mv "$pack" "$pack.old.$$"
  mv "$staging" "$pack"
  rm -rf "$pack.old.$$"
else
  mv "$staging" "$pack"
fi
trap - EXIT
du -sh "$pack"

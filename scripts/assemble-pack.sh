#!/usr/bin/env bash
# Assembles a pack from the models a pack's train.sh produced: every model
# rewritten with f16 storage (the engine computes in float32), the recipe's
# pack.json and MODEL_CARD.md. The new pack is built beside the old one and
# swapped in at the end, so an interrupted run leaves the last good pack in place.
#
#   scripts/assemble-pack.sh RECIPE_DIR PACK_DIR FOLDER=MODEL_DIR...
#
# RECIPE_DIR holds pack.json and MODEL_CARD.md (scripts/default-pack, ...);
# each FOLDER=MODEL_DIR puts the trained model MODEL_DIR into PACK_DIR/FOLDER.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
usage="usage: assemble-pack.sh RECIPE_DIR PACK_DIR FOLDER=MODEL_DIR..."
recipe="${1:?$usage}"
pack="${2:?$usage}"
shift 2
models=("$@")
[ ${#models[@]} -gt 0 ] || { echo "$usage" >&2; exit 1; }
l2s="$root/build/bin/l2s"
[ -x "$l2s" ] || "$root/scripts/build.sh"

for entry in "${models[@]}"; do
  [ -f "${entry#*=}/model.safetensors" ] || { echo "assemble-pack.sh: ${entry#*=} has no trained model yet" >&2; exit 1; }
done

mkdir -p "$(dirname "$pack")"
staging="$(mktemp -d "$pack.new.XXXXXX")"
trap 'rm -rf "$staging"' EXIT
chmod 755 "$staging"  # mktemp makes it private; the pack is for everyone
for entry in "${models[@]}"; do
  "$l2s" convert --model "${entry#*=}" --out "$staging/${entry%%=*}" --dtype f16
  # convert copies every file; keep the model's, not the training run's (train.jsonl, latest)
  find "$staging/${entry%%=*}" -type f ! -name config.json ! -name model.safetensors ! -name spiece.model -delete
done
cp "$recipe/pack.json" "$recipe/MODEL_CARD.md" "$staging/"
"$l2s" generate --pack "$staging" --mode l2s --truncate "A short input to check that the pack runs." >/dev/null

if [ -e "$pack" ]; then
  mv "$pack" "$pack.old.$$"
  mv "$staging" "$pack"
  rm -rf "$pack.old.$$"
else
  mv "$staging" "$pack"
fi
trap - EXIT
du -sh "$pack"

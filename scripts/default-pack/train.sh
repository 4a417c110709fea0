#!/usr/bin/env bash
# Trains the default English→German pack's models with the project's own
# tools, on Multi30k. Every stage resumes where it stopped (rerun the script
# after an interruption; Ctrl-C saves a checkpoint).
#
#   scripts/default-pack/train.sh DATA_DIR [WORK_DIR] [STAGE...]
#
# DATA_DIR holds Multi30k task 1 (train.en/de, val.en/de). WORK_DIR (default
# runs/default-pack) receives the tokenizer and one folder per model.
# STAGE: tokenizer, llm, slm (the baseline alone), l2s (projector + a copy of
# the SLM on the frozen LLM); default: all, in that order.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
data="${1:?usage: train.sh DATA_DIR [WORK_DIR] [STAGE...]}"
work="${2:-$root/runs/default-pack}"
shift $(( $# >= 2 ? 2 : 1 ))
stages=("$@")
[ ${#stages[@]} -gt 0 ] || stages=(tokenizer llm slm l2s)

for file in train.en train.de val.en val.de; do
  [ -f "$data/$file" ] || { echo "train.sh: $data/$file is missing (Multi30k task 1)" >&2; exit 1; }
done
[ -x "$root/build/bin/l2s" ] || "$root/scripts/build.sh"
l2s="$root/build/bin/l2s"
mkdir -p "$work"

data_flags=(--train-source "$data/train.en" --train-target "$data/train.de"
            --dev-source "$data/val.en" --dev-target "$data/val.de"
            --tokenizer "$work/spm.model")

for stage in "${stages[@]}"; do
  case "$stage" in
    tokenizer)
      [ -f "$work/spm.model" ] || "$l2s" tokenizer train --input "$data/train.en,$data/train.de" \
        --model-prefix "$work/spm" --vocab-size 8000 ;;
    llm|slm)
      "$l2s" train --config "$here/$stage.json" "${data_flags[@]}" --output "$work/$stage" --resume ;;
    l2s)
      "$l2s" train --config "$here/l2s.json" "${data_flags[@]}" --llm "$work/llm" \
        --model-init "$work/slm" --output "$work/l2s" --resume ;;
    *) echo "train.sh: unknown stage '$stage' (tokenizer, llm, slm, l2s)" >&2; exit 1 ;;
  esac
done

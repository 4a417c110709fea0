#!/usr/bin/env bash
# Trains the default English→German pack's models with the project's own
# tools, on Multi30k, and assembles resources/packs/default from them. Every
# stage resumes where it stopped (rerun the script after an interruption;
# Ctrl-C saves a checkpoint).
#
#   scripts/default-pack/train.sh DATA_DIR [WORK_DIR] [STAGE...]
#
# DATA_DIR holds Multi30k task 1 (train.en/de, val.en/de). WORK_DIR (default
# runs/default-pack) receives the tokenizer and one folder per model.
# STAGE, in this order (default: all):
#   tokenizer     the shared sentencepiece vocabulary
#   llm           the large T5, trained alone
#   slm           the baseline: the small T5, trained alone
#   l2s           projector + the same small T5 (same seed, so the same start),
#                 trained on the frozen LLM encoder with the baseline's exact
#                 budget (slm.json and l2s.json differ only in the mode and
#                 the projector's hidden size, which only the pair has)
#   restart       one warm restart for both small models: the baseline and the
#                 pair (SLM + projector) each trained 3 more epochs from where
#                 they ended, with a fresh, lower learning-rate cycle
#                 (slm-restart.json and l2s-restart.json differ only in the mode)
#   pack          resources/packs/default, assembled from llm, slm-restart and
#                 l2s-restart
# The configs ask for one thread each: on two cores, run llm beside slm, then
# l2s (it needs the finished LLM). L2S_THREADS=N overrides the configs, e.g.
# to give one stage both cores.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib/pack-recipe.sh
source "$here/../lib/pack-recipe.sh"
parse_pack_args runs/default-pack "tokenizer llm slm l2s restart pack" "$@"

for file in train.en train.de val.en val.de; do
  [ -f "$data/$file" ] || { echo "train.sh: $data/$file is missing (Multi30k task 1)" >&2; exit 1; }
done

train() {  # CONFIG OUTPUT [FLAGS...]
  "$l2s" train --config "$here/$1.json" --output "$work/$2" --resume \
    --train-source "$data/train.en" --train-target "$data/train.de" \
    --dev-source "$data/val.en" --dev-target "$data/val.de" --tokenizer "$work/spm.model" "${threads[@]}" "${@:3}"
}

for stage in "${stages[@]}"; do
  case "$stage" in
    tokenizer)
      [ -f "$work/spm.model" ] || "$l2s" tokenizer train --input "$data/train.en,$data/train.de" \
        --model-prefix "$work/spm" --vocab-size 8000 ;;
    llm) train llm llm ;;
    slm) train slm slm ;;
    l2s) train l2s l2s --llm "$work/llm" ;;
    restart)
      train slm-restart slm-restart --model-init "$work/slm"
      train l2s-restart l2s-restart --llm "$work/llm" --model-init "$work/l2s/slm" --projector-init "$work/l2s/projector" ;;
    pack) "$root/scripts/assemble-pack.sh" "$here" "$root/resources/packs/default" llm="$work/llm" \
            slm_baseline="$work/slm-restart" slm="$work/l2s-restart/slm" projector="$work/l2s-restart/projector" ;;
    *) echo "train.sh: unknown stage '$stage' (tokenizer, llm, slm, l2s, restart, pack)" >&2; exit 1 ;;
  esac
done

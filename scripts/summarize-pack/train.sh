#!/usr/bin/env bash
# Trains the summarization pack's models (arXiv abstract -> title) with the
# project's own tools and assembles resources/packs/summarize from them. Every
# stage resumes where it stopped (rerun the script after an interruption;
# Ctrl-C saves a checkpoint).
#
#   scripts/summarize-pack/train.sh DATA_DIR [WORK_DIR] [STAGE...]
#
# DATA_DIR holds the arXiv titles data (train.abstract.gz, train.title.gz,
# valid.abstract, valid.title). WORK_DIR (default runs/summarize-pack) receives
# the unpacked data, the tokenizer and one folder per model. Every choice is
# made on `valid`; `test` is not read here (docs/results.md: the protocol).
# STAGE, in this order (default: all):
#   data        unpack the training data; the small models' share is its first
#               $SMALL_EXAMPLES pairs
#   tokenizer   the sentencepiece vocabulary (abstracts and titles)
#   llm         the large T5, trained alone, data-parallel on 2 processes
#   llm-more    two more epochs of it, from where it ended, with a fresh,
#               lower learning-rate cycle (one epoch left it still improving)
#               The pair and the pack use its best dev checkpoint
#               (llm-more/best): the rule that picks every model here
#   slm-init    the small T5's starting point: the LLM's encoder blocks 0 and 3
#               and decoder blocks 0 and 5 (scripts/select-layers.py), so the
#               small models start from what the LLM learned instead of noise
#   slm         the baseline: the small T5 trained alone on the small share
#   l2s         projector + the same small T5 (same seed, so the same start),
#               on the frozen LLM encoder, with the baseline's exact data and
#               budget (slm.json and l2s.json differ only in the mode and the
#               projector)
#   pack        resources/packs/summarize, assembled from llm, slm and l2s
# The configs ask for one thread each: on two cores, run slm beside l2s.
# L2S_THREADS=N overrides the configs.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib/pack-recipe.sh
source "$here/../lib/pack-recipe.sh"
parse_pack_args runs/summarize-pack "data tokenizer llm llm-more slm-init slm l2s pack" "$@"
small_examples="${SMALL_EXAMPLES:-153939}"
llm="$work/llm-more/best"

for file in train.abstract.gz train.title.gz valid.abstract valid.title; do
  [ -f "$data/$file" ] || { echo "train.sh: $data/$file is missing (arXiv titles)" >&2; exit 1; }
done

train() {  # CONFIG OUTPUT SHARE [FLAGS...]
  "$l2s" train --config "$here/$1.json" --output "$work/$2" --resume \
    --train-source "$work/data/$3.abstract" --train-target "$work/data/$3.title" \
    --dev-source "$data/valid.abstract" --dev-target "$data/valid.title" --tokenizer "$work/spm.model" \
    "${threads[@]}" "${@:4}"
}

for stage in "${stages[@]}"; do
  case "$stage" in
    data)
      mkdir -p "$work/data"
      for side in abstract title; do
        zcat "$data/train.$side.gz" > "$work/data/train.$side.tmp" && mv "$work/data/train.$side.tmp" "$work/data/train.$side"
        head -n "$small_examples" "$work/data/train.$side" > "$work/data/small.$side"
      done ;;
    tokenizer)
      [ -f "$work/spm.model" ] || "$l2s" tokenizer train --input "$work/data/train.abstract,$work/data/train.title" \
        --model-prefix "$work/spm" --vocab-size 8000 --input-sentence-size 300000 ;;
    llm) train llm llm train --nproc 2 ;;
    llm-more) train llm-more llm-more train --nproc 2 --model-init "$work/llm" ;;
    slm-init) "$root/scripts/select-layers.py" --model "$llm" --out "$work/slm-init" \
                --encoder-layers 0,3 --decoder-layers 0,5 ;;
    slm) train slm slm small --model-init "$work/slm-init" ;;
    l2s) train l2s l2s small --llm "$llm" --model-init "$work/slm-init" ;;
    pack) "$root/scripts/assemble-pack.sh" "$here" "$root/resources/packs/summarize" llm="$llm" \
            slm_baseline="$work/slm" slm="$work/l2s/slm" projector="$work/l2s/projector" ;;
    *) echo "train.sh: unknown stage '$stage' (data, tokenizer, llm, llm-more, slm-init, slm, l2s, pack)" >&2; exit 1 ;;
  esac
done

# Shared by the packs' training scripts (scripts/*-pack/train.sh), sourced
# after they set `here` to their own folder:
#   parse_pack_args DEFAULT_WORK "DEFAULT STAGES" DATA_DIR [WORK_DIR] [STAGE...]
# sets data, work (created), stages, root, l2s (built if missing) and threads
# (--threads N when L2S_THREADS=N, to override the configs).
root="$(cd "$here/../.." && pwd)"

parse_pack_args() {
  local default_work="$1" default_stages="$2"
  shift 2
  data="${1:?usage: train.sh DATA_DIR [WORK_DIR] [STAGE...]}"
  work="${2:-$root/$default_work}"
  shift $(( $# >= 2 ? 2 : 1 ))
  stages=("$@")
  [ ${#stages[@]} -gt 0 ] || read -r -a stages <<< "$default_stages"
  [ -x "$root/build/bin/l2s" ] || "$root/scripts/build.sh"
  l2s="$root/build/bin/l2s"
  mkdir -p "$work"
  threads=()
  [ -z "${L2S_THREADS:-}" ] || threads=(--threads "$L2S_THREADS")
}

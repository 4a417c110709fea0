#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/) with clang into build-fuzz/ and
# runs each for SECONDS (default 60) from its seed corpus in tests/fuzz/corpus/
# and its kept crash reproducers in tests/fuzz/crashes/.
# Prints each target's executions and coverage (libFuzzer's final stats).
# Exits non-zero when any target finds a crash, a leak or a timeout; the
# input that did it is left in build-fuzz/findings/<target>/.
#   scripts/fuzz.sh [SECONDS] [TARGET...]     e.g. scripts/fuzz.sh 30 safetensors
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then  # every target: tests/fuzz/fuzz_<name>.cpp
  for source in "$root"/tests/fuzz/fuzz_*.cpp; do
    name="${source##*/fuzz_}"
    targets+=("${name%.cpp}")
  done
fi

"$root/scripts/install-fuzz-deps.sh"
build="$root/build-fuzz"
cmake -S "$root/tests/fuzz" -B "$build" -DCMAKE_CXX_COMPILER=clang++ >/dev/null
# Only the targets asked for: those that run models compile the engine's libtorch sources.
cmake --build "$build" -j"$(nproc)" --target "${targets[@]/#/fuzz_}" >/dev/null

export L2S_SPM_PLUGIN="$build/libl2s_spm.so"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
failed=()
printf '%-16s %12s %8s %8s %s\n' target executions cov ft result
for target in "${targets[@]}"; do
  work="$build/corpus/$target"      # grows as the fuzzer learns; the seeds stay untouched
  findings="$build/findings/$target"
  mkdir -p "$work" "$findings"
  log="$build/$target.log"
  # -timeout: one input taking over 10 s is a hang; -rss_limit_mb: a bounded parser never needs 2 GB.
  set +e
  seeds=("$root/tests/fuzz/corpus/$target")
  [ -d "$root/tests/fuzz/crashes/$target" ] && seeds+=("$root/tests/fuzz/crashes/$target")
  "$build/fuzz_$target" "$work" "${seeds[@]}" -max_total_time="$seconds" \
    -timeout=10 -rss_limit_mb=2048 -max_len=65536 -detect_leaks=1 -print_final_stats=1 \
    -artifact_prefix="$findings/" >"$log" 2>&1
  rc=$?
  set -e
  runs=$(grep -oP '^stat::number_of_executed_units:\s*\K[0-9]+' "$log" | tail -1)
  cov=$(grep -oP '^#[0-9]+\s+\S+\s+cov: \K[0-9]+' "$log" | tail -1)
  ft=$(grep -oP '^#[0-9]+\s+\S+\s+cov: [0-9]+ ft: \K[0-9]+' "$log" | tail -1)
  result=ok
  if [ $rc -ne 0 ]; then result="FAILED (rc $rc, see $log and $findings/)"; failed+=("$target"); fi
  printf '%-16s %12s %8s %8s %s\n' "$target" "${runs:-?}" "${cov:-?}" "${ft:-?}" "$result"
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: findings in: ${failed[*]}" >&2
  exit 1
fi

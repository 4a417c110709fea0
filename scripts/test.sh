#!/usr/bin/env bash
# Builds l2s and runs the whole test suite (no display needed).
#   scripts/test.sh [CTEST ARGS...]             Release build in build/
#   scripts/test.sh --sanitize [CTEST ARGS...]  our code built with AddressSanitizer and
#       UndefinedBehaviorSanitizer in build-sanitize/; any report fails the test that
#       made it. Third-party suppressions with reasons: tests/sanitize/*.supp.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export QT_QPA_PLATFORM=offscreen
if [ "${1:-}" = "--sanitize" ]; then
  shift
  "$root/scripts/install-deps.sh"
  build="$root/build-sanitize"
  flags="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DL2S_BUILD_BENCHMARKS=OFF \
    -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
    -DCMAKE_MODULE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
  cmake --build "$build" -j"$(nproc)" ${L2S_SANITIZE_TARGETS:+--target $L2S_SANITIZE_TARGETS}
  supp="$root/tests/sanitize"
  export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:detect_odr_violation=0"
  export LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0"
  export UBSAN_OPTIONS="suppressions=$supp/ubsan.supp:print_stacktrace=1:halt_on_error=1"
  cd "$build"
  exec ctest --output-on-failure --timeout 3600 "$@"
fi
"$root/scripts/build.sh"
cd "$root/build"
ctest --output-on-failure --timeout 1200 "$@"

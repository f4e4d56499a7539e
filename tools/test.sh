#!/bin/bash
# The README's second command: installs what is needed, builds herald, and
# runs every test: unit tests, end-to-end tests against real BGP daemons, and
# both again under AddressSanitizer and UndefinedBehaviorSanitizer, then a
# short run of every fuzz target with a fixed seed, count and input order
# (tools/fuzz.sh --smoke), whatever the machine's speed.
set -euo pipefail
cd "$(dirname "$0")/.."
# Unit tests run on every core; end-to-end tests one at a time (they share
# loopback ports and real daemons). Both run even when the first fails.
run_tests() {
  local rc=0
  ctest --test-dir "$1" -LE e2e -j"$(nproc)" --output-on-failure --timeout 900 || rc=1
  ctest --test-dir "$1" -L e2e --output-on-failure --timeout 900 || rc=1
  return "$rc"
}
tools/deps.sh
tools/build.sh
echo "== unit and end-to-end tests"
run_tests build
echo "== unit and end-to-end tests under ASan/UBSan"
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DHERALD_SANITIZE=ON -DHERALD_BENCH=OFF >/dev/null
cmake --build build-asan -j"$(nproc)"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# Leaks inside third-party libraries (libedit) are not herald's: tools/lsan.supp.
export LSAN_OPTIONS="suppressions=$PWD/tools/lsan.supp:print_suppressions=0"
run_tests build-asan
echo "== fuzz targets, a fixed run each"
tools/fuzz.sh --smoke
echo "== all tests passed"

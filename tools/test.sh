#!/bin/bash
# The README's second command: installs what is needed, builds herald, and
# runs every test: unit tests, end-to-end tests against real BGP daemons, and
# both again under AddressSanitizer and UndefinedBehaviorSanitizer, then a
# short run of every fuzz target with a fixed seed, count and input order
# (tools/fuzz.sh --smoke), whatever the machine's speed.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/deps.sh
tools/build.sh
echo "== unit and end-to-end tests"
ctest --test-dir build --output-on-failure --timeout 900
echo "== unit and end-to-end tests under ASan/UBSan"
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DHERALD_SANITIZE=ON -DHERALD_BENCH=OFF >/dev/null
cmake --build build-asan -j"$(nproc)"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# Leaks inside third-party libraries (libedit) are not herald's: tools/lsan.supp.
export LSAN_OPTIONS="suppressions=$PWD/tools/lsan.supp:print_suppressions=0"
ctest --test-dir build-asan --output-on-failure --timeout 900
echo "== fuzz targets, a fixed run each"
tools/fuzz.sh --smoke
echo "== all tests passed"

#!/bin/bash
# Builds herald's Debian packages (herald, herald-exabgp-compat) with CPack
# from a Release build in build-package/, and prints their paths. Install
# with `dpkg -i build-package/herald_*.deb` (README: Install).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/deps.sh --build-only
command -v dpkg-shlibdeps >/dev/null || { echo "tools/package.sh: needs dpkg-dev (dpkg-shlibdeps)" >&2; exit 1; }
B=build-package
cmake -S . -B "$B" -G Ninja -DCMAKE_BUILD_TYPE=Release -DHERALD_TESTS=OFF -DHERALD_BENCH=OFF >/dev/null
cmake --build "$B" -j"$(nproc)" --target herald man
(cd "$B" && cpack >/dev/null)
ls "$PWD/$B"/*.deb

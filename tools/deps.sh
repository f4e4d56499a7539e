#!/bin/bash
# Installs what herald needs on Debian 12: build tools and libraries, and the
# real BGP daemons the end-to-end tests run against. Safe to run again.
set -euo pipefail
# libedit-dev: line editing, history and completion in `herald cli`'s shell.
BUILD=(g++ cmake ninja-build pkg-config libasio-dev libfmt-dev libspdlog-dev libcli11-dev libedit-dev
       libgtest-dev libgmock-dev libbenchmark-dev)
# clang and libclang-rt-14-dev (libFuzzer): the fuzz targets (tools/fuzz.sh).
# qemu-system-x86, busybox-static, xz-utils: the VM the TCP-AO session tests
# run in where the kernel lacks TCP-AO (tools/vm_pytest.py, tools/vm_kernel.sh).
TEST=(python3 python3-pytest python3-prometheus-client dpkg-dev gobgpd bird2 frr exabgp iproute2 procps systemd gnuplot-nox clang libclang-rt-14-dev
      qemu-system-x86 busybox-static xz-utils)
missing=()
want=("${BUILD[@]}")
if [ "${1:-}" != "--build-only" ]; then want+=("${TEST[@]}"); fi
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "tools/deps.sh: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
# The packaged daemons must not run as services during tests.
for svc in bird gobgpd frr exabgp; do
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$svc" 2>/dev/null; then
    echo "tools/deps.sh: note: the $svc service is running; the tests use their own instances"
  fi
done

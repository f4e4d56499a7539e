#!/bin/bash
# Fetches a Debian kernel built with CONFIG_TCP_AO (for the TCP-AO session
# tests, run in a qemu VM when the machine's own kernel lacks TCP-AO) into a
# cache directory, without touching the machine's apt sources: apt-get runs
# with its own sources list, lists and cache under the cache directory, and
# checks the archive's signatures with the machine's Debian keyring.
# Idempotent: a second run finds the kernel in the cache and prints it.
#
#   tools/vm_kernel.sh            prints the kernel's directory (it holds
#                                 vmlinuz, config, modules/ and version)
#   HERALD_VM_CACHE=DIR           cache directory (default ~/.cache/herald-vm, kept
#                                 across clones; build/vm without a home)
#   HERALD_VM_SUITE=SUITE         Debian suite to take it from (default
#                                 trixie-backports: the 6.12 kernels of
#                                 bookworm-backports and trixie lack CONFIG_TCP_AO)
#   HERALD_VM_MIRROR=URL          Debian mirror (default deb.debian.org)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
if [ -n "${HERALD_VM_CACHE:-}" ]; then CACHE=$HERALD_VM_CACHE
elif [ -n "${XDG_CACHE_HOME:-}${HOME:-}" ]; then CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/herald-vm
else CACHE=$ROOT/build/vm
fi
SUITE=${HERALD_VM_SUITE:-trixie-backports}
MIRROR=${HERALD_VM_MIRROR:-http://deb.debian.org/debian}
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
OUT="$CACHE/kernel-$SUITE"
# The modules the VM loads, in order: virtio 9p to mount the machine's files,
# cmac for aes-128-cmac-96.
MODULES=(netfs 9pnet 9pnet_virtio 9p cmac)

if [ -s "$OUT/vmlinuz" ] && [ -s "$OUT/version" ]; then
  echo "$OUT"
  exit 0
fi
mkdir -p "$CACHE"
# One fetch at a time; the one that waited finds the kernel in the cache.
exec 9>"$CACHE/lock"
flock 9
if [ -s "$OUT/vmlinuz" ] && [ -s "$OUT/version" ]; then
  echo "$OUT"
  exit 0
fi
[ -r "$KEYRING" ] || { echo "vm_kernel.sh: no $KEYRING (debian-archive-keyring)" >&2; exit 1; }
APT="$CACHE/apt-$SUITE"
mkdir -p "$APT/lists/partial" "$APT/cache/archives/partial" "$APT/etc"
echo "deb [signed-by=$KEYRING] $MIRROR $SUITE main" >"$APT/etc/sources.list"
opts=(-o "Dir::Etc::SourceList=$APT/etc/sources.list" -o Dir::Etc::SourceParts=/dev/null
      -o Dir::Etc::Preferences=/dev/null -o Dir::Etc::PreferencesParts=/dev/null
      -o "Dir::State::Lists=$APT/lists" -o "Dir::Cache=$APT/cache" -o Dir::State::Status=/dev/null
      -o APT::Architecture=amd64 -o APT::Architectures=amd64 -o Acquire::Languages=none -o APT::Sandbox::User=root
      -o Acquire::IndexTargets::deb::Contents-deb::DefaultEnabled=false -q)
apt-get "${opts[@]}" --error-on=any update >&2 ||
  { echo "vm_kernel.sh: cannot read $SUITE's index from $MIRROR" >&2; exit 1; }
# The kernel linux-image-amd64 points at; newer Debian kernels split it
# into linux-binary-* (vmlinuz), linux-modules-* and linux-base-* (config).
abi=$(apt-cache "${opts[@]}" depends linux-image-amd64 | sed -n 's/^ *Depends: linux-image-\([0-9].*-amd64\)$/\1/p' | head -1)
[ -n "$abi" ] || { echo "vm_kernel.sh: no linux-image-amd64 in $SUITE" >&2; exit 1; }
tmp=$(mktemp -d "$CACHE/tmp.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fetch() {  # PART...: the packages linux-PART-$abi that exist, extracted into $tmp/x
  local pkgs=() p deb
  for p in "$@"; do
    apt-cache "${opts[@]}" show "linux-$p-$abi" >/dev/null 2>&1 && pkgs+=("linux-$p-$abi")
  done
  [ ${#pkgs[@]} -gt 0 ] || return 0
  (cd "$tmp" && apt-get "${opts[@]}" download "${pkgs[@]}" >&2)
  for deb in "$tmp"/*.deb; do
    echo "vm_kernel.sh: $(basename "$deb") ($(du -h "$deb" | cut -f1))" >&2
    dpkg-deb -x "$deb" "$tmp/x"
    rm "$deb"
  done
}
# The config first (in linux-base, or in linux-image before the split).
fetch base image
config=$(find "$tmp/x" -path '*/boot/config-*' -o -path '*/lib/modules/*/config' | head -1)
[ -n "$config" ] || { echo "vm_kernel.sh: no kernel config in $abi's packages" >&2; exit 1; }
if ! grep -q '^CONFIG_TCP_AO=y' "$config"; then
  echo "vm_kernel.sh: $abi of $SUITE is built without CONFIG_TCP_AO" >&2
  exit 1
fi
fetch binary modules
moddir=$(find "$tmp/x" -maxdepth 4 -type d -path '*/lib/modules/*' | head -1)
ver=$(basename "$moddir")
vmlinuz=$(find "$tmp/x" -name "vmlinuz-$ver" -o -path "$moddir/vmlinuz" | head -1)
[ -n "$vmlinuz" ] || { echo "vm_kernel.sh: no vmlinuz in $abi's packages" >&2; exit 1; }
mkdir -p "$tmp/out/modules"
cp "$vmlinuz" "$tmp/out/vmlinuz"
cp "$config" "$tmp/out/config"
for m in "${MODULES[@]}"; do
  f=$(find "$moddir" -name "$m.ko*" | head -1)
  if [ -z "$f" ]; then
    # Built into the kernel: nothing to load.
    continue
  fi
  case "$f" in
    *.xz) xz -dc "$f" >"$tmp/out/modules/$m.ko" ;;
    *.zst) zstd -qdc "$f" >"$tmp/out/modules/$m.ko" ;;
    *) cp "$f" "$tmp/out/modules/$m.ko" ;;
  esac
done
printf '%s\n' "${MODULES[@]}" >"$tmp/out/modules/order"
echo "$ver" >"$tmp/out/version"
rm -rf "$OUT"
mv "$tmp/out" "$OUT"
echo "$OUT"

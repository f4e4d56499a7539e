#!/bin/bash
# The README's first command: installs what is needed, builds herald and runs
# its demo (a health check announcing and withdrawing a service IP to a BGP
# peer, on loopback).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/deps.sh --build-only
tools/build.sh
exec build/herald demo "$@"

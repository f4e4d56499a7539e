#!/bin/bash
# The soak test: herald with 1,000 sessions (short hold times), route churn
# from API processes, session flaps and reloads, for an hour on one core;
# checks that RSS and descriptors stay flat and that every peer ends up with
# exactly the routes wanted. Exit code 0 on pass, 1 on fail.
#
#   tools/soak.sh [--minutes 60] [--sessions 1000] [--out DIR] [more: --help]
#
# Brings build/ up to date first (tools/build.sh, niced; nothing to do when it
# is), unless --build DIR names another build. Results (samples.csv,
# summary.txt, logs) go to BUILD/soak/<date>/ unless --out.
# Everything runs on loopback (127.0.0.2 and 127.0.X.Y); every process is
# stopped at the end, also on Ctrl-C. See tools/soak.py for what is checked.
set -euo pipefail
cd "$(dirname "$0")/.."
build=build
for ((i = 1; i <= $#; i++)); do
  case ${!i} in
    --build) j=$((i + 1)); build=${!j-} ;;
    --build=*) build=${!i#--build=} ;;
    -h | --help) exec python3 tools/soak.py --help ;;
  esac
done
if [[ $build == build ]]; then
  nice -n 10 tools/build.sh
fi
exec python3 tools/soak.py "$@"

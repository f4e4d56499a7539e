#!/bin/bash
# Builds herald's libFuzzer targets (tests/fuzz/) with clang, ASan and UBSan
# in build-fuzz/, and runs them.
#
#   tools/fuzz.sh                     every target, FUZZ_SECONDS (default 25) seconds each
#   tools/fuzz.sh TARGET [SECONDS]    one target (message, capability, update, render,
#                                     command, config, fsm, flow, flowmatch, labeled), 25 seconds or SECONDS
#   tools/fuzz.sh --runs N [TARGET]   every target (or one) for N executions each
#   tools/fuzz.sh --smoke             every target, SMOKE_RUNS executions each with
#                                     libFuzzer's seed 1, from the seeds and the kept
#                                     corpus only, given as one sorted list (not the
#                                     folders, whose order is the file system's), as
#                                     tools/test.sh and CI run it. The count does not
#                                     depend on the machine's speed; the mutations can
#                                     still differ between two builds of one tree (two
#                                     runs of 7b7a5ae in different folders reached
#                                     slightly different coverage), so a local pass
#                                     makes a CI pass likely, not certain.
#   tools/fuzz.sh --build             only build
#
# Targets run one after another, at nice 19. Each starts from the inputs kept
# in tests/fuzz/corpus/TARGET/, fresh seeds made from the captured messages,
# API lines and configurations in the tree (tests/fuzz/make_seeds.py), and
# what earlier runs found (build-fuzz/corpus/TARGET/, not in git). A finding
# (crash, leak, undefined behaviour, timeout, failed round trip or invalid
# JSON) is saved in build-fuzz/findings/TARGET/ and printed as hex; the script
# then exits 1. A unit is a timeout after 60 s (not 10: machines are shared,
# and a starved run must not report a slow scheduler as a finding). For each
# target it prints executions, executions per second, coverage (edges,
# features) and the corpus size. To keep a finding: fix it,
# add a named regression test next to the code, and copy the input into
# tests/fuzz/corpus/TARGET/ (fuzz_corpus_test replays that folder in the unit
# tests). To shrink the corpus in git after a long run:
#   build-fuzz/tests/fuzz/fuzz_T -merge=1 NEW_DIR tests/fuzz/corpus/T build-fuzz/corpus/T
set -euo pipefail
cd "$(dirname "$0")/.."
TARGETS=(message capability update render command config fsm flow flowmatch labeled)
seconds="${FUZZ_SECONDS:-25}"
runs=""
only=""
smoke=""
# About 20 s each on a 2-core machine; fixed, so a run can be repeated exactly.
declare -A SMOKE_RUNS=([message]=100000 [capability]=300000 [update]=500000 [render]=40000 [command]=600000
                    [config]=80000 [fsm]=100000 [flow]=30000 [flowmatch]=600000 [labeled]=300000)
case "${1:-}" in
  --build) only="--build" ;;
  --smoke) smoke=1 ;;
  --runs) runs="${2:?--runs needs a count}"; only="${3:-}" ;;
  "") ;;
  *) only="$1"; seconds="${2:-$seconds}" ;;
esac
if [ -n "$only" ] && [ "$only" != "--build" ]; then
  [[ " ${TARGETS[*]} " == *" $only "* ]] || { echo "tools/fuzz.sh: unknown target $only (${TARGETS[*]})" >&2; exit 2; }
  TARGETS=("$only")
fi

B=build-fuzz
CC=clang CXX=clang++ cmake -S . -B "$B" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHERALD_FUZZ=ON \
  -DHERALD_TESTS=OFF -DHERALD_BENCH=OFF >/dev/null
cmake --build "$B" -j"$(nproc)" --target "${TARGETS[@]/#/fuzz_}"
[ "$only" = "--build" ] && exit 0

rm -rf "$B/seeds"
python3 tests/fuzz/make_seeds.py "$B/seeds"
declare -A DICT=([message]=wire [update]=wire [render]=wire [capability]=wire [command]=command [config]=config
              [flowmatch]=flow)
declare -A MAXLEN=([message]=8192 [update]=4200 [render]=8192 [capability]=1024 [command]=1024 [config]=8192 [fsm]=4096
                [flow]=4200 [flowmatch]=1024 [labeled]=4200)
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
failed=()
summary=()
for t in "${TARGETS[@]}"; do
  mkdir -p "$B/corpus/$t" "$B/findings/$t"
  found="$B/corpus/$t"
  inputs=("$found" "$B/seeds/$t" "tests/fuzz/corpus/$t")
  if [ -n "$smoke" ]; then
    found="$B/smoke-corpus/$t"
    rm -rf "$found"
    mkdir -p "$found"
    list="$B/smoke-corpus/$t.list"
    find "$B/seeds/$t" "tests/fuzz/corpus/$t" -type f | LC_ALL=C sort | paste -sd, > "$list"
    inputs=("$found")
  fi
  args=(-max_len="${MAXLEN[$t]}" -timeout=60 -rss_limit_mb=2048 -print_final_stats=1
        -artifact_prefix="$B/findings/$t/")
  [ -n "${DICT[$t]:-}" ] && args+=(-dict="tests/fuzz/dict/${DICT[$t]}.dict")
  if [ -n "$smoke" ]; then
    args+=(-runs="${SMOKE_RUNS[$t]}" -seed=1 -seed_inputs=@"$list")
    echo "== fuzz_$t, ${SMOKE_RUNS[$t]} runs, seed 1"
  elif [ -n "$runs" ]; then
    args+=(-runs="$runs")
    echo "== fuzz_$t, $runs runs"
  else
    args+=(-max_total_time="$seconds")
    echo "== fuzz_$t, $seconds s"
  fi
  log="$B/findings/$t/last-run.log"
  status=0
  touch "$B/findings/$t/.started"
  nice -n 19 "$B/tests/fuzz/fuzz_$t" "${args[@]}" "${inputs[@]}" \
    >"$log" 2>&1 || status=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(grep -Eo 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+' "$log" | tail -1)
  summary+=("$(printf '%-11s %12s execs %8s exec/s  %s' "$t" "${execs:-?}" "${rate:-?}" "${cov:-}")")
  if [ "$status" -ne 0 ]; then
    failed+=("$t")
    grep -E 'ERROR|fuzz check failed|SUMMARY|runtime error|Test unit written' "$log" | head -20 || true
    # This run's findings: those newer than its start mark.
    find "$B/findings/$t" -newer "$B/findings/$t/.started" -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' \
      -o -name 'oom-*' \) | while read -r f; do
      echo "$f: $(od -An -tx1 -v "$f" | tr -d ' \n' | head -c 4000)"
    done
    echo "(whole log: $log)"
  fi
done
echo "== fuzz summary"
printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "tools/fuzz.sh: findings in: ${failed[*]}" >&2
  exit 1
fi

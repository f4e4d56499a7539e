#!/usr/bin/python3
"""herald's benchmark suite: herald and Debian's ExaBGP side by side.

    bench/run.py [--scenarios S1,S2,...] [--quick] [--reps N]
                 [--speakers herald,exabgp] [--build DIR] [--out DIR] [--publish]

Scenarios (bench/README.md says what each measures and how):
  micro     Google Benchmark micro-benchmarks of the hot paths (herald only)
  ceil      the helpers' own ceilings (generator, sink, sender, counter)
  S1        API injection: N announce lines -> all N at the peer (N = 10k, 100k, 1M)
  S2        receive to JSON: N routes from a peer -> counted in a process's JSON
  S3        memory: idle RSS, RSS holding N routes (adj-RIB-out) and after N received
  S4        reaction latency: 1,000 announce/withdraw toggles, line -> UPDATE at the peer
  S5        sessions: 10, 100, 1,000 neighbors: time to Established, idle CPU, RSS
  S6        churn: 100k routes, then waves of 10k withdraw + re-announce
  S7        FlowSpec injection: N rules from a process -> all N at the peer (N = 10k, 100k)

Runs are interleaved herald, ExaBGP, herald, ExaBGP per repetition. Each
scenario prints median, min, max and the herald/ExaBGP ratio of the
medians, and writes every run to bench/results/<date>-<scenario>.json; a
summary plot goes to bench/results/summary.svg (doc/bench.svg with
--publish). This is a benchmark, not a test: nothing here asserts a time.
Build first: tools/build.sh (herald, the helpers and herald-micro).
"""

import argparse
import os
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import lib  # noqa: E402
import plot  # noqa: E402
from scenarios import ceilings, micro, s1_inject, s2_receive, s3_memory, s4_latency, s5_sessions, s6_churn, s7_flow  # noqa: E402

SCENARIOS = {
    "micro": micro.run,
    "ceil": ceilings.run,
    "S1": s1_inject.run,
    "S2": s2_receive.run,
    "S3": s3_memory.run,
    "S4": s4_latency.run,
    "S5": s5_sessions.run,
    "S6": s6_churn.run,
    "S7": s7_flow.run,
}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scenarios", default=",".join(SCENARIOS),
                    help="comma-separated, from: " + ", ".join(SCENARIOS) + " (default: all)")
    ap.add_argument("--quick", action="store_true", help="smoke test: 1 repetition, smaller N (~3 min)")
    ap.add_argument("--reps", type=int, default=0, help="repetitions per speaker (default 3, --quick 1)")
    ap.add_argument("--speakers", default="herald,exabgp")
    ap.add_argument("--build", default=os.path.join(lib.ROOT, "build"),
                    help="build directory with herald, the helpers and herald-micro (default build/)")
    ap.add_argument("--herald", default=None, help="herald binary (default BUILD/herald)")
    ap.add_argument("--out", default=os.path.join(lib.BENCH, "results"))
    ap.add_argument("--publish", action="store_true", help="copy the summary plot to doc/bench.svg")
    ap.add_argument("--keep", action="store_true", help="keep each run's temporary directory")
    args = ap.parse_args()

    wanted = [s.strip() for s in args.scenarios.split(",") if s.strip()]
    unknown = [s for s in wanted if s not in SCENARIOS]
    if unknown:
        ap.error(f"unknown scenario(s): {', '.join(unknown)}")
    ctx = lib.Context(args)
    missing = ctx.check()
    if missing:
        sys.exit("missing: " + ", ".join(missing) + "\n(build them: tools/build.sh, or "
                 "cmake --build BUILD --target herald herald-bench-helpers)")
    if os.geteuid() != 0 and "exabgp" in ctx.speakers:
        print("note: not root; ExaBGP may refuse to run as configured (daemon.user=root)")

    print(f"herald benchmark suite, {ctx.stamp}: scenarios {', '.join(wanted)}; speakers "
          f"{', '.join(ctx.speakers)}; {ctx.reps} repetition(s){' (quick)' if ctx.quick else ''}")
    print(f"  herald: {ctx.herald}\n  results: {ctx.out}", flush=True)
    began = time.monotonic()
    for name in wanted:
        print(f"\n=== {name} ===", flush=True)
        t = time.monotonic()
        SCENARIOS[name](ctx)
        print(f"  ({name} took {time.monotonic() - t:.0f} s)", flush=True)

    svg = plot.make(ctx.out)
    if svg and args.publish:
        dest = os.path.join(lib.ROOT, "doc", "bench.svg")
        shutil.copyfile(svg, dest)
        print(f"published {os.path.relpath(dest)}")
    print(f"\nall done in {time.monotonic() - began:.0f} s")
    if ctx.failures:
        sys.exit(f"{ctx.failures} run(s) failed (see above)")


if __name__ == "__main__":
    main()

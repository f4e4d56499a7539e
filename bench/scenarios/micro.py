"""micro: herald's hot paths under Google Benchmark (bench/micro/*.cc, the
herald-micro binary): API line parsing, UPDATE packing, UPDATE decoding and
JSON/text rendering, in items (lines, prefixes, routes) per second on one
core. herald only: there is no ExaBGP counterpart.
"""

import json
import os
import subprocess

import lib


def run(ctx):
    binary = ctx.tool("herald-micro")
    if not os.access(binary, os.X_OK):
        print(f"  {binary} is missing (libbenchmark-dev not installed?): skipped")
        return None
    out = os.path.join(ctx.out, f"{ctx.stamp}-micro.raw.json")
    min_time = "0.05" if ctx.quick else "0.5"
    reps = "1" if ctx.quick else "3"
    subprocess.run([binary, f"--benchmark_min_time={min_time}", f"--benchmark_repetitions={reps}",
                    "--benchmark_report_aggregates_only=true", "--benchmark_format=console",
                    f"--benchmark_out={out}", "--benchmark_out_format=json"],
                   check=True, timeout=600, stdout=subprocess.DEVNULL)
    with open(out) as f:
        raw = json.load(f)
    os.unlink(out)
    rows = []
    for b in raw["benchmarks"]:
        # With repetitions, keep the medians; without, the single runs.
        if b.get("run_type") == "aggregate" and b.get("aggregate_name") != "median":
            continue
        rows.append({"name": b.get("run_name", b["name"]), "items_per_second": b.get("items_per_second"),
                     "ns_per_iteration": b["real_time"] if b.get("time_unit") == "ns" else None,
                     "time": b["real_time"], "time_unit": b.get("time_unit"),
                     "bytes_per_second": b.get("bytes_per_second")})
    print(f"\nmicro: herald hot paths, one core (median of {reps} run(s))")
    print(f"  {'benchmark':36s} {'items/s':>16s} {'time/iteration':>16s}")
    for r in rows:
        items = f"{r['items_per_second']:,.0f}" if r["items_per_second"] else "-"
        print(f"  {r['name']:36s} {items:>16s} {r['time']:>13,.0f} {r['time_unit']}")
    path = os.path.join(ctx.out, f"{ctx.stamp}-micro.json")
    with open(path, "w") as f:
        json.dump({"scenario": "micro", "date": ctx.stamp, "system": lib.versions(ctx),
                   "context": raw.get("context"), "benchmarks": rows}, f, indent=1)
    print(f"  results: {os.path.relpath(path)}", flush=True)
    return path

#!/usr/bin/python3
"""herald's benchmark suite: herald and Debian's ExaBGP side by side.

Scenario S1 (API injection): a compiled generator process writes N
`announce route` lines (distinct /32s, shared attributes); the time measured
is from the session reaching Established at a compiled sink until the sink
holds all N prefixes. Runs are interleaved herald, ExaBGP, herald, ... and
the medians, min/max and the ratio are printed and saved as JSON.

    bench/run.py [--n 100000] [--reps 3] [--speakers herald,exabgp] [--build build]

This is a benchmark, not a test: nothing here asserts a time.
"""

import argparse
import datetime
import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port(address):
    s = socket.socket()
    s.bind((address, 0))
    port = s.getsockname()[1]
    s.close()
    return port


def run_s1(speaker, n, build, timeout):
    gen = os.path.join(build, "herald-bench-gen")
    sink_bin = os.path.join(build, "herald-bench-sink")
    work = tempfile.mkdtemp(prefix=f"herald-bench-{speaker}-")
    port = free_port("127.0.0.2")
    sink = subprocess.Popen([sink_bin, "127.0.0.2", str(port), "65002", str(n)],
                            stdout=subprocess.PIPE, text=True, start_new_session=True)
    assert sink.stdout.readline().startswith("listening")
    config = f"""
process gen {{
    run {gen} {n};
    encoder text;
}}
neighbor 127.0.0.2 {{
    router-id 10.0.0.1;
    local-address 127.0.0.1;
    local-as 65001;
    peer-as 65002;
    family {{ ipv4 unicast; }}
    api {{ processes [ gen ]; }}
}}
"""
    conf = os.path.join(work, "bench.conf")
    with open(conf, "w") as f:
        f.write(config)
    env = dict(os.environ)
    env.update({"exabgp.tcp.port": str(port), "exabgp.tcp.bind": "",
                "exabgp.daemon.user": "root", "exabgp.daemon.drop": "false",
                "exabgp.api.cli": "false", "exabgp.log.destination": os.path.join(work, "log")})
    argv = [os.path.join(build, "herald"), conf] if speaker == "herald" else ["exabgp", conf]
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            cwd=work, start_new_session=True)
    result = {"speaker": speaker, "n": n}
    deadline = time.monotonic() + timeout
    try:
        established = None
        while time.monotonic() < deadline:
            line = sink.stdout.readline()
            if not line:
                break
            words = line.split()
            if words[0] == "established":
                established = float(words[1])
            elif words[0] == "complete":
                result["seconds"] = float(words[1]) - established
                result["routes_per_second"] = n / result["seconds"]
                break
        else:
            result["error"] = "timeout"
        if "seconds" not in result and "error" not in result:
            result["error"] = "sink closed"
        try:
            with open(f"/proc/{proc.pid}/status") as f:
                for l in f:
                    if l.startswith("VmRSS:"):
                        result["rss_kb"] = int(l.split()[1])
        except OSError:
            pass
    finally:
        for p in (proc, sink):
            try:
                os.killpg(p.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for p in (proc, sink):
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()
    return result


def summary(values):
    return {"median": statistics.median(values), "min": min(values), "max": max(values),
            "runs": len(values)}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=100000, help="routes to announce (default 100000)")
    ap.add_argument("--reps", type=int, default=3, help="repetitions per speaker (default 3)")
    ap.add_argument("--speakers", default="herald,exabgp")
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--timeout", type=float, default=900)
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "results"))
    args = ap.parse_args()
    speakers = args.speakers.split(",")

    runs = []
    for rep in range(args.reps):
        for sp in speakers:
            r = run_s1(sp, args.n, args.build, args.timeout)
            r["rep"] = rep
            runs.append(r)
            shown = f"{r['seconds']:.3f} s ({r['routes_per_second']:,.0f} routes/s)" if "seconds" in r else r["error"]
            print(f"S1 n={args.n} rep={rep} {sp:7s} {shown}", flush=True)

    print()
    print(f"S1 API injection, {args.n:,} routes, time from Established to all received")
    med = {}
    for sp in speakers:
        ok = [r["seconds"] for r in runs if r["speaker"] == sp and "seconds" in r]
        if not ok:
            print(f"  {sp:7s} no successful run")
            continue
        s = summary(ok)
        med[sp] = s["median"]
        print(f"  {sp:7s} median {s['median']:.3f} s  min {s['min']:.3f}  max {s['max']:.3f}"
              f"  ({args.n / s['median']:,.0f} routes/s)")
    if "herald" in med and "exabgp" in med:
        print(f"  ratio   ExaBGP/herald = {med['exabgp'] / med['herald']:,.0f}x")

    os.makedirs(args.out, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = os.path.join(args.out, f"s1-{args.n}-{stamp}.json")
    with open(path, "w") as f:
        json.dump({"scenario": "S1", "n": args.n, "machine": platform.node(),
                   "cpus": os.cpu_count(), "runs": runs}, f, indent=1)
    print(f"results: {path}")


if __name__ == "__main__":
    main()

"""S1 API injection: a compiled generator process writes N `announce route`
lines (distinct /32s, shared attributes) as fast as the pipe takes them;
the time is from the session reaching Established at the sink until the
sink holds all N prefixes.

Two variants: "sync", the generator writes from the start, so most routes
are queued before the session is up and go out in the initial sync; "live",
the generator waits for the speaker to report the session up
(neighbor-changes) and only then writes, so everything goes API -> RIB ->
wire on an established session. For "live" the time from the generator's
first line is recorded too.
"""

import time

import lib

TITLE = "API injection: Established -> the sink holds all N routes"
METRICS = [
    ("seconds", "time", "s", "lower"),
    ("routes_per_s", "routes/s", "/s", "higher"),
    ("from_first_line", "from first line", "s", "lower"),
    ("rss_mb", "speaker RSS after", "MB", "lower"),
]


def run_one(ctx, speaker, n, variant, timeout, settle=0.0, flow=False):
    """One run; with settle > 0 the speaker's memory is read that long after
    the sink holds all N (S3 uses this); with flow, the N lines are FlowSpec
    rules on an `ipv4 flow` session (S7 uses this)."""
    work = lib.Workdir("s1", ctx.args.keep)
    port = lib.free_port()
    sink = spk = None
    try:
        sink = lib.start_sink(ctx, port, expect=n)
        gen_log = work.file("gen.log")
        gen = [ctx.tool("herald-bench-gen"), "--log", gen_log]
        if variant == "live":
            gen.append("--wait-up")
        if flow:
            gen.append("--flow")
        gen.append(str(n))
        config = lib.process_block("gen", gen) + lib.neighbor_block(
            processes=["gen"], neighbor_changes=True, families="ipv4 flow;" if flow else "ipv4 unicast;")
        spk = lib.start_speaker(ctx, speaker, config, work, port)
        deadline = time.monotonic() + timeout
        est = float(sink.wait_line(lambda w: w[0] == "established", deadline)[1])
        done = float(sink.wait_line(lambda w: w[0] == "complete", deadline)[1])
        result = {"n": n, "variant": variant, "seconds": done - est, "routes_per_s": n / (done - est)}
        starts = [w for w in lib.read_log(gen_log) if w[0] == "start"]
        if variant == "live" and starts:
            result["from_first_line"] = done - float(starts[0][1])
        if settle:
            time.sleep(settle)
        memory = lib.memory_mb(spk.pid)
        if not memory:
            raise lib.BenchError("speaker exited")
        result.update(memory)
        return result
    finally:
        lib.stop_all([spk, sink])
        work.cleanup()


def run(ctx):
    sc = lib.Scenario(ctx, "S1", TITLE, METRICS)
    if ctx.quick:
        herald_n, exabgp_sync, exabgp_live, live_n = [10000, 100000], [10000], [], [100000]
    else:
        herald_n, exabgp_sync, exabgp_live, live_n = [10000, 100000, 1000000], [10000, 100000], [10000], \
            [10000, 100000, 1000000]
    cases = []
    for n in herald_n:
        cases.append((f"n={n} sync", {"herald": (n, "sync", 120),
                                      "exabgp": (n, "sync", 600) if n in exabgp_sync else None}))
    for n in live_n:
        cases.append((f"n={n} live", {"herald": (n, "live", 120),
                                      "exabgp": (n, "live", 600) if n in exabgp_live else None}))
    if "exabgp" in ctx.speakers:
        skipped = [n for n in herald_n if n not in exabgp_sync]
        if skipped:
            sc.note(f"ExaBGP only at {', '.join(f'{n:,}' for n in exabgp_sync)} routes (sync) and "
                    f"{', '.join(f'{n:,}' for n in exabgp_live) or 'no'} live: it takes about 0.5 ms "
                    f"per route, so {', '.join(f'{n:,}' for n in skipped)} would take minutes per run; "
                    f"extrapolated below from its largest run")
    sc.run_cases(cases, lambda sp, p: run_one(ctx, sp, *p))
    # Extrapolate ExaBGP to the sizes it skipped, from its largest measured rate.
    rates = {}
    for r in sc.runs:
        if r["speaker"] == "exabgp" and r.get("variant") == "sync" and "routes_per_s" in r:
            rates.setdefault(r["n"], []).append(r["routes_per_s"])
    if rates:
        top = max(rates)
        rate = lib.summary(rates[top])["median"]
        for n in herald_n:
            if n not in rates:
                minutes = n / rate / 60
                sc.note(f"ExaBGP at {n:,} would take ~{minutes:.0f} min: skipped, extrapolated from its "
                        f"{top:,}-route rate ({rate:,.0f} routes/s)")
                entry = {"seconds": n / rate, "from_n": top}
                herald = lib.summary([r["seconds"] for r in sc.runs if r["speaker"] == "herald"
                                      and r.get("n") == n and r.get("variant") == "sync"
                                      and "seconds" in r])
                if herald:
                    entry["herald_better_by"] = entry["seconds"] / herald["median"]
                    sc.note(f"herald at {n:,} (sync, median {herald['median']:.3f} s) vs ExaBGP "
                            f"extrapolated: herald ~{entry['herald_better_by']:,.0f}x faster")
                sc.extra.setdefault("exabgp_extrapolated", {})[str(n)] = entry
    return sc.report()

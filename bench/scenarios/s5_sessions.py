"""S5 sessions: one speaker with N neighbors (N = 10, 100, 1,000), all to the
sink at 127.0.0.2, each from its own local address 127.0.X.Y (the speaker
allows several neighbors with the same peer address and different local
addresses), hold time 15 s (keepalives every 5 s: twelve times the default
rate, so a 10 s window sees them). No routes, no processes.

  established   from starting the speaker until the sink has all N
                sessions Established
  idle CPU      utime+stime of the speaker (/proc/<pid>/stat) over 10 s,
                starting 2 s after the last session came up
  RSS           VmRSS at the end; per session: RSS / N, and the slope
                between the smallest and the largest N
  keepalives    the longest gap between two KEEPALIVEs the sink received
                on any session (on time: about 5 s); "late" counts sessions
                whose longest gap exceeded 1.5 x 5 s
"""

import time

import lib

TITLE = "sessions: N neighbors -> all Established, idle CPU, RSS, keepalive gaps"
HOLD = 15
METRICS = [
    ("established_s", "all Established after", "s", "lower"),
    ("idle_cpu_pct", "idle CPU", "%", "lower"),
    ("rss_mb", "RSS", "MB", "lower"),
    ("rss_per_session_kb", "RSS / session", "kB", "lower"),
    ("max_keepalive_gap_s", "max keepalive gap", "s", "lower"),
    ("late_sessions", "late sessions", "", "lower"),
]


def local_address(i):
    return f"127.0.{1 + i // 250}.{1 + i % 250}"


def run_one(ctx, speaker, n, timeout, idle_window):
    work = lib.Workdir("s5", ctx.args.keep)
    port = lib.free_port()
    sink = spk = None
    try:
        sink = lib.start_sink(ctx, port)
        config = "".join(lib.neighbor_block(local=local_address(i), hold_time=HOLD) for i in range(n))
        t0 = time.monotonic()
        spk = lib.start_speaker(ctx, speaker, config, work, port)
        deadline = t0 + timeout
        last = 0.0
        for _ in range(n):
            last = float(sink.wait_line(lambda w: w[0] == "established", deadline)[1])
        result = {"n": n, "established_s": last - t0}
        time.sleep(2)
        c0, w0 = lib.cpu_seconds(spk.pid), time.monotonic()
        time.sleep(idle_window)
        c1, w1 = lib.cpu_seconds(spk.pid), time.monotonic()
        if c0 is None or c1 is None:
            raise lib.BenchError("speaker exited")
        result["idle_cpu_pct"] = (c1 - c0) / (w1 - w0) * 100
        rss = lib.rss_kb(spk.pid)
        result["rss_mb"] = rss / 1024
        result["rss_per_session_kb"] = rss / n
        sessions, _ = lib.sink_stats(sink)
        up = [s for s in sessions if s["established"] > 0]
        gaps = [s["max_keepalive_gap"] for s in up if s["keepalives"] >= 2]
        result["sessions_up"] = len(up)
        result["closed_or_missing"] = n - len([s for s in up if s["last_keepalive"] > 0])
        if gaps:
            result["max_keepalive_gap_s"] = max(gaps)
            result["late_sessions"] = sum(1 for g in gaps if g > 1.5 * HOLD / 3)
        result["keepalives_per_session"] = sum(s["keepalives"] for s in up) / max(1, len(up))
        return result
    finally:
        lib.stop_all([spk, sink])
        work.cleanup()


def run(ctx):
    sc = lib.Scenario(ctx, "S5", TITLE, METRICS)
    herald_n = [10, 100] if ctx.quick else [10, 100, 1000]
    exabgp_n = [10] if ctx.quick else [10, 100]
    idle_window = 5 if ctx.quick else 10
    if ctx.quick:
        sc.note("quick: idle window 5 s")
    if "exabgp" in ctx.speakers:
        sc.note(f"ExaBGP at {', '.join(map(str, exabgp_n))} sessions only")
    cases = [(f"n={n}", {"herald": (n, 120, idle_window),
                         "exabgp": (n, 300, idle_window) if n in exabgp_n else None})
             for n in herald_n]
    sc.run_cases(cases, lambda sp, p: run_one(ctx, sp, *p))
    # Memory per added session: slope between the smallest and largest N.
    for sp in ("herald", "exabgp"):
        per_n = {}
        for r in sc.runs:
            if r["speaker"] == sp and "rss_mb" in r:
                per_n.setdefault(r["n"], []).append(r["rss_mb"])
        if len(per_n) >= 2:
            lo, hi = min(per_n), max(per_n)
            slope = (lib.summary(per_n[hi])["median"] - lib.summary(per_n[lo])["median"]) * 1024 / (hi - lo)
            sc.extra[f"{sp}_kb_per_added_session"] = slope
            sc.note(f"{sp}: {slope:,.1f} kB of RSS per added session (median RSS at {lo} vs {hi})")
    return sc.report()

"""S3 memory: the speaker's resident memory (VmRSS) when idle, when holding
N routes in its adj-RIB-out, and after receiving N routes.

  idle      one neighbor Established, one API process, no routes; RSS
            read 2 s after the session came up.
  out N     S1's setup (sync): N /32s sharing one attribute set written by
            the generator, all received by the sink; RSS read 1 s later.
  in N      S2's setup: N /24s received from the sender and delivered as
            JSON to the counting process; RSS read 1 s later.

Bytes per route = (RSS - the speaker's median idle RSS) / N. (herald keeps
no adj-RIB-in, so "in N" measures what receiving costs, not storage.)
"""

import time

import lib
from scenarios import s1_inject, s2_receive

TITLE = "memory: idle RSS, RSS holding N routes (adj-RIB-out), RSS after N received"
METRICS = [
    ("rss_mb", "RSS", "MB", "lower"),
    ("bytes_per_route", "bytes/route", "B", "lower"),
    ("hwm_mb", "peak RSS", "MB", "lower"),
]


def idle(ctx, speaker):
    work = lib.Workdir("s3", ctx.args.keep)
    port = lib.free_port()
    sink = spk = None
    try:
        sink = lib.start_sink(ctx, port)
        gen = [ctx.tool("herald-bench-gen"), "0"]
        config = lib.process_block("gen", gen) + lib.neighbor_block(processes=["gen"])
        spk = lib.start_speaker(ctx, speaker, config, work, port)
        sink.wait_line(lambda w: w[0] == "established", time.monotonic() + 60)
        time.sleep(2)
        memory = lib.memory_mb(spk.pid)
        if not memory:
            raise lib.BenchError("speaker exited")
        return memory
    finally:
        lib.stop_all([spk, sink])
        work.cleanup()


def run(ctx):
    sc = lib.Scenario(ctx, "S3", TITLE, METRICS)
    if ctx.quick:
        herald_out, exabgp_out, herald_in, exabgp_in = [10000, 100000], [10000], [10000, 100000], [10000]
    else:
        herald_out, exabgp_out, herald_in, exabgp_in = [10000, 100000, 1000000], [10000], [10000, 1000000], [10000]
    if "exabgp" in ctx.speakers:
        sc.note("ExaBGP measured at 10,000 routes (S1 records its RSS after 100,000)")
    cases = [("idle", {"herald": ("idle",), "exabgp": ("idle",)})]
    for n in sorted(set(herald_out) | set(exabgp_out)):
        cases.append((f"out n={n}", {"herald": ("out", n) if n in herald_out else None,
                                     "exabgp": ("out", n) if n in exabgp_out else None}))
    for n in sorted(set(herald_in) | set(exabgp_in)):
        cases.append((f"in n={n}", {"herald": ("in", n) if n in herald_in else None,
                                    "exabgp": ("in", n) if n in exabgp_in else None}))

    def one(speaker, p):
        if p[0] == "idle":
            return idle(ctx, speaker)
        if p[0] == "out":
            return s1_inject.run_one(ctx, speaker, p[1], "sync", 120 if speaker == "herald" else 600,
                                     settle=1.0)
        return s2_receive.run_one(ctx, speaker, p[1], 120 if speaker == "herald" else 900, settle=1.0)

    sc.run_cases(cases, one)
    # Bytes per route against the speaker's median idle RSS.
    for sp in ("herald", "exabgp"):
        base = lib.summary([r["rss_mb"] for r in sc.runs
                            if r["speaker"] == sp and r["case"] == "idle" and "rss_mb" in r])
        if not base:
            continue
        for r in sc.runs:
            if r["speaker"] == sp and r.get("n") and "rss_mb" in r:
                r["bytes_per_route"] = (r["rss_mb"] - base["median"]) * 1024 * 1024 / r["n"]
    return sc.report()

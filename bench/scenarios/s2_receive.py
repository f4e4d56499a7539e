"""S2 receive to JSON: a compiled sender (herald-bench-send, herald's own
encoder) sends N distinct /24s sharing one attribute set in packed
4096-byte UPDATEs as fast as the socket takes them; the speaker decodes them
and writes ExaBGP JSON to a process (`encoder json`, `receive { parsed;
update; }`); that process (herald-bench-count) counts the "nlri" entries.
The time is from the sender's first write until the count reaches N.
"""

import time

import lib

TITLE = "receive to JSON: first UPDATE sent -> N routes counted by the JSON process"
METRICS = [
    ("seconds", "time", "s", "lower"),
    ("routes_per_s", "routes/s", "/s", "higher"),
    ("rss_mb", "speaker RSS after", "MB", "lower"),
]


def run_one(ctx, speaker, n, timeout, settle=0.0):
    """One run; with settle > 0 the speaker's RSS is read that long after
    the count completes (S3 uses this)."""
    work = lib.Workdir("s2", ctx.args.keep)
    port = lib.free_port()
    sender = spk = None
    try:
        sender = lib.Proc([ctx.tool("herald-bench-send"), "--listen", "127.0.0.2", "--port", str(port),
                           "--count", str(n), "--first", "16.0.0.0", "--length", "24"], name="sender")
        sender.wait_line(lambda w: w[0] == "listening", time.monotonic() + 10)
        count_out = work.file("count.out")
        counter = [ctx.tool("herald-bench-count"), str(n), count_out]
        config = lib.process_block("count", counter, encoder="json") + lib.neighbor_block(
            processes=["count"], receive_updates=True)
        spk = lib.start_speaker(ctx, speaker, config, work, port)
        deadline = time.monotonic() + timeout
        start = float(sender.wait_line(lambda w: w[0] == "start", deadline)[1])
        lines = lib.wait_file(count_out, deadline, spk)
        reach = [w for w in lines if w[0] == "reach"]
        if not reach:
            raise lib.BenchError(f"the counter saw only {lines[-1][2] if lines else 0} routes")
        done = float(reach[0][1])
        result = {"n": n, "seconds": done - start, "routes_per_s": n / (done - start)}
        if settle:
            time.sleep(settle)
        result.update(lib.memory_mb(spk.pid))
        return result
    finally:
        if sender:
            sender.send("quit\n")
        lib.stop_all([spk, sender])
        work.cleanup()


def run(ctx):
    sc = lib.Scenario(ctx, "S2", TITLE, METRICS)
    if ctx.quick:
        herald_n, exabgp_n = [10000, 100000], [10000]
    else:
        herald_n, exabgp_n = [10000, 100000, 1000000], [10000, 100000]
    cases = []
    for n in sorted(set(herald_n) | set(exabgp_n)):
        cases.append((f"n={n}", {"herald": (n, 120) if n in herald_n else None,
                                 "exabgp": (n, 900) if n in exabgp_n else None}))
    if "exabgp" in ctx.speakers:
        sc.note(f"ExaBGP only at {', '.join(f'{n:,}' for n in exabgp_n)} routes (its receive path is "
                "the slow part; larger N only takes longer)")
    sc.run_cases(cases, lambda sp, p: run_one(ctx, sp, *p))
    return sc.report()

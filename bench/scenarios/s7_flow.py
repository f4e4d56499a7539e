"""S7 FlowSpec injection: the generator writes N FlowSpec rules (`announce
flow route { match { destination P/32; protocol udp; destination-port =53;
} then { rate-limit 9600; } }`, one per /32, the block form both speakers
read), as a DDoS controller pushes them; the time is from the session
reaching Established at the sink until the sink has counted all N rules
(bench/update_scan.cc counts FlowSpec NLRI). The rules are written from the
start, so most go out in the initial sync, as S1's "sync" variant.
"""

import time

import lib

TITLE = "FlowSpec injection: Established -> the sink holds all N rules"
METRICS = [
    ("seconds", "time", "s", "lower"),
    ("rules_per_s", "rules/s", "/s", "higher"),
    ("rss_mb", "speaker RSS after", "MB", "lower"),
]


def run_one(ctx, speaker, n, timeout):
    work = lib.Workdir("s7", ctx.args.keep)
    port = lib.free_port()
    sink = spk = None
    try:
        sink = lib.start_sink(ctx, port, expect=n)
        gen = [ctx.tool("herald-bench-gen"), "--flow", str(n)]
        config = lib.process_block("gen", gen) + lib.neighbor_block(processes=["gen"], families="ipv4 flow;")
        spk = lib.start_speaker(ctx, speaker, config, work, port)
        deadline = time.monotonic() + timeout
        est = float(sink.wait_line(lambda w: w[0] == "established", deadline)[1])
        done = float(sink.wait_line(lambda w: w[0] == "complete", deadline)[1])
        result = {"n": n, "seconds": done - est, "rules_per_s": n / (done - est)}
        memory = lib.memory_mb(spk.pid)
        if not memory:
            raise lib.BenchError("speaker exited")
        result.update(memory)
        return result
    finally:
        lib.stop_all([spk, sink])
        work.cleanup()


def run(ctx):
    sc = lib.Scenario(ctx, "S7", TITLE, METRICS)
    sizes = [10000] if ctx.quick else [10000, 100000]
    cases = [(f"n={n}", {"herald": (n, 120), "exabgp": (n, 1800)}) for n in sizes]
    sc.run_cases(cases, lambda sp, p: run_one(ctx, sp, *p))
    return sc.report()

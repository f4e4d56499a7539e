"""S4 reaction latency: an API process (herald-bench-toggle) writes, once the
session is up, `announce route 100.10.0.100/32 next-hop 198.51.100.1 med
<i>` and `withdraw route 100.10.0.100/32` alternately, COUNT lines, one
every 2 ms, and logs CLOCK_MONOTONIC just before each write(2). The sink
logs the arrival time of every UPDATE touching that prefix (with its MED for
announcements). Latency = arrival - write, per line; announcements are
matched by MED, withdrawals by time (see join()); lines the speaker
coalesced (read together with the next one, so that neither needed an
UPDATE) are counted, and timed to the next UPDATE after them.

"burst": the same, while a second neighbor of the same speaker (a second
session to the sink, from another local address) receives a burst from a
second generator process: herald gets 1,000,000 routes written 3 times with
a new MED each round (so the burst lasts through the toggling); ExaBGP gets
10,000 once (it needs longer than the toggling for those). The "during
burst" figures keep only the toggles written between the burst's first line
and the sink holding all of it.

"receive": the same, while the speaker receives routes on another session
(herald-bench-send, as in S2: herald 1,000,000 routes sent 20 times over,
ExaBGP 100,000 twice) and writes them as JSON to a counting process
(herald-bench-count). "during receive" keeps the toggles written between
the sender's first UPDATE and the count reaching the total.
"""

import bisect
import time

import lib

TITLE = "reaction latency: API line written -> UPDATE read at the peer"
PREFIX = "100.10.0.100/32"
BURST_MED = 1000000  # far from the toggles' MEDs (0 .. count)
METRICS = [
    ("p50_ms", "p50", "ms", "lower"),
    ("p99_ms", "p99", "ms", "lower"),
    ("max_ms", "max", "ms", "lower"),
    ("during_p99_ms", "p99 during burst", "ms", "lower"),
    ("during_n", "toggles during burst", "", "higher"),
    ("receiving_p99_ms", "p99 during receive", "ms", "lower"),
    ("receiving_n", "toggles during receive", "", "higher"),
    ("coalesced", "coalesced lines", "", "lower"),
    ("lost", "lines never acted on", "", "lower"),
]


def join(writes, events):
    """Latencies (seconds) per toggle line, in line order, and how many lines
    were coalesced.

    Announcements are matched by MED. A withdrawal arriving at t belongs to
    the last withdraw line written before t (lines are 2 ms apart, far more
    than a reaction takes). A line nothing arrived for was coalesced: the
    speaker read it together with the next one (an announce and its
    withdraw), so the peer rightly saw neither; its latency is taken as the
    time until the next UPDATE arrived after it (when the speaker had acted
    on it), or None if none did."""
    announced = {}
    withdraw_times = []
    for e in events:
        if e["kind"] == "announce" and e["med"] is not None:
            announced.setdefault(e["med"], e["t"])
        elif e["kind"] == "withdraw":
            withdraw_times.append(e["t"])
    withdraw_lines = [(t, i) for i, (_, kind, _, t) in enumerate(writes) if kind == "withdraw"]
    claimed = {}
    k = -1
    for t in sorted(withdraw_times):
        while k + 1 < len(withdraw_lines) and withdraw_lines[k + 1][0] <= t:
            k += 1
        if k >= 0 and withdraw_lines[k][1] not in claimed:
            claimed[withdraw_lines[k][1]] = t - withdraw_lines[k][0]
    arrivals = sorted(e["t"] for e in events)
    out, coalesced = [], 0
    for i, (_, kind, med, t) in enumerate(writes):
        if kind == "announce":
            a = announced.get(med)
            latency = a - t if a is not None else None
        else:
            latency = claimed.get(i)
        if latency is None:
            coalesced += 1
            after = bisect.bisect_left(arrivals, t)
            latency = arrivals[after] - t if after < len(arrivals) else None
        out.append(latency)
    return out, coalesced


def stats(latencies, prefix=""):
    ok = [x for x in latencies if x is not None]
    if not ok:
        return {}
    return {f"{prefix}p50_ms": lib.percentile(ok, 50) * 1e3, f"{prefix}p99_ms": lib.percentile(ok, 99) * 1e3,
            f"{prefix}max_ms": max(ok) * 1e3, f"{prefix}mean_ms": sum(ok) / len(ok) * 1e3,
            f"{prefix}n": len(ok)}


def run_one(ctx, speaker, count, burst_n, rounds, timeout, receive=(0, 0)):
    work = lib.Workdir("s4", ctx.args.keep)
    port = lib.free_port()
    sink = spk = sender = None
    receive_n, receive_rounds = receive
    try:
        # The burst's rounds carry MED BURST_MED, +1, ...; the sink reports when
        # a MED has reached burst_n routes, so the last round's report ends
        # the burst (rounds may overlap in the speaker, so counting all
        # announcements would not do).
        sink = lib.start_sink(ctx, port, wave=burst_n, watch=PREFIX)
        toggle_log, gen_log = work.file("toggle.log"), work.file("gen.log")
        config = lib.process_block("toggle", [ctx.tool("herald-bench-toggle"), "--log", toggle_log,
                                              "--count", str(count), "--start-delay", "0.5"])
        config += lib.neighbor_block(local="127.0.0.1", processes=["toggle"], neighbor_changes=True)
        if burst_n:
            config += lib.process_block("burst", [ctx.tool("herald-bench-gen"), "--wait-up", "--rounds",
                                                  str(rounds), "--med-base", str(BURST_MED), "--log", gen_log,
                                                  str(burst_n)])
            config += lib.neighbor_block(local="127.0.0.3", processes=["burst"], neighbor_changes=True)
        if receive_n:
            sender = lib.Proc([ctx.tool("herald-bench-send"), "--listen", "127.0.0.4", "--port", str(port),
                               "--count", str(receive_n), "--rounds", str(receive_rounds),
                               "--first", "16.0.0.0", "--length", "24"], name="sender")
            sender.wait_line(lambda w: w[0] == "listening", time.monotonic() + 10)
            count_out = work.file("count.out")
            config += lib.process_block("count", [ctx.tool("herald-bench-count"),
                                                  str(receive_n * receive_rounds), count_out], encoder="json")
            config += lib.neighbor_block(peer="127.0.0.4", local="127.0.0.3", processes=["count"],
                                         receive_updates=True)
        spk = lib.start_speaker(ctx, speaker, config, work, port)
        deadline = time.monotonic() + timeout
        while not any(w[0] == "done" for w in lib.read_log(toggle_log)):
            if time.monotonic() > deadline:
                raise lib.BenchError("the toggler did not finish")
            if not lib.alive(spk.pid):
                raise lib.BenchError("speaker exited")
            time.sleep(0.2)
        writes = []
        for w in lib.read_log(toggle_log):
            if w[0] != "done":
                writes.append((int(w[0]), w[1], None if w[2] == "-" else int(w[2]), float(w[3])))
        # Wait for the last arrivals (a slow speaker may still be sending):
        # until every line has its UPDATE or nothing new came for 5 s.
        seen, quiet_since = -1, time.monotonic()
        while True:
            sessions, events = lib.sink_stats(sink)
            session_a = next((s["id"] for s in sessions if s["peer"] == "127.0.0.1"), None)
            mine = [e for e in events if e["session"] == session_a]
            if len(mine) != seen:
                seen, quiet_since = len(mine), time.monotonic()
            if len(mine) >= len(writes) or time.monotonic() - quiet_since > 5.0 \
                    or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        latencies, coalesced = join(writes, mine)
        result = {"count": len(writes), "burst": burst_n * rounds, "coalesced": coalesced,
                  "lost": sum(1 for x in latencies if x is None)}
        result.update(stats(latencies))
        if burst_n:
            starts = [float(w[1]) for w in lib.read_log(gen_log) if w[0] == "start"]
            last = str(BURST_MED + rounds - 1)
            try:
                done = float(sink.find_or_wait(lambda w: w[0] == "med" and w[2] == last,
                                               min(deadline, time.monotonic() + 120))[1])
            except lib.BenchError:
                done = float("inf")  # still bursting when the toggling ended
            if starts:
                window = [x for x, (_, _, _, t) in zip(latencies, writes) if starts[0] <= t <= done]
                result.update(stats(window, "during_"))
                result["burst_seconds"] = (done - starts[0]) if done != float("inf") else None
        if receive_n:
            start = float(sender.wait_line(lambda w: w[0] == "start", deadline)[1])
            lines = lib.wait_file(count_out, min(deadline, time.monotonic() + 120), spk)
            reach = [float(w[1]) for w in lines if w[0] == "reach"]
            done = reach[0] if reach else float("inf")
            window = [x for x, (_, _, _, t) in zip(latencies, writes) if start <= t <= done]
            result.update(stats(window, "receiving_"))
            result["receive_seconds"] = (done - start) if reach else None
        result["latencies_ms"] = [None if x is None else round(x * 1e3, 4) for x in latencies]
        return result
    finally:
        if sender:
            sender.send("quit\n")
        lib.stop_all([spk, sink, sender])
        work.cleanup()


def run(ctx):
    sc = lib.Scenario(ctx, "S4", TITLE, METRICS)
    count = 400 if ctx.quick else 1000
    herald_burst = (1000000, 2 if ctx.quick else 3)
    exabgp_burst = (10000, 1)
    herald_receive = (1000000, 8 if ctx.quick else 20)
    exabgp_receive = (100000, 2)
    cases = [(f"{count} toggles", {"herald": (count, 0, 1, 120), "exabgp": (count, 0, 1, 300)}),
             (f"{count} toggles + burst", {"herald": (count, *herald_burst, 180),
                                           "exabgp": (count, *exabgp_burst, 600)}),
             (f"{count} toggles + receive", {"herald": (count, 0, 1, 180, herald_receive),
                                             "exabgp": (count, 0, 1, 600, exabgp_receive)})]
    sc.note(f"burst: herald {herald_burst[0]:,} routes x {herald_burst[1]} rounds; ExaBGP "
            f"{exabgp_burst[0]:,} x {exabgp_burst[1]} (a million would take ExaBGP ~9 min)")
    sc.note(f"receive: herald {herald_receive[0]:,} routes x {herald_receive[1]} rounds; ExaBGP "
            f"{exabgp_receive[0]:,} x {exabgp_receive[1]} (it decodes ~100k routes/s)")
    sc.run_cases(cases, lambda sp, p: run_one(ctx, sp, *p))
    return sc.report()

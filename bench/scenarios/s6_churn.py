"""S6 churn: an API process (herald-bench-churn) announces ROUTES /32s with
med 100; once the sink holds them all, run.py runs WAVES waves: it tells the
process to go (a line on a FIFO), the process writes WAVE withdrawals and
WAVE re-announcements of the same prefixes with med 1000+w (consecutive
slices of the table), and the wave ends when the sink has received all WAVE
prefixes with that MED. The speaker's RSS is read after the initial load
and after every wave.

  wave time     from the process starting the wave to the sink holding it
  RSS growth    RSS after the last wave minus RSS after the first wave
                (steady memory: no growth across the waves)
"""

import os
import time

import lib

TITLE = "churn: waves of withdraw + re-announce with a new MED"
METRICS = [
    ("wave_median_s", "wave time (median)", "s", "lower"),
    ("wave_max_s", "wave time (max)", "s", "lower"),
    ("line_us", "per line (median wave)", "µs", "lower"),
    ("initial_s", "initial load", "s", "lower"),
    ("rss_loaded_mb", "RSS after load", "MB", "lower"),
    ("rss_last_mb", "RSS after last wave", "MB", "lower"),
    ("rss_growth_mb", "RSS growth", "MB", "lower"),
]


def run_one(ctx, speaker, routes, wave, waves, timeout, wave_timeout):
    work = lib.Workdir("s6", ctx.args.keep)
    port = lib.free_port()
    sink = spk = None
    fifo = work.file("control")
    os.mkfifo(fifo)
    # Held read-write: the process's open never blocks and never sees EOF.
    control = os.open(fifo, os.O_RDWR)
    try:
        sink = lib.start_sink(ctx, port, expect=routes, wave=wave)
        log = work.file("churn.log")
        churn = [ctx.tool("herald-bench-churn"), "--control", fifo, "--log", log, "--routes", str(routes),
                 "--wave", str(wave), "--waves", str(waves)]
        config = lib.process_block("churn", churn) + lib.neighbor_block(processes=["churn"],
                                                                        neighbor_changes=True)
        spk = lib.start_speaker(ctx, speaker, config, work, port)
        loaded = float(sink.wait_line(lambda w: w[0] == "complete", time.monotonic() + timeout)[1])
        time.sleep(0.5)
        rss = [lib.rss_kb(spk.pid)]
        arrivals = []
        for w in range(1, waves + 1):
            os.write(control, b"\n")
            med = str(1000 + w)
            t = sink.wait_line(lambda x: x[0] == "med" and x[2] == med, time.monotonic() + wave_timeout)
            arrivals.append(float(t[1]))
            rss.append(lib.rss_kb(spk.pid))
        starts = {int(x[1]): float(x[2]) for x in lib.read_log(log) if x[0] == "wave"}
        initial = [float(x[1]) for x in lib.read_log(log) if x[0] == "initial"]
        times = [arrivals[w - 1] - starts[w] for w in range(1, waves + 1) if w in starts]
        if None in rss:
            raise lib.BenchError("speaker exited")
        result = {"routes": routes, "wave": wave, "waves": waves,
                  "wave_median_s": lib.summary(times)["median"], "wave_max_s": max(times),
                  "line_us": lib.summary(times)["median"] / (2 * wave) * 1e6,
                  "wave_p90_s": lib.percentile(times, 90),
                  "initial_s": loaded - initial[0] if initial else None,
                  "rss_loaded_mb": rss[0] / 1024, "rss_first_wave_mb": rss[1] / 1024,
                  "rss_last_mb": rss[-1] / 1024, "rss_max_mb": max(rss) / 1024,
                  "rss_growth_mb": (rss[-1] - rss[1]) / 1024,
                  "wave_seconds": [round(x, 6) for x in times], "rss_kb": rss}
        return result
    finally:
        lib.stop_all([spk, sink])
        os.close(control)
        work.cleanup()


def run(ctx):
    sc = lib.Scenario(ctx, "S6", TITLE, METRICS)
    if ctx.quick:
        herald, exabgp = (100000, 10000, 20), (10000, 1000, 3)
    else:
        herald, exabgp = (100000, 10000, 100), (10000, 1000, 10)
    sc.note(f"ExaBGP runs a smaller churn ({exabgp[0]:,} routes, {exabgp[2]} waves of {exabgp[1]:,}; "
            "its pace is ~0.5 ms per line): compare the time per line, not per wave")

    def name(p):
        return f"{p[0] // 1000}k, {p[2]} waves of {p[1] // 1000}k"

    cases = [(name(herald), {"herald": (*herald, 120, 60)})]
    if "exabgp" in ctx.speakers:
        cases.append((name(exabgp), {"exabgp": (*exabgp, 600, 300)}))
    sc.run_cases(cases, lambda sp, p: run_one(ctx, sp, *p))
    per_line = {sp: lib.summary([r["line_us"] for r in sc.runs if r["speaker"] == sp and "line_us" in r])
                for sp in ("herald", "exabgp")}
    if per_line["herald"] and per_line["exabgp"]:
        ratio = per_line["exabgp"]["median"] / per_line["herald"]["median"]
        sc.extra["herald_better_by_per_line"] = ratio
        sc.note(f"time per churn line: herald {per_line['herald']['median']:.2f} µs, ExaBGP "
                f"{per_line['exabgp']['median']:.0f} µs: herald {ratio:,.0f}x faster")
    return sc.report()

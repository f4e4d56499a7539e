"""S7 FlowSpec injection: the generator writes N FlowSpec rules (`announce
flow route { match { destination P/32; protocol udp; destination-port =53;
} then { rate-limit 9600; } }`, one per /32, the block form both speakers
read), as a DDoS controller pushes them; the time is from the session
reaching Established at the sink until the sink has counted all N rules
(bench/update_scan.cc counts FlowSpec NLRI). S1's run with FlowSpec lines,
its "sync" variant: the rules are written from the start, so most go out
in the initial sync.
"""

import lib
from scenarios import s1_inject

TITLE = "FlowSpec injection: Established -> the sink holds all N rules"
METRICS = [
    ("seconds", "time", "s", "lower"),
    ("routes_per_s", "rules/s", "/s", "higher"),
    ("rss_mb", "speaker RSS after", "MB", "lower"),
]


def run(ctx):
    sc = lib.Scenario(ctx, "S7", TITLE, METRICS)
    sizes = [10000] if ctx.quick else [10000, 100000]
    cases = [(f"n={n}", {"herald": (n, 120), "exabgp": (n, 1800)}) for n in sizes]
    sc.run_cases(cases, lambda sp, p: s1_inject.run_one(ctx, sp, p[0], "sync", p[1], flow=True))
    return sc.report()

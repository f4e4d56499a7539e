"""The summary plot: one panel per scenario, herald and ExaBGP medians side
by side (log scale), drawn by gnuplot from the newest result file of each
scenario in the results directory. Without gnuplot it says so and returns.
"""

import glob
import math
import json
import os
import shutil
import subprocess

# scenario key -> (metric, panel title, use this case?)
PANELS = [
    ("s1", "seconds", "S1 API -> peer: time (s, lower is better)", lambda c: c.endswith("sync")),
    ("s2", "routes_per_s", "S2 receive -> JSON: routes/s (higher is better)", lambda c: True),
    ("s3", "rss_mb", "S3 RSS (MB, lower is better)", lambda c: True),
    ("s4", "p99_ms", "S4 line -> UPDATE p99 (ms, lower is better)", lambda c: True),
    ("s5", "rss_per_session_kb", "S5 RSS per session (kB, lower is better)", lambda c: True),
    ("s6", "line_us", "S6 churn: time per line (µs, lower is better)", lambda c: True),
]


def newest(out, key):
    files = sorted(glob.glob(os.path.join(out, f"*-{key}.json")))
    if not files:
        return None
    with open(files[-1]) as f:
        return json.load(f)


def rows(result, metric, keep):
    """(label, herald median or None, ExaBGP median or None) per case."""
    out = []
    extrapolated = result.get("extra", {}).get("exabgp_extrapolated", {})
    for row in result["summary"]:
        per = row.get(metric)
        if not per or not keep(row["case"]):
            continue
        h = per.get("herald", {}).get("median")
        e = per.get("exabgp", {}).get("median")
        label = row["case"].replace(" sync", "")
        if e is None and metric == "seconds":
            n = label.split("=")[-1]
            if n in extrapolated:
                e = extrapolated[n]["seconds"]
                label += " (ExaBGP est.)"
        out.append((short(label), h, e))
    return out


def short(label):
    """n=1000000 -> n=1M, toggles + burst -> + burst: labels fit under bars."""
    for big, word in ((1000000, "M"), (1000, "k")):
        for n in range(1000, 0, -1):
            label = label.replace(f"={n * big}", f"={n}{word}")
    return label.replace("1000 toggles", "toggles").replace("400 toggles", "toggles")


def make(out):
    panels = []
    for key, metric, title, keep in PANELS:
        result = newest(out, key)
        if result:
            data = rows(result, metric, keep)
            if data:
                panels.append((key, title, data))
    if not panels:
        return None
    if not shutil.which("gnuplot"):
        print("gnuplot is not installed: no plot (apt-get install gnuplot-nox)")
        return None
    svg = os.path.join(out, "summary.svg")
    script = [
        f"set terminal svg size 1200,{420 * ((len(panels) + 1) // 2)} font 'sans,10' background '#ffffff'",
        f"set output '{svg}'",
        f"set multiplot layout {(len(panels) + 1) // 2},2 title 'herald vs ExaBGP 4.2 (medians; log scale)'",
        "set style data histograms", "set style histogram clustered gap 1",
        "set style fill solid 0.8 border -1", "set boxwidth 0.9", "set logscale y",
        "set datafile missing '?'", "set key top left", "set grid ytics", "set xtics norotate font ',9'",
    ]
    for i, (key, title, data) in enumerate(panels):
        path = os.path.join(out, f"plot-{key}.dat")
        with open(path, "w") as f:
            for label, h, e in data:
                f.write(f'"{label}" {h if h is not None else "?"} {e if e is not None else "?"}\n')
        values = [v for _, h, e in data for v in (h, e) if v]
        # Bars rise from the bottom of the range: keep it well below the
        # smallest value, on a power of ten.
        bottom = 10 ** math.floor(math.log10(min(values)) - 0.3)
        script += [f"set title '{title}'", f"set yrange [{bottom}:*]",
                   f"plot '{path}' using 2:xtic(1) title 'herald' lc rgb '#2a7ab0', "
                   f"'' using 3 title 'ExaBGP' lc rgb '#d9822b'"]
    script.append("unset multiplot")
    try:
        r = subprocess.run(["gnuplot"], input="\n".join(script) + "\n", text=True, capture_output=True,
                           timeout=60)
    except subprocess.TimeoutExpired:
        print("gnuplot timed out: no plot")
        return None
    for key, _, _ in panels:
        os.unlink(os.path.join(out, f"plot-{key}.dat"))
    if r.returncode != 0:
        print(f"gnuplot failed: {r.stderr.strip()[:500]}")
        return None
    print(f"plot: {os.path.relpath(svg)}")
    return svg

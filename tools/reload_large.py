#!/usr/bin/env python3
"""Reload a large configuration while a 3 s hold-time session runs, and
measure it (issue 7 item 7). Run from the source tree after a build:

    tools/reload_large.py                 # 677k routes (~50 MB), 3 reloads
    tools/reload_large.py --routes 100000 --reloads 2
    tools/reload_large.py --herald /path/to/other/herald   # compare builds

What it does, all on loopback (127.0.0.1 herald, 127.0.0.2 gobgpd):
  1. writes a configuration with ROUTES static routes to one neighbor
     (`route A.B.C.0/24 next-hop 198.51.100.1 med M community [ 65001:N ]`,
     about 75 bytes a line: 677k routes make ~50 MB), hold-time 3;
  2. starts gobgpd (passive) and herald (build/herald unless --herald),
     and waits until gobgpd holds every route; prints the start-up time and
     herald's RSS, and its RSS with no route at all (a run with an empty
     static block) to give the bytes per static route;
  3. reloads RELOADS times (SIGUSR1), each time with a changed route set
     (10 % removed, 10 % with another MED, 10 % added, alternating), and for
     each prints: herald's parse time, apply time and longest slice (wall
     clock and CPU time, from its log), the time from the signal until
     gobgpd holds the wanted count, herald's peak RSS during the reload
     (VmHWM, reset before each reload through /proc/PID/clear_refs) and its
     RSS after;
  4. says whether the session stayed up throughout (gobgpd's neighbor
     uptime never reset, no "Peer Down" in its log, no session down or
     NOTIFICATION in herald's).
The work directory (configs, logs) is removed unless --keep.
Exit status 0 when the session stayed up and every count matched.
"""

import argparse
import os
import re
import shutil
import signal
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "e2e"))
from harness import Gobgp, Herald, free_port, wait_for  # noqa: E402
from large_config import count, write_config  # noqa: E402


class Work:
    def __init__(self):
        self.path = tempfile.mkdtemp(prefix="herald-reload-large-")

    def join(self, *names):
        return os.path.join(self.path, *names)

    def file(self, name, text, mode=0o644):
        path = self.join(name)
        with open(path, "w") as f:
            f.write(text)
        os.chmod(path, mode)
        return path


def status(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1]) * 1024
    return 0


def uptime(g):
    for n in g.neighbors():
        if n["state"].get("session_state") == 6:
            return n.get("timers", {}).get("state", {}).get("uptime")
    return None


def mb(b):
    return f"{b / 1e6:.1f} MB"


def make_herald(work, binary, port, name):
    h = Herald(work, "", env={"exabgp.tcp.port": str(port)}, binary=binary, name=name)
    return h


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--routes", type=int, default=677_000, help="static routes (default 677000, ~50 MB)")
    ap.add_argument("--reloads", type=int, default=3, help="reloads to do (default 3)")
    ap.add_argument("--herald", default=os.path.join(ROOT, "build", "herald"), help="herald binary")
    ap.add_argument("--timeout", type=float, default=300, help="seconds to wait for each step")
    ap.add_argument("--keep", action="store_true", help="keep the work directory")
    args = ap.parse_args()
    work = Work()
    daemons = []
    up = True
    ok = True
    try:
        port = free_port("127.0.0.2")
        # Herald with no route: the baseline RSS.
        empty = make_herald(work, args.herald, port, "empty")
        write_config(empty.config_path, {}, communities=True)
        empty.start()
        daemons.append(empty)
        empty.wait_output(r"herald running", 30)
        time.sleep(1)
        rss0 = status(empty.proc.pid, "VmRSS")
        empty.stop()
        daemons.remove(empty)

        g = Gobgp(work, 65002, "10.0.0.2", "127.0.0.2", port,
                  [{"address": "127.0.0.1", "asn": 65001, "families": ["ipv4-unicast"]}]).start()
        daemons.append(g)
        n = args.routes
        wanted = {i: 1 + i % 4 for i in range(n)}
        h = make_herald(work, args.herald, port, "herald")
        write_config(h.config_path, wanted, communities=True)
        size = os.path.getsize(h.config_path)
        t0 = time.monotonic()
        h.start()
        daemons.append(h)
        wait_for(lambda: count(g) == n, args.timeout, interval=1, what=f"gobgpd to hold {n} routes")
        took = time.monotonic() - t0
        time.sleep(1)
        rss = status(h.proc.pid, "VmRSS")
        print(f"config: {n} routes, {size / 1e6:.1f} MB; start-up until gobgpd holds them all: {took:.1f} s")
        print(f"herald RSS: {mb(rss0)} with no route, {mb(rss)} with {n}: "
              f"{(rss - rss0) / n:.0f} bytes per static route (config and adj-RIB-out), "
              f"peak {mb(status(h.proc.pid, 'VmHWM'))}")
        first_up = uptime(g)
        tenth = n // 10
        for r in range(1, args.reloads + 1):
            if r % 2:
                for i in range(tenth):
                    wanted.pop(i, None)
                wanted.update({i: 7 + r for i in range(tenth, 2 * tenth)})
                wanted.update({i: 2 for i in range(n, n + tenth)})
            else:
                wanted.update({i: 9 for i in range(tenth)})
                for i in range(n, n + tenth):
                    wanted.pop(i, None)
                wanted.update({i: 5 + r for i in range(2 * tenth, 3 * tenth)})
            write_config(h.config_path, wanted, communities=True)
            with open(f"/proc/{h.proc.pid}/clear_refs", "w") as f:
                f.write("5")  # resets VmHWM to the current RSS
            before = len(re.findall(r"configuration reloaded", h.output()))
            t0 = time.monotonic()
            h.send_signal(signal.SIGUSR1)
            wait_for(lambda: len(re.findall(r"configuration reloaded", h.output())) > before,
                     args.timeout, interval=0.1, what="herald's reload")
            applied = time.monotonic() - t0
            try:
                wait_for(lambda: count(g) == len(wanted), args.timeout, interval=0.5,
                         what=f"gobgpd to hold {len(wanted)} routes")
            except AssertionError as e:
                print(e)
                ok = False
            held = time.monotonic() - t0
            log = h.output()
            parse = re.findall(r"configuration read in ([\d.]+) s, compared in ([\d.]+) s", log)
            apply = re.findall(r"applied in ([\d.]+) s in (\d+) slice\(s\), the longest ([\d.]+) ms "
                               r"\(([\d.]+) ms of CPU\)", log)
            p = parse[-1] if parse else ("?", "?")
            a = apply[-1] if apply else ("?", "?", "?", "?")
            print(f"reload {r}: {len(wanted)} routes; parse {p[0]} s + compare {p[1]} s (worker), "
                  f"apply {a[0]} s in {a[1]} slices, longest slice {a[2]} ms ({a[3]} ms CPU); "
                  f"signal to reloaded {applied:.2f} s, to gobgpd holding all {held:.2f} s; "
                  f"peak RSS {mb(status(h.proc.pid, 'VmHWM'))}, after {mb(status(h.proc.pid, 'VmRSS'))}")
            if not g.established("127.0.0.1"):
                up = False
        glog = open(g.log_path, errors="replace").read()
        hlog = h.output()
        if uptime(g) != first_up or "Peer Down" in glog or "session down" in hlog or "NOTIFICATION" in hlog:
            up = False
        print(f"session stayed up: {'yes' if up else 'NO'}")
        slow = re.findall(r"held the event loop for ([\d.]+) ms", hlog)
        if slow:
            print(f"slices over 100 ms: {', '.join(slow)} ms")
    finally:
        for d in reversed(daemons):
            d.stop()
        if args.keep:
            print(f"work directory: {work.path}")
        else:
            shutil.rmtree(work.path, ignore_errors=True)
    return 0 if up and ok else 1


if __name__ == "__main__":
    sys.exit(main())

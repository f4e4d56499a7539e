#!/usr/bin/env python3
"""herald's soak test: many sessions with short timers, route churn, flaps
and reloads for a long time on one core; memory and descriptors must stay
flat and every peer must end up with exactly the routes wanted.
Run it with tools/soak.sh (which builds first); --help lists the options.

Set-up, all on loopback:
  - herald-bench-sink --track --hold-timer at 127.0.0.2 is the peer of every
    session: it keeps each session's routes (prefix -> MED), runs the hold
    timer, and measures the longest silence of every session;
  - herald, pinned to core 0 (taskset -c 0), with N neighbors, all to the
    sink, neighbor i from its own address 127.0.X.Y (X = 1 + i/250,
    Y = 1 + i%250), hold time 3 + i%7 s (3 to 9 s), two static routes each;
  - G API processes (tools/soak_api.py), one per group of neighbors
    (neighbor i is in group i%G): each announces ROUTES /32s, then churns
    them (random changes, RATE a second, and waves of 500 every 20 s, each a
    new MED, communities and AS_PATH) and tears one of its neighbors down
    (`neighbor 127.0.0.2 local-ip X teardown 2`) every few seconds;
  - the driver (this script) drops a random session from the sink side
    every few seconds (with a Cease, or just closing the socket), and
    reloads herald (SIGUSR1) a few times, alternating two configurations:
    B changes every neighbor's static routes (new MED, one more route) and
    removes 1 % of the neighbors (the ones with i%100 == 99, which have no
    process and only static routes); A puts them back.

Phases: warm-up (all sessions Established and every initial route at the
sink), churn for --minutes, then stop: the processes stop churning and
write the routes they want, the configuration goes back to A, and the
sink must then hold, on every neighbor's session, exactly the static
routes of A plus its group's wanted routes (count and digest of
(prefix, MED)).

Every --interval seconds it samples herald's RSS, descriptor count and CPU,
the sessions Established at the sink and the routes held there against
those wanted, into samples.csv; summary.txt (and summary.json) give the
verdict. Exit code 0 when every check passes, 1 otherwise.

Checks:
  - herald never exits (same pid from start to end);
  - RSS flat: leaving out the warm-up and the first max(60 s, 10 %) of the
    churn, the largest RSS of the last quarter is within max(4 MB, 10 %) of
    the largest of the first quarter;
  - descriptors flat: at the end (every session Established again) herald
    has exactly as many descriptors as after the warm-up, and during the
    churn the last quarter's largest count is within 10 (flaps in flight)
    of the first quarter's;
  - no silence beyond the hold time: the sink saw no session quiet for
    longer than its hold time (its hold timer never fired), and herald sent
    no NOTIFICATION other than the Ceases the soak asks for (6/2 teardown,
    6/3 neighbor removed, 6/6 configuration changed);
  - every neighbor's routes at the sink are exactly those wanted;
  - the API processes got no `error` answer and were never restarted.
"""

import argparse
import csv
import datetime
import json
import os
import queue
import random
import signal
import subprocess
import sys
import time
import types

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench"))
import lib  # noqa: E402  (bench/lib.py: processes, /proc readings)

PEER = "127.0.0.2"
STATIC_PREFIXES = 2  # static routes per neighbor in configuration A (B has one more)
MASK64 = (1 << 64) - 1
# Ceases herald sends because the soak asks it to.
EXPECTED_NOTIFICATIONS = {(6, 2), (6, 3), (6, 6)}


class SoakError(Exception):
    pass


class Interrupted(Exception):
    pass


# --- the digest, as herald-bench-sink computes it -----------------------------

def mix(x):
    x = (x + 0x9e3779b97f4a7c15) & MASK64
    x = ((x ^ (x >> 30)) * 0xbf58476d1ce4e5b9) & MASK64
    x = ((x ^ (x >> 27)) * 0x94d049bb133111eb) & MASK64
    return x ^ (x >> 31)


def route_key(prefix):
    address, length = prefix.split("/")
    a, b, c, d = (int(x) for x in address.split("."))
    return (((a << 24) | (b << 16) | (c << 8) | d) << 8) | int(length)


def digest(routes):
    """routes: {prefix: med} -> (count, digest) as the sink prints them."""
    total = 0
    for prefix, med in routes.items():
        total = (total + mix(mix(route_key(prefix)) ^ med)) & MASK64
    return len(routes), f"{total:016x}"


# --- layout and configuration -------------------------------------------------

class Layout:
    def __init__(self, args):
        self.n = args.sessions
        self.groups = args.groups
        self.local = [f"127.0.{1 + i // 250}.{1 + i % 250}" for i in range(self.n)]
        self.hold = [3 + i % 7 for i in range(self.n)]
        # Neighbors that reloads remove and put back: no process, statics only.
        self.reloaded = {i for i in range(self.n) if i % 100 == 99} or {self.n - 1}
        self.group = {i: i % self.groups for i in range(self.n) if i not in self.reloaded}

    def members(self, g):
        return [i for i, grp in self.group.items() if grp == g]

    def configured(self, variant):
        return [i for i in range(self.n) if variant == "A" or i not in self.reloaded]

    @staticmethod
    def statics(variant):
        """{prefix: med} of every neighbor's static routes."""
        if variant == "A":
            return {f"198.18.{k}.0/24": 10 for k in range(STATIC_PREFIXES)}
        return {f"198.18.{k}.0/24": 20 for k in range(STATIC_PREFIXES + 1)}


def config_text(layout, variant, args, work):
    out = []
    for g in range(layout.groups):
        argv = [sys.executable, os.path.join(ROOT, "tools", "soak_api.py"), "--dir", work,
                "--group", str(g), "--routes", str(args.routes),
                "--neighbors", os.path.join(work, f"neighbors-{g}"), "--peer", PEER,
                "--rate", str(args.rate), "--teardown-every", str(args.teardown_every),
                "--seed", str(args.seed * 1000 + g)]
        out.append(f"process churn-{g} {{\n    run {' '.join(argv)};\n    encoder text;\n}}\n")
    statics = "".join(f"        route {p} next-hop self med {m};\n"
                      for p, m in layout.statics(variant).items())
    for i in layout.configured(variant):
        api = (f"    api {{ processes [ churn-{layout.group[i]} ]; neighbor-changes; }}\n"
               if i in layout.group else "")
        out.append(f"""neighbor {PEER} {{
    router-id {layout.local[i]};
    local-address {layout.local[i]};
    local-as 65001;
    peer-as 65002;
    hold-time {layout.hold[i]};
    family {{ ipv4 unicast; }}
{api}    static {{
{statics}    }}
}}
""")
    return "".join(out)


def write_atomic(path, text):
    with open(path + ".tmp", "w") as f:
        f.write(text)
    os.replace(path + ".tmp", path)


# --- the sink -----------------------------------------------------------------

class Sink:
    """herald-bench-sink and what it reported: events are drained from its
    stdout into counters (and sink-events.log), `held` asks for its table."""

    def __init__(self, tool, port, work):
        self.proc = lib.Proc(["nice", "-n", "10", tool, "--listen", PEER, "--port", str(port), "--track",
                              "--hold-timer"], name="sink")
        self.log = open(os.path.join(work, "sink-events.log"), "w")
        self.counts = {}  # event kind -> count
        self.notifications = {}  # (code, subcode) -> count
        self.expired = []
        self.malformed = 0
        self.ups = {}  # peer address -> sessions Established from it
        try:
            self.proc.wait_line(lambda w: w[0] == "listening", time.monotonic() + 10)
        except lib.BenchError as e:
            self.stop()
            raise SoakError(f"{e} (a herald-bench-sink without --track? rebuild: tools/build.sh)")

    def _event(self, line):
        self.log.write(line + "\n")
        w = line.split()
        if not w:
            return
        self.counts[w[0]] = self.counts.get(w[0], 0) + 1
        if w[0] == "notification" and len(w) >= 5:
            key = (int(w[3]), int(w[4]))
            self.notifications[key] = self.notifications.get(key, 0) + 1
        elif w[0] == "established" and len(w) >= 4:
            self.ups[w[3]] = self.ups.get(w[3], 0) + 1
        elif w[0] == "expired":
            self.expired.append(line)
        elif w[0] == "malformed":
            self.malformed += 1

    def drain(self):
        while True:
            try:
                line = self.proc.lines.get_nowait()
            except queue.Empty:
                return
            if line is None:
                self.proc.lines.put(None)
                raise SoakError("the sink exited")
            self._event(line)

    def held(self, timeout=30):
        """{peer address: [session dicts]} of the open sessions, and the
        totals line (sessions ever, max silence/hold, late sessions)."""
        self.proc.send("held\n")
        deadline = time.monotonic() + timeout
        out = {}
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise SoakError("the sink did not answer `held`")
            try:
                line = self.proc.lines.get(timeout=min(left, 1.0))
            except queue.Empty:
                continue
            if line is None:
                self.proc.lines.put(None)
                raise SoakError("the sink exited")
            w = line.split()
            if w and w[0] == "held":
                out.setdefault(w[2], []).append({
                    "id": int(w[1]), "established": w[3] == "1", "hold": float(w[4]),
                    "routes": int(w[5]), "digest": w[6], "silence": float(w[7])})
            elif w and w[0] == "end":
                return out, {"sessions_ever": int(w[1]), "max_silence_ratio": float(w[2]),
                             "late_sessions": int(w[3])}
            else:
                self._event(line)

    def send(self, text):
        self.proc.send(text)

    def stop(self):
        self.proc.send("quit\n")
        self.proc.stop()
        self.log.close()


# --- herald -------------------------------------------------------------------

def fd_count(pid):
    try:
        return len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return None


def read_status(work, groups):
    out = {}
    for g in range(groups):
        try:
            with open(os.path.join(work, f"status-{g}")) as f:
                out[g] = json.load(f)
        except (OSError, ValueError):
            pass
    return out


def starts(work, g):
    try:
        with open(os.path.join(work, f"starts-{g}")) as f:
            return sum(1 for line in f if line.strip())
    except OSError:
        return 0


def read_wanted(work, g):
    routes = {}
    with open(os.path.join(work, f"wanted-{g}")) as f:
        for line in f:
            prefix, med = line.split()
            routes[prefix] = int(med)
    return routes


class Soak:
    def __init__(self, args):
        self.args = args
        self.rng = random.Random(args.seed)
        self.layout = Layout(args)
        self.work = os.path.abspath(args.out)
        os.makedirs(self.work, exist_ok=True)
        for name in os.listdir(self.work):  # a previous run's leftovers
            if name.split("-")[0] in ("status", "starts", "wanted") or name in ("go", "stop"):
                os.unlink(os.path.join(self.work, name))
        self.conf = os.path.join(self.work, "herald.conf")
        self.variant = "A"
        self.sink = self.herald = None
        self.samples = []
        self.drops = self.reloads = 0
        self.reload_removed = 0
        self.t0 = time.monotonic()
        self.events = []  # (t, text): notable moments for the summary
        self.cpu_prev = None
        self.herald_pid = None
        self.herald_lost = None

    def note(self, text):
        t = time.monotonic() - self.t0
        self.events.append((round(t, 1), text))
        print(f"[{t:7.1f} s] {text}", flush=True)

    # -- processes

    def start(self):
        a = self.args
        for g in range(self.layout.groups):
            with open(os.path.join(self.work, f"neighbors-{g}"), "w") as f:
                f.write("".join(self.layout.local[i] + "\n" for i in self.layout.members(g)))
        write_atomic(self.conf, config_text(self.layout, "A", a, self.work))
        port = lib.free_port(PEER)
        self.sink = Sink(os.path.join(a.build, "herald-bench-sink"), port, self.work)
        env = lib.speaker_env(types.SimpleNamespace(path=self.work), port)
        argv = ["taskset", "-c", a.core, a.herald, self.conf]
        self.herald = lib.Proc(argv, cwd=self.work, env=env, stdin=False,
                               output=os.path.join(self.work, "herald.out"), name="herald")
        self.herald_pid = self.herald.pid
        # From here on this script (and what it starts later) yields to herald.
        os.nice(10)
        self.note(f"herald pid {self.herald_pid} on core {a.core}, sink on {PEER}:{port}, "
                  f"{self.layout.n} neighbors, {self.layout.groups} processes x {a.routes} routes")

    def stop(self):
        for p in (self.herald, self.sink):
            try:
                if p is not None:
                    p.stop()
            except Exception as e:  # cleanup goes on whatever happens
                print(f"stopping {p}: {e}", file=sys.stderr)

    def herald_alive(self):
        if self.herald_lost is None and not lib.alive(self.herald_pid):
            self.herald_lost = time.monotonic() - self.t0
            self.note("herald exited")
        return self.herald_lost is None

    # -- measurements

    def sample(self, phase):
        self.sink.drain()
        pid = self.herald_pid
        now = time.monotonic()
        cpu = lib.cpu_seconds(pid)
        cpu_pct = None
        if cpu is not None and self.cpu_prev:
            cpu_pct = (cpu - self.cpu_prev[1]) / (now - self.cpu_prev[0]) * 100
        self.cpu_prev = (now, cpu) if cpu is not None else None
        held, totals = self.sink.held()
        status = read_status(self.work, self.layout.groups)
        configured = self.layout.configured(self.variant)
        statics = len(self.layout.statics(self.variant))
        wanted = sum(statics + (status.get(self.layout.group[i], {}).get("present", 0)
                                if i in self.layout.group else 0) for i in configured)
        established = sum(1 for sessions in held.values() for s in sessions if s["established"])
        row = {
            "t_s": round(now - self.t0, 1), "phase": phase, "rss_kb": lib.rss_kb(pid),
            "fds": fd_count(pid), "cpu_pct": None if cpu_pct is None else round(cpu_pct, 2),
            "cpu_s": cpu, "neighbors": len(configured), "established": established,
            "routes_held": sum(s["routes"] for sessions in held.values() for s in sessions),
            "routes_wanted": wanted,
            "route_changes": sum(st["announces"] + st["withdraws"] for st in status.values())
            - self.args.routes * len(status),
            "teardowns": sum(st["teardowns"] for st in status.values()),
            "sink_drops": self.drops, "reloads": self.reloads,
            "sessions_ever": totals["sessions_ever"],
            "max_silence_ratio": totals["max_silence_ratio"],
            "api_errors": sum(st["errors"] for st in status.values()),
            # neighbors whose session was set up again at least once (full resync)
            "neighbors_reset": sum(1 for n in self.sink.ups.values() if n > 1),
        }
        self.samples.append(row)
        self.csv.writerow(row)
        self.csv_file.flush()
        self.herald_alive()
        return row, held, totals

    def print_row(self, r):
        print(f"[{r['t_s']:7.1f} s] {r['phase']:8s} RSS {r['rss_kb'] / 1024 if r['rss_kb'] else 0:6.1f} MB"
              f"  fds {r['fds']}  CPU {r['cpu_pct'] if r['cpu_pct'] is not None else '-':>6} %"
              f"  up {r['established']}/{r['neighbors']}  routes {r['routes_held']}/{r['routes_wanted']}"
              f"  changes {r['route_changes']}  flaps {r['teardowns']}+{self.drops}"
              f"  reloads {self.reloads}", flush=True)

    # -- actions

    def drop_one(self):
        i = self.rng.choice(self.layout.configured(self.variant))
        self.drops += 1
        self.sink.send(f"drop {self.layout.local[i]}{' notify' if self.drops % 2 else ''}\n")

    def reload(self, variant):
        self.variant = variant
        write_atomic(self.conf, config_text(self.layout, variant, self.args, self.work))
        os.kill(self.herald_pid, signal.SIGUSR1)
        self.reloads += 1
        if variant == "B":
            self.reload_removed += len(self.layout.reloaded)
        self.note(f"reload {self.reloads}: configuration {variant}")

    # -- phases

    def wait_loaded(self):
        """Every session Established and every initial route at the sink."""
        deadline = time.monotonic() + self.args.warmup_timeout
        want = {i: STATIC_PREFIXES + (self.args.routes if i in self.layout.group else 0)
                for i in range(self.layout.n)}
        while True:
            held, _ = self.sink.held()
            if not self.herald_alive():
                raise SoakError("herald exited during the warm-up")
            missing = [i for i in range(self.layout.n)
                       if not any(s["established"] and s["routes"] == want[i]
                                  for s in held.get(self.layout.local[i], []))]
            if not missing:
                return
            if time.monotonic() > deadline:
                raise SoakError(f"warm-up: {len(missing)} neighbor(s) not Established with their routes "
                                f"after {self.args.warmup_timeout} s (first: {self.layout.local[missing[0]]})")
            time.sleep(1)

    def churn(self):
        a = self.args
        start = time.monotonic()
        end = start + a.minutes * 60
        reload_every = a.minutes * 60 / (a.reloads + 1) if a.reloads else None
        next_sample = start + a.interval
        next_drop = start + a.drop_every / 2 if a.drop_every > 0 else None
        next_reload = start + reload_every if reload_every else None
        while time.monotonic() < end:
            now = time.monotonic()
            if now >= next_sample:
                self.print_row(self.sample("churn")[0])
                next_sample += a.interval
            if next_drop and now >= next_drop:
                self.drop_one()
                next_drop += a.drop_every
            if next_reload and now >= next_reload and self.reloads < a.reloads:
                self.reload("B" if self.variant == "A" else "A")
                next_reload += reload_every
            self.sink.drain()
            if not self.herald_alive():
                raise SoakError("herald exited during the churn")
            time.sleep(max(0.0, min(0.5, min(t for t in (next_sample, next_drop, next_reload, end) if t)
                                    - time.monotonic())))

    def settle(self):
        """Stops the churn; returns (converged, per-neighbor mismatches, seconds)."""
        open(os.path.join(self.work, "stop"), "w").close()
        deadline = time.monotonic() + 60
        while True:
            status = read_status(self.work, self.layout.groups)
            if len(status) == self.layout.groups and all(s["state"] == "stopped" for s in status.values()):
                break
            if time.monotonic() > deadline:
                raise SoakError("the API processes did not stop within 60 s")
            time.sleep(0.5)
        self.note("churn stopped")
        if self.variant != "A":
            self.reload("A")
        statics = self.layout.statics("A")
        per_group = {}
        for g in range(self.layout.groups):
            routes = dict(statics)
            routes.update(read_wanted(self.work, g))
            per_group[g] = digest(routes)
        want = {self.layout.local[i]: per_group[self.layout.group[i]] if i in self.layout.group
                else digest(statics) for i in range(self.layout.n)}
        t = time.monotonic()
        deadline = t + self.args.settle_timeout
        while True:
            held, _ = self.sink.held()
            bad = {}
            for local, (count, dig) in want.items():
                sessions = held.get(local, [])
                if len(sessions) != 1 or not sessions[0]["established"]:
                    bad[local] = f"{len(sessions)} open session(s), " \
                                 f"{sum(s['established'] for s in sessions)} Established"
                elif (sessions[0]["routes"], sessions[0]["digest"]) != (count, dig):
                    bad[local] = (f"holds {sessions[0]['routes']} routes (digest {sessions[0]['digest']}), "
                                  f"wanted {count} ({dig})")
            for local in held:
                if local not in want:
                    bad[local] = "a session from an address that is not a neighbor"
            if not bad:
                return True, {}, time.monotonic() - t
            if time.monotonic() > deadline:
                return False, bad, time.monotonic() - t
            time.sleep(2)

    def malloc_trim(self):
        """Diagnosis of RSS growth: has glibc's allocator kept memory that is
        free (fragmentation) rather than herald holding it? Prints malloc's
        statistics to herald's stderr (herald.out) and gives free memory back
        (malloc_trim(0)) through gdb, then reads the RSS again. gdb stops
        herald for a moment: a few hold timers may fire."""
        before = lib.rss_kb(self.herald_pid)
        try:
            p = subprocess.run(["gdb", "-p", str(self.herald_pid), "-batch", "-ex", "call (void)malloc_stats()",
                                "-ex", "call (int)malloc_trim(0)"], capture_output=True, text=True, timeout=120)
            ok = p.returncode == 0
        except (OSError, subprocess.TimeoutExpired) as e:
            self.note(f"malloc_trim: gdb failed: {e}")
            return {"error": str(e)}
        time.sleep(1)
        after = lib.rss_kb(self.herald_pid)
        self.note(f"malloc_trim(0) through gdb: RSS {before / 1024:.1f} MB -> {after / 1024:.1f} MB"
                  + ("" if ok else " (gdb failed)"))
        return {"rss_before_kb": before, "rss_after_kb": after}

    def run(self):
        a = self.args
        out = open(os.path.join(self.work, "samples.csv"), "w", newline="")
        self.csv_file = out
        self.csv = csv.DictWriter(out, fieldnames=[
            "t_s", "phase", "rss_kb", "fds", "cpu_pct", "cpu_s", "neighbors", "established", "routes_held",
            "routes_wanted", "route_changes", "teardowns", "sink_drops", "reloads", "sessions_ever",
            "max_silence_ratio", "api_errors", "neighbors_reset"])
        self.csv.writeheader()
        result = {"args": vars(a), "started": datetime.datetime.now().isoformat(timespec="seconds")}
        try:
            self.start()
            self.wait_loaded()
            base, _, _ = self.sample("loaded")
            self.print_row(base)
            self.note(f"warm-up done: every session Established with its routes "
                      f"(RSS {base['rss_kb'] / 1024:.1f} MB, {base['fds']} fds)")
            result["loaded"] = base
            open(os.path.join(self.work, "go"), "w").close()
            self.churn()
            converged, bad, took = self.settle()
            final, _, totals = self.sample("end")
            self.print_row(final)
            result.update(converged=converged, mismatches=bad, settle_s=round(took, 1), end=final,
                          totals=totals)
            if a.malloc_trim:
                result["malloc_trim"] = self.malloc_trim()
        except (SoakError, lib.BenchError) as e:
            result["error"] = str(e)
            self.note(f"error: {e}")
        except Interrupted:
            result["error"] = "interrupted"
            self.note("interrupted")
        finally:
            self.stop()
            out.close()
        return self.verdict(result)

    # -- the verdict

    def verdict(self, r):
        a = self.args
        checks = []  # (name, ok, detail)
        churn = [s for s in self.samples if s["phase"] == "churn" and s["rss_kb"]]
        warm = max(60.0, a.minutes * 60 * 0.1)
        t_go = r["loaded"]["t_s"] if "loaded" in r else 0
        steady = [s for s in churn if s["t_s"] - t_go >= warm]
        q = len(steady) // 4
        if "error" in r:
            checks.append(("run completed", False, r["error"]))
        checks.append(("herald never exited", self.herald_lost is None,
                       "same pid throughout" if self.herald_lost is None
                       else f"exited at {self.herald_lost:.0f} s"))
        if q >= 1:
            first, last = steady[:q], steady[-q:]
            f_max = max(s["rss_kb"] for s in first) / 1024
            l_max = max(s["rss_kb"] for s in last) / 1024
            allowed = max(4.0, 0.1 * f_max)
            checks.append(("RSS flat", l_max - f_max <= allowed,
                           f"max of first quarter {f_max:.1f} MB, of last quarter {l_max:.1f} MB "
                           f"(growth {l_max - f_max:+.1f} MB, allowed {allowed:.1f} MB)"))
            ff = max(s["fds"] for s in first)
            lf = max(s["fds"] for s in last)
            checks.append(("fds flat during the churn", lf <= ff + 10,
                           f"max of first quarter {ff}, of last quarter {lf} (allowed +10)"))
            r["quarters"] = {"rss_first_max_mb": f_max, "rss_last_max_mb": l_max, "fds_first_max": ff,
                             "fds_last_max": lf, "samples_per_quarter": q}
        elif "error" not in r:
            checks.append(("RSS flat", False, "too few samples after the warm-up: run longer or lower "
                                              "--interval"))
        if "end" in r and "loaded" in r:
            ok = r["end"]["fds"] == r["loaded"]["fds"] and r.get("converged")
            checks.append(("fds back to the warm-up count", ok,
                           f"{r['loaded']['fds']} after the warm-up, {r['end']['fds']} at the end"
                           + ("" if r.get("converged") else " (not every session was back up)")))
        if "totals" in r:
            t = r["totals"]
            ok = t["max_silence_ratio"] <= 1.0 and t["late_sessions"] == 0 and not self.sink.expired
            checks.append(("no silence beyond the hold time", ok,
                           f"longest silence {t['max_silence_ratio']:.2f} x the hold time, "
                           f"{t['late_sessions']} session(s) late, {len(self.sink.expired)} hold timer(s) "
                           f"expired at the sink"))
        unexpected = {k: v for k, v in self.sink.notifications.items() if k not in EXPECTED_NOTIFICATIONS}
        checks.append(("no unexpected NOTIFICATION from herald", not unexpected,
                       ", ".join(f"{c}/{s} x{n}" for (c, s), n in sorted(self.sink.notifications.items()))
                       or "none"))
        checks.append(("no malformed UPDATE", self.sink.malformed == 0, f"{self.sink.malformed}"))
        if "malloc_trim" in r and "rss_after_kb" in r["malloc_trim"]:
            m = r["malloc_trim"]
            lines_note = (f"after malloc_trim(0): RSS {m['rss_before_kb'] / 1024:.1f} -> "
                          f"{m['rss_after_kb'] / 1024:.1f} MB (malloc's own statistics in herald.out)")
            checks.append(("(diagnosis, not a check)", True, lines_note))
        if "converged" in r:
            bad = r["mismatches"]
            checks.append(("routes at the sink exactly those wanted", r["converged"],
                           f"every neighbor after {r['settle_s']} s" if r["converged"] else
                           f"{len(bad)} neighbor(s) differ after {r['settle_s']} s, e.g. "
                           + "; ".join(f"{k}: {v}" for k, v in list(bad.items())[:5])))
        status = read_status(self.work, self.layout.groups)
        errors = sum(s.get("errors", 0) for s in status.values())
        restarts = sum(max(0, starts(self.work, g) - 1) for g in range(self.layout.groups))
        checks.append(("API processes: no error, no restart", errors == 0 and restarts == 0,
                       f"{errors} error answer(s), {restarts} restart(s)"
                       + (f"; last error: {next((s['last_error'] for s in status.values() if s.get('last_error')), '')}"
                          if errors else "")))
        passed = all(ok for _, ok, _ in checks)
        r["checks"] = [{"name": n, "ok": ok, "detail": d} for n, ok, d in checks]
        r["passed"] = passed
        r["events"] = self.events
        self.summarize(r, churn, status)
        return 0 if passed else 1

    def summarize(self, r, churn, status):
        a = self.args
        lines = [f"herald soak test, {r['started']}: {self.layout.n} sessions, {a.minutes} min of churn, "
                 f"herald {a.herald} on core {a.core}", ""]
        rows = [("after the warm-up", r.get("loaded")), ("end", r.get("end"))]
        if churn:
            rows.insert(1, ("end of the churn", churn[-1]))
        for label, s in rows:
            if s:
                lines.append(f"  {label:18s} RSS {s['rss_kb'] / 1024:7.1f} MB   fds {s['fds']:5d}   "
                             f"Established {s['established']}/{s['neighbors']}   routes at the sink "
                             f"{s['routes_held']:,} (wanted {s['routes_wanted']:,})")
        if churn:
            rss = [s["rss_kb"] / 1024 for s in churn]
            fds = [s["fds"] for s in churn if s["fds"] is not None]
            cpu = [s["cpu_pct"] for s in churn if s["cpu_pct"] is not None]
            t_go = r["loaded"]["t_s"]
            span = churn[-1]["t_s"] - t_go
            cpu_avg = ((churn[-1]["cpu_s"] - r["loaded"]["cpu_s"]) / span * 100) if span > 0 else 0
            changes = churn[-1]["route_changes"]
            per_group = len(self.layout.group) / self.layout.groups
            lines += [
                f"  during the churn   RSS {min(rss):.1f} to {max(rss):.1f} MB, fds {min(fds)} to {max(fds)}, "
                f"herald CPU {cpu_avg:.1f} % on average (samples {min(cpu):.1f} to {max(cpu):.1f} %)"
                if cpu else "",
                f"  route changes      {changes:,} by the processes ({changes / span if span else 0:.0f}/s), "
                f"each to ~{per_group:.0f} sessions: ~{changes * per_group:,.0f} prefix updates sent",
                f"  flaps              {churn[-1]['teardowns']} API teardowns, {self.drops} sink drops, "
                f"{self.reload_removed} neighbor removals by {self.reloads} reloads; "
                f"{r.get('totals', {}).get('sessions_ever', '?')} sessions opened at the sink in all; "
                f"{churn[-1]['neighbors_reset']} of {self.layout.n} neighbors were reset at least once",
            ]
            if "quarters" in r:
                lines.append(f"  {r['quarters']['samples_per_quarter']} samples per quarter after a "
                             f"{max(60.0, a.minutes * 60 * 0.1):.0f} s warm-up of the churn")
        lines += ["", f"verdict: {'PASS' if r['passed'] else 'FAIL'}"]
        for c in r["checks"]:
            lines.append(f"  [{'ok' if c['ok'] else 'FAIL'}] {c['name']}: {c['detail']}")
        lines.append("")
        lines.append(f"files: {self.work}/samples.csv, herald.conf, speaker.log (herald's log), "
                     f"sink-events.log, summary.json")
        text = "\n".join(line for line in lines if line is not None) + "\n"
        with open(os.path.join(self.work, "summary.txt"), "w") as f:
            f.write(text)
        with open(os.path.join(self.work, "summary.json"), "w") as f:
            json.dump(r, f, indent=1, default=str)
        print()
        print(text, end="")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--minutes", type=float, default=60, help="churn duration (default 60)")
    ap.add_argument("--sessions", type=int, default=1000, help="neighbors (default 1,000; at most 62,500)")
    ap.add_argument("--out", default=None, help="where results go (default BUILD/soak/<date>)")
    ap.add_argument("--groups", type=int, default=4, help="API processes, each with its group of neighbors")
    ap.add_argument("--routes", type=int, default=2000, help="routes per process (default 2,000)")
    ap.add_argument("--rate", type=float, default=25, help="random route changes per second per process")
    ap.add_argument("--teardown-every", type=float, default=8,
                    help="seconds between two API teardowns, per process (0: none)")
    ap.add_argument("--drop-every", type=float, default=4,
                    help="seconds between two sessions dropped by the sink (0: none)")
    ap.add_argument("--reloads", type=int, default=6, help="SIGUSR1 reloads during the churn")
    ap.add_argument("--interval", type=float, default=None,
                    help="seconds between samples (default 15; 10 for runs under 10 minutes)")
    ap.add_argument("--warmup-timeout", type=float, default=300)
    ap.add_argument("--settle-timeout", type=float, default=120)
    ap.add_argument("--core", default="0", help="the CPU herald is pinned to (default 0)")
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--herald", default=None, help="the binary (default BUILD/herald)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--malloc-trim", action="store_true",
                    help="at the end, print malloc's statistics and call malloc_trim(0) in herald through "
                         "gdb, and report the RSS before and after (tells free memory kept by the allocator "
                         "from memory herald holds)")
    a = ap.parse_args()
    if not 1 <= a.sessions <= 62500 or not 1 <= a.groups <= 255 or a.minutes <= 0:
        ap.error("--sessions must be 1..62500, --groups 1..255, --minutes > 0")
    a.build = os.path.abspath(a.build)
    a.herald = os.path.abspath(a.herald or os.path.join(a.build, "herald"))
    a.interval = a.interval or (15.0 if a.minutes >= 10 else 10.0)
    a.out = a.out or os.path.join(a.build, "soak", datetime.datetime.now().strftime("%Y-%m-%d-%H%M%S"))
    for path in (a.herald, os.path.join(a.build, "herald-bench-sink")):
        if not os.access(path, os.X_OK):
            sys.exit(f"soak: {path} is missing: run tools/build.sh (or tools/soak.sh, which does)")

    def interrupt(signum, frame):
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(sig, signal.SIG_IGN)  # one is enough: let the clean-up finish
        raise Interrupted()

    signal.signal(signal.SIGTERM, interrupt)
    signal.signal(signal.SIGINT, interrupt)
    signal.signal(signal.SIGHUP, interrupt)
    soak = Soak(a)
    try:
        code = soak.run()
    except Interrupted:
        soak.stop()
        code = 1
    sys.exit(code)


if __name__ == "__main__":
    main()

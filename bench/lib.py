"""Shared machinery of the benchmark suite: processes, speakers, configs,
/proc readings, statistics, tables and result files.

Every time compared across processes is CLOCK_MONOTONIC: the compiled
helpers print it and Python's time.monotonic() reads it.
"""

import datetime
import json
import os
import platform
import queue
import signal
import socket
import statistics
import subprocess
import tempfile
import threading
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
EXABGP = "/usr/sbin/exabgp"
CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


class BenchError(Exception):
    """A run that could not produce its measurement (timeout, crash, ...)."""


# --- the environment --------------------------------------------------------

class Context:
    """What every scenario needs: options, binaries, where results go."""

    def __init__(self, args):
        self.args = args
        self.quick = args.quick
        self.reps = args.reps if args.reps else (1 if args.quick else 3)
        self.speakers = [s for s in args.speakers.split(",") if s]
        self.build = os.path.abspath(args.build)
        self.herald = os.path.abspath(args.herald) if args.herald else os.path.join(self.build, "herald")
        self.out = os.path.abspath(args.out)
        self.stamp = datetime.datetime.now().strftime("%Y-%m-%d-%H%M%S")
        self.failures = 0  # runs that produced no measurement
        os.makedirs(self.out, exist_ok=True)

    def tool(self, name):
        return os.path.join(self.build, name)

    def check(self):
        missing = [p for p in [self.herald] + [self.tool(t) for t in (
            "herald-bench-gen", "herald-bench-sink", "herald-bench-send", "herald-bench-count",
            "herald-bench-toggle", "herald-bench-churn")] if not os.access(p, os.X_OK)]
        if "exabgp" in self.speakers and not os.access(EXABGP, os.X_OK):
            missing.append(EXABGP)
        return missing


def free_port(address="127.0.0.2"):
    s = socket.socket()
    s.bind((address, 0))
    port = s.getsockname()[1]
    s.close()
    return port


def versions(ctx):
    out = {"machine": platform.node(), "cpus": os.cpu_count(), "kernel": platform.release()}
    try:
        out["herald_commit"] = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                                              capture_output=True, text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "src"],
                               capture_output=True, text=True, timeout=10).stdout.strip()
        if dirty:
            out["herald_commit"] += "+dirty"
    except (OSError, subprocess.TimeoutExpired):
        pass
    try:
        v = subprocess.run([EXABGP, "--version"], capture_output=True, text=True, timeout=30).stdout
        out["exabgp"] = v.split("\n")[0].split(":")[-1].strip()
    except (OSError, subprocess.TimeoutExpired):
        pass
    return out


# --- /proc ------------------------------------------------------------------

def proc_status(pid):
    """VmRSS and VmHWM in kB (None if the process is gone)."""
    out = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(("VmRSS:", "VmHWM:")):
                    out[line.split(":")[0]] = int(line.split()[1])
    except OSError:
        return None
    return out


def memory_mb(pid):
    """{"rss_mb", "hwm_mb"} of a process (resident now and at its peak), or
    {} if it is gone."""
    s = proc_status(pid)
    return {"rss_mb": s["VmRSS"] / 1024, "hwm_mb": s["VmHWM"] / 1024} if s else {}


def rss_kb(pid):
    s = proc_status(pid)
    return s.get("VmRSS") if s else None


def cpu_seconds(pid):
    """utime + stime of the whole process (all threads), in seconds."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def _ppid(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return int(f.read().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None


def descendants(pid):
    """Every live process below pid (children, grandchildren, ...)."""
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            pp = _ppid(int(entry))
            if pp is not None:
                parents.setdefault(pp, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie is dead for our purposes.
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


# --- processes --------------------------------------------------------------

class Proc:
    """A process started in its own session, its stdout read line by line by
    a thread into a queue (so that waiting for a line is bounded in time)."""

    def __init__(self, argv, cwd=None, env=None, stdin=True, name=None, output=None):
        """output: None to read stdout as lines, or a file for stdout and stderr."""
        self.name = name or os.path.basename(argv[0])
        self.lines = queue.Queue()
        self.history = []  # every line taken from the queue, split in words
        sink = open(output, "w") if output else None
        try:
            self.popen = subprocess.Popen(
                argv, cwd=cwd, env=env, text=True, start_new_session=True,
                stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
                stdout=sink or subprocess.PIPE, stderr=sink)
        finally:
            if sink:
                sink.close()
        self.pid = self.popen.pid
        if not output:
            threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.popen.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def wait_line(self, predicate, deadline):
        """Returns the first line (split in words) satisfying predicate, or
        raises BenchError at the deadline (a time.monotonic() value) or EOF."""
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise BenchError(f"{self.name}: timed out")
            try:
                line = self.lines.get(timeout=min(left, 1.0))
            except queue.Empty:
                continue
            if line is None:
                self.lines.put(None)  # stays at EOF for later calls
                raise BenchError(f"{self.name}: exited")
            words = line.split()
            self.history.append(words)
            if words and predicate(words):
                return words

    def find_or_wait(self, predicate, deadline):
        """Like wait_line, but a matching line already read counts too."""
        for words in self.history:
            if words and predicate(words):
                return words
        return self.wait_line(predicate, deadline)

    def send(self, text):
        try:
            self.popen.stdin.write(text)
            self.popen.stdin.flush()
        except (BrokenPipeError, OSError, ValueError):
            pass

    def stop(self, grace=5.0):
        stop_tree(self.pid, grace)
        try:
            self.popen.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            pass


def stop_tree(pid, grace):
    """SIGTERM to pid's process group, then SIGKILL to whatever of it and
    its descendants (which may have groups of their own) is left."""
    below = descendants(pid)
    for sig in (signal.SIGTERM,):
        try:
            os.killpg(pid, sig)
        except (ProcessLookupError, PermissionError):
            pass
    end = time.monotonic() + grace
    while time.monotonic() < end and (alive(pid) or any(alive(p) for p in below)):
        time.sleep(0.05)
    for p in [pid] + below:
        if alive(p):
            try:
                os.killpg(p, signal.SIGKILL) if os.getpgid(p) == p else None
            except (ProcessLookupError, PermissionError):
                pass
            try:
                os.kill(p, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass


class Workdir:
    """A temporary directory per run, removed unless --keep."""

    def __init__(self, prefix, keep=False):
        self.path = tempfile.mkdtemp(prefix=f"herald-bench-{prefix}-")
        self.keep = keep

    def file(self, name):
        return os.path.join(self.path, name)

    def cleanup(self):
        if not self.keep:
            subprocess.run(["rm", "-rf", self.path], check=False)


# --- speakers ---------------------------------------------------------------

def speaker_env(work, port, extra=None):
    env = dict(os.environ)
    env.update({
        "exabgp.tcp.port": str(port),
        "exabgp.tcp.bind": "",
        "exabgp.daemon.user": "root",
        "exabgp.daemon.drop": "false",
        "exabgp.daemon.daemonize": "false",
        "exabgp.api.cli": "false",
        "exabgp.log.destination": os.path.join(work.path, "speaker.log"),
    })
    env.update(extra or {})
    return env


def start_speaker(ctx, speaker, config, work, port, env_extra=None):
    conf = work.file("bench.conf")
    with open(conf, "w") as f:
        f.write(config)
    argv = [ctx.herald, conf] if speaker == "herald" else [EXABGP, conf]
    return Proc(argv, cwd=work.path, env=speaker_env(work, port, env_extra), stdin=False,
                output=work.file("speaker.out"), name=speaker)


def stop_all(procs):
    for p in procs:
        if p is not None:
            # ExaBGP takes a moment to say goodbye to its peers.
            p.stop(grace=10.0 if p.name == "exabgp" else 5.0)


# --- configuration ----------------------------------------------------------

def process_block(name, argv, encoder="text"):
    return f"""
process {name} {{
    run {' '.join(argv)};
    encoder {encoder};
}}
"""


def neighbor_block(peer="127.0.0.2", local="127.0.0.1", router_id=None, local_as=65001,
                   peer_as=65002, hold_time=None, processes=(), neighbor_changes=False,
                   receive_updates=False, families="ipv4 unicast;"):
    api = ""
    if processes:
        body = f"processes [ {' '.join(processes)} ];"
        if neighbor_changes:
            body += " neighbor-changes;"
        if receive_updates:
            body += " receive { parsed; update; }"
        api = f"    api {{ {body} }}\n"
    hold = f"    hold-time {hold_time};\n" if hold_time else ""
    return f"""
neighbor {peer} {{
    router-id {router_id or local};
    local-address {local};
    local-as {local_as};
    peer-as {peer_as};
{hold}    family {{ {families} }}
{api}}}
"""


# --- helper programs --------------------------------------------------------

def start_sink(ctx, port, expect=0, wave=0, watch=None, address="127.0.0.2"):
    argv = [ctx.tool("herald-bench-sink"), "--listen", address, "--port", str(port)]
    if expect:
        argv += ["--expect", str(expect)]
    if wave:
        argv += ["--wave", str(wave)]
    if watch:
        argv += ["--watch", watch]
    sink = Proc(argv, name="sink")
    sink.wait_line(lambda w: w[0] == "listening", time.monotonic() + 10)
    return sink


def sink_stats(sink, timeout=30):
    """Asks the sink for its per-session statistics and watch events."""
    sink.send("stats\n")
    sessions, watch = [], []
    deadline = time.monotonic() + timeout
    while True:
        w = sink.wait_line(lambda w: w[0] in ("session", "watch", "end"), deadline)
        if w[0] == "end":
            return sessions, watch
        if w[0] == "session":
            sessions.append({"id": int(w[1]), "peer": w[2], "local": w[3], "established": float(w[4]),
                             "announced": int(w[5]), "withdrawn": int(w[6]), "updates": int(w[7]),
                             "keepalives": int(w[8]), "max_keepalive_gap": float(w[9]),
                             "first_keepalive": float(w[10]), "last_keepalive": float(w[11])})
        else:
            watch.append({"t": float(w[1]), "session": int(w[2]), "kind": w[3],
                          "med": None if w[4] == "-" else int(w[4])})


def read_log(path):
    """Lines of a helper's log file, split in words ([] if absent)."""
    try:
        with open(path) as f:
            return [line.split() for line in f if line.strip()]
    except OSError:
        return []


def wait_file(path, deadline, proc=None):
    while time.monotonic() < deadline:
        if os.path.exists(path):
            return read_log(path)
        if proc is not None and not alive(proc.pid):
            raise BenchError(f"{proc.name} exited")
        time.sleep(0.005)
    raise BenchError(f"timed out waiting for {os.path.basename(path)}")


# --- statistics and output --------------------------------------------------

def summary(values):
    values = [v for v in values if v is not None]
    if not values:
        return None
    return {"median": statistics.median(values), "min": min(values), "max": max(values),
            "runs": len(values)}


def percentile(values, p):
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    s = sorted(values)
    k = max(0, min(len(s) - 1, int(round(p / 100.0 * len(s) + 0.5)) - 1))
    return s[k]


def fmt(value, unit):
    if value is None:
        return "-"
    if unit == "s":
        if value < 1e-3:
            return f"{value * 1e6:.0f} µs"
        if value < 1:
            return f"{value * 1e3:.1f} ms"
        return f"{value:.2f} s"
    if unit == "µs":
        return f"{value:.2f} µs"
    if unit == "ms":
        return f"{value:.3f} ms" if value < 10 else f"{value:.1f} ms"
    if unit == "/s":
        return f"{value:,.0f}/s"
    if unit == "MB":
        return f"{value:.1f} MB"
    if unit == "%":
        return f"{value:.2f} %"
    if unit == "B":
        return f"{value:,.0f} B"
    if unit == "kB":
        return f"{value:,.0f} kB"
    return f"{value:,.4g}{(' ' + unit) if unit else ''}"


class Scenario:
    """Collects the runs of one scenario, prints its table, saves its JSON.

    metrics: (key, label, unit, better) where better is "lower" or "higher":
    the ratio column says how many times better herald is."""

    def __init__(self, ctx, key, title, metrics):
        self.ctx, self.key, self.title, self.metrics = ctx, key, title, metrics
        self.runs, self.notes, self.cases = [], [], []
        self.extra = {}

    def note(self, text):
        print(f"  note: {text}", flush=True)
        self.notes.append(text)

    def record(self, case, speaker, rep, result):
        if case not in self.cases:
            self.cases.append(case)
        result = dict(result, case=case, speaker=speaker, rep=rep)
        self.runs.append(result)
        shown = result.get("error") or "  ".join(
            f"{label} {fmt(result.get(key), unit)}" for key, label, unit, _ in self.metrics
            if result.get(key) is not None)
        print(f"  {self.key} {case:28s} rep {rep} {speaker:7s} {shown}", flush=True)

    def run_cases(self, cases, fn):
        """cases: [(case name, {speaker: params or None})]; runs every case
        rep by rep, alternating speakers (A B A B), fn(speaker, params)."""
        for name, per_speaker in cases:
            for rep in range(self.ctx.reps):
                for sp in self.ctx.speakers:
                    params = per_speaker.get(sp)
                    if params is None:
                        continue
                    try:
                        result = fn(sp, params)
                    except BenchError as e:
                        result = {"error": str(e)}
                    self.record(name, sp, rep, result)

    def speakers(self):
        seen = [r["speaker"] for r in self.runs]
        return [s for s in ("herald", "exabgp") if s in seen] + sorted(set(seen) - {"herald", "exabgp"})

    def summarize(self):
        out = []
        for case in self.cases:
            row = {"case": case}
            for key, label, unit, better in self.metrics:
                per = {}
                for sp in self.speakers():
                    s = summary([r.get(key) for r in self.runs
                                 if r["case"] == case and r["speaker"] == sp and "error" not in r])
                    if s:
                        per[sp] = s
                if not per:
                    continue
                if "herald" in per and "exabgp" in per and per["exabgp"]["median"] and per["herald"]["median"]:
                    ratio = per["herald"]["median"] / per["exabgp"]["median"]
                    per["herald_over_exabgp"] = ratio
                    per["herald_better_by"] = 1 / ratio if better == "lower" else ratio
                row[key] = per
            out.append(row)
        return out

    def report(self):
        rows = self.summarize()
        print()
        print(f"{self.key}: {self.title}")
        header = f"  {'case':28s} {'metric':22s} {'speaker':7s} {'median':>14s} {'min':>14s} {'max':>14s} runs"
        print(header)
        for row in rows:
            for key, label, unit, better in self.metrics:
                per = row.get(key)
                if not per:
                    continue
                for sp in self.speakers():
                    s = per.get(sp)
                    if s:
                        print(f"  {row['case']:28s} {label:22s} {sp:7s} {fmt(s['median'], unit):>14s} "
                              f"{fmt(s['min'], unit):>14s} {fmt(s['max'], unit):>14s} {s['runs']:4d}")
                if "herald_over_exabgp" in per:
                    word = "faster" if unit in ("s", "ms") else ("smaller" if better == "lower" else "more")
                    print(f"  {row['case']:28s} {label:22s} {'ratio':7s} herald/ExaBGP = "
                          f"{per['herald_over_exabgp']:.4g} (herald {per['herald_better_by']:,.1f}x {word})")
        errors = [r for r in self.runs if "error" in r]
        self.ctx.failures += len(errors)
        if errors:
            print(f"  {len(errors)} run(s) failed: " + "; ".join(
                f"{r['case']} {r['speaker']} rep {r['rep']}: {r['error']}" for r in errors))
        path = os.path.join(self.ctx.out, f"{self.ctx.stamp}-{self.key.lower()}.json")
        with open(path, "w") as f:
            json.dump({"scenario": self.key, "title": self.title, "date": self.ctx.stamp,
                       "quick": self.ctx.quick, "reps": self.ctx.reps, "system": versions(self.ctx),
                       "metrics": [list(m) for m in self.metrics], "summary": rows,
                       "notes": self.notes, "extra": self.extra, "runs": self.runs}, f, indent=1)
        print(f"  results: {os.path.relpath(path)}", flush=True)
        return path

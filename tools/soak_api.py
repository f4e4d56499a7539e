#!/usr/bin/env python3
"""The API process of the soak test (tools/soak.py): one per group of
neighbors. herald runs it (`process churn-G { run ...; }`); it churns the
group's routes and tears sessions down for as long as the soak lasts.

  soak_api.py --dir DIR --group G --routes R --neighbors FILE
              [--peer 127.0.0.2] [--rate 25] [--wave-every 20] [--wave 500]
              [--teardown-every 8] [--seed S]

It owns R slots, 10.G.x.y/32 (the first R /32s of 10.G.0.0/16), and:
  - announces all of them with `med N` as soon as it starts (N is a counter:
    every announce carries a MED never used before by this process, so the
    MED tells which version of a route the peer holds, and every announce
    is a new attribute set for herald's pool);
  - once DIR/go exists, every 0.1 s changes RATE/10 random slots: a present
    route is withdrawn (1 in 4) or re-announced with new attributes (MED,
    communities, AS_PATH length), an absent one is announced;
  - every WAVE_EVERY s, a wave: WAVE consecutive slots withdrawn at once,
    and the same slots announced again at the next wave;
  - every TEARDOWN_EVERY s, `neighbor PEER local-ip X teardown 2` for one of
    the group's neighbors (FILE: their local addresses, one a line);
  - once DIR/stop exists, stops, writes the routes it wants the peers to
    hold to DIR/wanted-G (`<prefix> <med>` lines), and reads its stdin until
    herald closes it.
It reads herald's answers all along (`done`/`error`), and writes its
counters to DIR/status-G (JSON, replaced atomically) every second.
"""

import argparse
import json
import os
import random
import sys
import threading
import time


class Counters:
    def __init__(self):
        self.lock = threading.Lock()
        self.done = 0
        self.errors = 0
        self.last_error = ""


def read_answers(counters):
    """herald's answers on stdin; returns (and the process exits) at EOF."""
    for line in sys.stdin:
        line = line.strip()
        with counters.lock:
            if line == "done":
                counters.done += 1
            elif line == "error" or line.startswith("error"):
                counters.errors += 1
                counters.last_error = line
    os._exit(0)


def write_atomic(path, text):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)


class Churn:
    def __init__(self, args):
        self.args = args
        self.rng = random.Random(args.seed)
        self.base = (10 << 24) | (args.group << 16)
        self.med = {}  # slot -> MED of the route announced there
        self.version = 0
        self.announces = self.withdraws = self.teardowns = self.waves = 0
        self.out = []
        self.wave_slots = None  # slots the last wave withdrew
        with open(args.neighbors) as f:
            self.neighbors = [line.strip() for line in f if line.strip()]

    def prefix(self, slot):
        a = self.base + slot
        return f"{a >> 24}.{(a >> 16) & 255}.{(a >> 8) & 255}.{a & 255}/32"

    def announce(self, slot):
        self.version += 1
        v = self.version
        path = " ".join(str(64512 + (v + i) % 1000) for i in range(1 + v % 4))
        self.out.append(f"announce route {self.prefix(slot)} next-hop self med {v} "
                        f"community [ 65000:{self.args.group} 65001:{v % 65536} ] as-path [ {path} ]\n")
        self.med[slot] = v
        self.announces += 1

    def withdraw(self, slot):
        self.out.append(f"withdraw route {self.prefix(slot)}\n")
        del self.med[slot]
        self.withdraws += 1

    def change(self):
        slot = self.rng.randrange(self.args.routes)
        if slot not in self.med:
            self.announce(slot)
        elif self.rng.random() < 0.25:
            self.withdraw(slot)
        else:
            self.announce(slot)

    def wave(self):
        self.waves += 1
        if self.wave_slots is None:
            start = self.rng.randrange(max(1, self.args.routes - self.args.wave))
            self.wave_slots = range(start, min(self.args.routes, start + self.args.wave))
            for slot in self.wave_slots:
                if slot in self.med:
                    self.withdraw(slot)
        else:
            for slot in self.wave_slots:
                self.announce(slot)
            self.wave_slots = None

    def teardown(self):
        if self.neighbors:
            local = self.rng.choice(self.neighbors)
            self.out.append(f"neighbor {self.args.peer} local-ip {local} teardown 2\n")
            self.teardowns += 1

    def flush(self):
        if self.out:
            sys.stdout.write("".join(self.out))  # blocking: herald reads as fast as it can
            sys.stdout.flush()
            self.out = []

    def status(self, counters, state):
        with counters.lock:
            done, errors, last_error = counters.done, counters.errors, counters.last_error
        write_atomic(os.path.join(self.args.dir, f"status-{self.args.group}"), json.dumps({
            "group": self.args.group, "pid": os.getpid(), "state": state, "present": len(self.med),
            "announces": self.announces, "withdraws": self.withdraws, "waves": self.waves,
            "teardowns": self.teardowns, "done": done, "errors": errors, "last_error": last_error}))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--group", type=int, required=True)
    ap.add_argument("--routes", type=int, required=True)
    ap.add_argument("--neighbors", required=True)
    ap.add_argument("--peer", default="127.0.0.2")
    ap.add_argument("--rate", type=float, default=25.0)
    ap.add_argument("--wave-every", type=float, default=20.0)
    ap.add_argument("--wave", type=int, default=500)
    ap.add_argument("--teardown-every", type=float, default=8.0)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    if not 0 <= args.group < 256 or not 0 < args.routes <= 65536:
        sys.exit("soak_api.py: --group must be 0..255 and --routes 1..65536")
    # herald runs pinned to one core and its children inherit that: this
    # process runs anywhere, niced, so that it never competes with herald.
    try:
        os.sched_setaffinity(0, range(os.cpu_count() or 1))
        os.nice(10)
    except OSError:
        pass
    with open(os.path.join(args.dir, f"starts-{args.group}"), "a") as f:
        f.write(f"{os.getpid()} {time.time():.3f}\n")

    counters = Counters()
    threading.Thread(target=read_answers, args=(counters,), daemon=True).start()
    churn = Churn(args)
    for slot in range(args.routes):
        churn.announce(slot)
    churn.flush()

    go, stop = os.path.join(args.dir, "go"), os.path.join(args.dir, "stop")
    tick = 0.1
    per_tick = args.rate * tick
    owed = 0.0
    next_tick = time.monotonic()
    next_status = next_wave = next_teardown = None
    state = "loaded"
    while not os.path.exists(stop):
        now = time.monotonic()
        if next_status is None or now >= next_status:
            churn.status(counters, state)
            next_status = now + 1.0
        if state == "loaded" and os.path.exists(go):
            state = "churning"
            # Random phases, so that the processes' waves and teardowns do not coincide.
            next_wave = now + churn.rng.uniform(0.5, 1.0) * args.wave_every
            next_teardown = now + churn.rng.uniform(0.0, 1.0) * args.teardown_every
        if state == "churning":
            owed += per_tick
            while owed >= 1:
                churn.change()
                owed -= 1
            if now >= next_wave:
                churn.wave()
                next_wave += args.wave_every
            if args.teardown_every > 0 and now >= next_teardown:
                churn.teardown()
                next_teardown += args.teardown_every
            churn.flush()
        next_tick += tick
        time.sleep(max(0.0, next_tick - time.monotonic()))

    # The routes the peers must end up with: the last word on every slot.
    write_atomic(os.path.join(args.dir, f"wanted-{args.group}"),
                 "".join(f"{churn.prefix(s)} {m}\n" for s, m in sorted(churn.med.items())))
    churn.status(counters, "stopped")
    # Keep reading herald's answers (and counting errors) until it closes stdin.
    while True:
        time.sleep(1.0)
        churn.status(counters, "stopped")


if __name__ == "__main__":
    main()

"""ceil: the helpers' own ceilings, so that no scenario measures a helper.

  generator -> pipe   herald-bench-gen writing 1,000,000 lines into a pipe
                      drained by cat (what a speaker reading at infinite
                      speed would see)
  sender -> sink      herald-bench-send blasting 1,000,000 /24s (4096-byte
                      UPDATEs) straight into herald-bench-sink over loopback:
                      the slower of the two bounds S1 (sink) and S2 (sender)
  counter             herald-bench-count reading 1,000,000 routes of
                      ExaBGP-shaped JSON (800 per line) from a file
"""

import os
import subprocess
import time

import lib

TITLE = "helper ceilings: how fast the measuring programs go on their own"
METRICS = [("routes_per_s", "routes/s", "/s", "higher"), ("seconds", "time", "s", "lower")]
N = 1000000


def generator(ctx, n):
    work = lib.Workdir("ceil", ctx.args.keep)
    try:
        log = work.file("gen.log")
        gen = subprocess.Popen([ctx.tool("herald-bench-gen"), "--log", log, str(n)], stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE)
        cat = subprocess.Popen(["cat"], stdin=gen.stdout, stdout=subprocess.DEVNULL)
        gen.stdout.close()
        gen.wait(timeout=60)
        cat.wait(timeout=60)
        words = {w[0]: w for w in lib.read_log(log)}
        seconds = float(words["written"][1]) - float(words["start"][1])
        return {"n": n, "seconds": seconds, "routes_per_s": n / seconds}
    finally:
        work.cleanup()


def sender_sink(ctx, n):
    port = lib.free_port()
    sink = sender = None
    try:
        sink = lib.start_sink(ctx, port, expect=n)
        sender = lib.Proc([ctx.tool("herald-bench-send"), "--connect", "127.0.0.2", "--local", "127.0.0.3",
                           "--port", str(port), "--count", str(n)], name="sender")
        deadline = time.monotonic() + 60
        start = float(sender.wait_line(lambda w: w[0] == "start", deadline)[1])
        done = float(sink.wait_line(lambda w: w[0] == "complete", deadline)[1])
        return {"n": n, "seconds": done - start, "routes_per_s": n / (done - start)}
    finally:
        if sender:
            sender.send("quit\n")
        lib.stop_all([sender, sink])


def json_lines(n, per_line=800):
    """ExaBGP 5.0-shaped UPDATE lines announcing n /24s."""
    head = ('{ "exabgp": "5.0.0", "time": 1795317138.36, "host" : "vm", "pid" : 1, "ppid" : 1, '
            '"counter": %d, "type": "update", "neighbor": { "address": { "local": "127.0.0.1", '
            '"peer": "127.0.0.2" }, "asn": { "local": 65001, "peer": 65002 }, "router-id": "127.0.0.1" , '
            '"direction": "receive", "message": { "update": { "attribute": { "origin": "igp", '
            '"as-path": {"0": {"element": "as-sequence", "value": [65002]}}, "med": 100, '
            '"community": [ [ 65002, 1 ] ] }, "announce": { "ipv4 unicast": { "127.0.0.2": [ ')
    out, i, line_no = [], 0, 0
    while i < n:
        k = min(per_line, n - i)
        routes = ", ".join('{ "nlri": "%d.%d.%d.0/24" }' % (16 + (j >> 16), (j >> 8) & 255, j & 255)
                           for j in range(i, i + k))
        line_no += 1
        out.append(head % line_no + routes + " ] } } } } } }\n")
        i += k
    return "".join(out)


def counter(ctx, n):
    work = lib.Workdir("ceil", ctx.args.keep)
    try:
        data = work.file("updates.json")
        with open(data, "w") as f:
            f.write(json_lines(n))
        out = work.file("count.out")
        with open(data) as f:
            subprocess.run([ctx.tool("herald-bench-count"), str(n), out], stdin=f, check=True, timeout=60)
        words = {w[0]: w for w in lib.read_log(out)}
        if "reach" not in words:
            raise lib.BenchError(f"counted only {words['eof'][2]}")
        seconds = float(words["reach"][1]) - float(words["first"][1])
        return {"n": n, "seconds": seconds, "routes_per_s": n / seconds,
                "bytes_per_route": os.path.getsize(data) / n}
    finally:
        work.cleanup()


def run(ctx):
    sc = lib.Scenario(ctx, "ceil", TITLE, METRICS)
    tests = {"generator -> pipe": generator, "sender -> sink": sender_sink, "counter (JSON)": counter}
    for name, fn in tests.items():
        for rep in range(ctx.reps):
            try:
                r = fn(ctx, N)
            except lib.BenchError as e:
                r = {"error": str(e)}
            sc.record(name, "helper", rep, r)
    return sc.report()

"""Processes that misbehave never hurt herald, its sessions or the other
processes: one that never reads its stdin (memory stays bounded, its acks
are dropped, no session stalls), one that crashes in a loop (given up on,
its routes kept), one that writes garbage, binary bytes and an 8 MiB line
(each answered `error`, the log stays small and escaped). After each, the
routes at a real GoBGP are exactly those wanted."""

import os
import re
import signal
import subprocess
import time

from harness import (HERALD, PYTHON, ApiProcess, Herald, free_port, gobgp_peer,
                     gobgp_peer_neighbor, sanitized, wait_for)

def neighbor(processes):
    return gobgp_peer_neighbor(processes, "hold-time 9;", "neighbor-changes;")


def meds(g):
    """{prefix: MED} of GoBGP's IPv4 RIB."""
    return {p: a.get(4, {}).get("metric") for p, a in g.rib("ipv4").items()}


def peak_rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise AssertionError("no VmHWM")


def api_works(api, g, prefix):
    """The well-behaved process is heard, and answered."""
    before = api.lines().count("done")
    api.send(f"announce route {prefix} next-hop 198.51.100.1 med 7")
    wait_for(lambda: api.lines().count("done") == before + 1, 30, what="the api process's ack")
    wait_for(lambda: prefix in meds(g), 30, what=f"{prefix} at GoBGP")


SANITIZED = sanitized()
COMMANDS = 1_000_000 if SANITIZED else 10_000_000
ROUTES = 100
FINAL_MED = 4242


def test_a_process_that_never_reads_its_stdin(work):
    """10 million commands, 50 MB of acks never read: herald's peak RSS
    stays small (the acks are capped at 1 MiB, the rest dropped and
    counted), the session is never paused, the routes arrive, and at
    shutdown the process gets SIGTERM. (Under ASan: 1 million, and the RSS
    is not checked.)"""
    port = free_port("127.0.0.2")
    g = gobgp_peer(work, port)
    mark = work.join("got-sigterm")
    deaf = work.file("deaf.py", f"""
import os, signal, sys, time
def term(*_):
    open({mark!r}, "w").write("term\\n")
    os._exit(0)
signal.signal(signal.SIGTERM, term)
out = sys.stdout
def routes(med):
    return "".join(f"announce route 10.50.{{i}}.0/24 next-hop 198.51.100.1 med {{med}}\\n"
                   for i in range({ROUTES}))
# {ROUTES} routes, announced again and again unchanged (nothing to send,
# an ack each), then once more with the MED the test waits for.
same = routes(1)
for n in range({COMMANDS} // {ROUTES} - 1):
    out.write(same)
out.write(routes({FINAL_MED}))
out.flush()
while True:
    time.sleep(3600)
""")
    api = work.track(ApiProcess(work))
    h = work.track(Herald(work, f"""
        process deaf {{ run {PYTHON} {deaf}; encoder text; }}
        process api {{ run {api.run_line()}; encoder text; }}
        """ + neighbor("deaf api"), env={"exabgp.tcp.port": str(port)}).start())
    want = {f"10.50.{i}.0/24": FINAL_MED for i in range(ROUTES)}
    wait_for(lambda: g.established("127.0.0.1"), 30, what="GoBGP to establish")
    wait_for(lambda: {p: m for p, m in meds(g).items() if p.startswith("10.50.")} == want, 300,
             interval=1, what="the last MED of every route at GoBGP")
    rss = peak_rss_kb(h.proc.pid)
    print(f"herald peak RSS after {COMMANDS} commands to a process that never reads: {rss} kB")
    # Without the cap the acks alone would take 50 MB.
    assert SANITIZED or rss < 40_000, f"peak RSS {rss} kB"
    h.wait_output(r"process deaf \(pid \d+\) is not reading its stdin", 10)
    assert g.established("127.0.0.1")
    api_works(api, g, "10.51.0.0/24")
    assert meds(g) == {**want, "10.51.0.0/24": 7}
    out = h.output()
    assert "not keeping up" not in out, "no session may be paused for acks"
    assert "NOTIFICATION" not in out
    # At shutdown it gets SIGTERM, not only SIGKILL.
    h.send_signal(signal.SIGTERM)
    assert h.proc.wait(15) == 0
    assert open(mark).read() == "term\n"
    assert "killing it" not in h.output()


def test_a_process_in_a_crash_loop_is_given_up_on(work):
    """It announces a route and dies, again and again: herald gives up after
    the sixth death in a minute; the session and the other process carry
    on; the routes it announced stay (as with ExaBGP, a process's death
    withdraws nothing)."""
    port = free_port("127.0.0.2")
    g = gobgp_peer(work, port)
    crash = work.file("crash.sh", """#!/bin/sh
echo "announce route 10.60.0.0/24 next-hop 198.51.100.1 med 60"
sleep 0.1
exit 1
""", 0o755)
    api = work.track(ApiProcess(work))
    h = work.track(Herald(work, f"""
        process crash {{ run {crash}; encoder text; }}
        process api {{ run {api.run_line()}; encoder text; }}
        """ + neighbor("crash api"), env={"exabgp.tcp.port": str(port)}).start())
    wait_for(lambda: g.established("127.0.0.1"), 30, what="GoBGP to establish")
    h.wait_output(r"process crash died 6 times in a minute, not respawning", 60)
    api_works(api, g, "10.61.0.0/24")
    time.sleep(1)
    starts = re.findall(r"process crash started", h.output())
    assert len(starts) == 6, "not started again once given up on"
    assert meds(g) == {"10.60.0.0/24": 60, "10.61.0.0/24": 7}
    assert g.established("127.0.0.1")
    assert h.alive()
    assert "NOTIFICATION" not in h.output()


GARBAGE_LINES = 200_000


def test_a_process_writing_garbage(work):
    """Garbage, binary bytes and escape sequences, an 8 MiB line, mixed with
    good commands: every line is answered (`error` or `done`, in order),
    only the good ones act, the log stays small and holds no raw control
    byte, and the session and the other process are not disturbed."""
    port = free_port("127.0.0.2")
    g = gobgp_peer(work, port)
    acks = work.join("acks")
    noisy = work.file("noisy.py", f"""
import sys, threading, time
out = sys.stdout.buffer
expected = []
def read_acks():
    got = []
    for line in sys.stdin.buffer:
        line = line.decode().strip()
        if line not in ("done", "error"):
            continue  # neighbor-changes
        got.append(line)
        if len(got) == len(expected):
            break
    with open({acks!r}, "w") as f:
        f.write("ok\\n" if got == expected else f"mismatch\\n{{got[:20]}}\\n")
        f.write(f"{{got.count('done')}} done {{got.count('error')}} error\\n")
lines = []
def good(i):
    lines.append(f"announce route 10.70.{{i}}.0/24 next-hop 198.51.100.1 med {{i}}\\n".encode())
    expected.append("done")
def bad(b):
    lines.append(b + b"\\n")
    expected.append("error")
good(0)
bad(b"A" * (8 << 20))
good(1)
bad(bytes(range(1, 256)).replace(b"\\n", b""))
bad(b"announce route 10.70.2.0/24 next-hop nowhere")
for i in range({GARBAGE_LINES}):
    bad(b"garbage %d \\x1b[2J\\x1b]0;pwned\\x07 \\x00\\x01\\xff\\xfe" % i)
good(2)
good(3)
reader = threading.Thread(target=read_acks)
reader.start()
for l in lines:
    out.write(l)
out.flush()
reader.join()
time.sleep(3600)
""")
    api = work.track(ApiProcess(work))
    h = work.track(Herald(work, f"""
        process noisy {{ run {PYTHON} {noisy}; encoder text; }}
        process api {{ run {api.run_line()}; encoder text; }}
        """ + neighbor("noisy api"), env={"exabgp.tcp.port": str(port)}).start())
    wait_for(lambda: g.established("127.0.0.1"), 30, what="GoBGP to establish")
    wait_for(lambda: os.path.exists(acks) and open(acks).read().count("\n") == 2, 120,
             what="the noisy process to get every ack")
    assert open(acks).read() == f"ok\n4 done {GARBAGE_LINES + 3} error\n"
    api_works(api, g, "10.71.0.0/24")
    want = {f"10.70.{i}.0/24": i for i in range(4)}
    want["10.71.0.0/24"] = 7
    wait_for(lambda: meds(g) == want, 30, what="exactly the good routes at GoBGP")
    # Let the throttle report its count.
    h.wait_output(r"process noisy: \d+ similar messages suppressed", 10)
    log = open(h.log_path, "rb").read()
    assert len(log) < 200_000, f"the log grew to {len(log)} bytes"
    assert b"\x1b" not in log and b"\x00" not in log and b"\xff" not in log
    assert re.search(rb"process noisy: line longer than 1048576 bytes \(\d+\+\) skipped", log)
    assert b"garbage 0 \\x1b[2J\\x1b]0;pwned\\x07 \\x00\\x01\\xff\\xfe" in log
    assert g.established("127.0.0.1")
    assert "NOTIFICATION" not in h.output()

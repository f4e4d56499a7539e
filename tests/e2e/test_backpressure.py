"""A stuck process never blocks herald: the sessions that feed it pause (TCP
flow control), keepalives still go out, other sessions carry on, and nothing
is lost once the process is replaced."""

import os
import time

from harness import ApiProcess, Gobgp, Herald, PYTHON, free_port, wait_for

ROUTES = 300000  # ~33 MB of text lines: twice the 16 MiB high-water mark


def test_stuck_process_pauses_only_its_sessions(work):
    port = free_port("127.0.0.2")
    gen = work.file("gen.py", f"""
import sys
out = sys.stdout
for i in range({ROUTES}):
    out.write(f"announce route 10.{{i >> 16}}.{{(i >> 8) & 255}}.{{i & 255}}/32 next-hop 198.51.100.1 med 1\\n")
out.flush()
sys.stdin.read()
""")
    # Sender: a herald announcing ROUTES prefixes to the receiver.
    sender = work.track(Herald(work, f"""
        process gen {{ run {PYTHON} {gen}; encoder text; }}
        neighbor 127.0.0.2 {{
            router-id 10.0.0.1; local-address 127.0.0.1; local-as 65001; peer-as 65002;
            hold-time 9;
            family {{ ipv4 unicast; }}
            api {{ processes [ gen ]; }}
        }}
        """, env={"exabgp.tcp.port": str(port)}, name="sender").start())
    # Receiver: its `stuck` process never reads stdin; a second neighbor
    # (GoBGP, which does not feed that process) must not be affected.
    gport = free_port("127.0.0.3")
    g = work.track(Gobgp(work, 65003, "10.0.0.3", "127.0.0.3", gport,
                         [{"address": "127.0.0.2", "asn": 65002, "families": ["ipv4-unicast"]}]).start())
    stuck = work.file("stuck.sh", "#!/bin/sh\nexec sleep 600\n", 0o755)
    api = work.track(ApiProcess(work))
    receiver = work.track(Herald(work, f"""
        process stuck {{ run {stuck}; encoder text; }}
        process api {{ run {api.run_line()}; encoder text; }}
        neighbor 127.0.0.1 {{
            router-id 10.0.0.2; local-address 127.0.0.2; local-as 65002; peer-as 65001;
            passive; listen {port}; hold-time 9;
            family {{ ipv4 unicast; }}
            api {{ processes [ stuck ]; receive {{ parsed; update; }} }}
        }}
        neighbor 127.0.0.3 {{
            router-id 10.0.0.2; local-address 127.0.0.2; local-as 65002; peer-as 65003;
            connect {gport};
            family {{ ipv4 unicast; }}
            api {{ processes [ api ]; }}
        }}
        """, name="receiver").start())
    receiver.wait_output(r"neighbor 127\.0\.0\.1 AS 65001: processes are not keeping up", 60)
    wait_for(lambda: g.established("127.0.0.2"), 30, what="GoBGP to establish")
    # Longer than the hold time: keepalives must still flow both ways.
    for i in range(15):
        api.send(f"announce route 10.200.{i}.0/24 next-hop 198.51.100.1")
        time.sleep(1)
    assert "10.200.14.0/24" in g.rib("ipv4"), "the other session carries on"
    for log in (sender.output(), receiver.output()):
        assert "NOTIFICATION" not in log, "no session may drop"
    assert sender.alive() and receiver.alive()
    # Kill the stuck process: its queue is dropped, reading resumes, the
    # respawned process is fed from then on.
    children = open(f"/proc/{receiver.proc.pid}/task/{receiver.proc.pid}/children").read().split()
    stuck_pids = [int(c) for c in children
                  if open(f"/proc/{c}/cmdline").read().startswith("sleep")]
    assert len(stuck_pids) == 1
    os.kill(stuck_pids[0], 9)
    receiver.wait_output(r"neighbor 127\.0\.0\.1 AS 65001: reading resumed", 30)
    assert "NOTIFICATION" not in sender.output()

"""Processes die and are respawned; peers restart and get every route again;
herald stops on SIGTERM with a Cease to its peers."""

import os
import signal
import time

from harness import (KEEPALIVE, PYTHON, ApiProcess, Herald, RawPeer, free_port, gobgp_peer,
                     gobgp_peer_neighbor, open_message, wait_for)

def test_process_is_respawned_and_given_up_on(work):
    port = free_port("127.0.0.2")
    g = gobgp_peer(work, port)
    counter = work.join("runs")
    # Dies twice, then stays up: each run announces a route of its own.
    flaky = work.file("flaky.sh", f"""#!/bin/sh
n=$(($(cat {counter} 2>/dev/null || echo 0) + 1))
echo $n > {counter}
echo "announce route 10.99.$n.0/24 next-hop 198.51.100.1"
if [ $n -lt 3 ]; then sleep 0.5; exit 1; fi
exec cat > /dev/null
""", 0o755)
    # Dies at once, every time: herald must give up on it and carry on.
    doomed = work.file("doomed.sh", "#!/bin/sh\nexit 3\n", 0o755)
    h = work.track(Herald(work, f"""
        process flaky {{ run /bin/sh {flaky}; encoder text; }}
        process doomed {{ run {doomed}; encoder text; }}
        """ + gobgp_peer_neighbor("flaky doomed"), env={"exabgp.tcp.port": str(port)}).start())
    wait_for(lambda: g.established("127.0.0.1"), 30, what="GoBGP to establish")
    want = {"10.99.1.0/24", "10.99.2.0/24", "10.99.3.0/24"}
    wait_for(lambda: want <= set(g.rib("ipv4")), 30, what="the routes of all three runs")
    h.wait_output(r"doomed.*(died|not respawning|terminating)", 60)
    assert h.alive()
    assert g.established("127.0.0.1")


def test_peer_restart_gets_every_route_again(work):
    port = free_port("127.0.0.2")
    g = gobgp_peer(work, port)
    api = work.track(ApiProcess(work))
    work.track(Herald(work, f"""
        process api {{ run {api.run_line()}; encoder text; }}
        """ + gobgp_peer_neighbor("api"), env={"exabgp.tcp.port": str(port)}).start())
    wait_for(lambda: g.established("127.0.0.1"), 30, what="GoBGP to establish")
    prefixes = {f"10.77.{i}.0/24" for i in range(200)}
    api.send(*(f"announce route {p} next-hop 198.51.100.1 med 5" for p in sorted(prefixes)))
    wait_for(lambda: prefixes <= set(g.rib("ipv4")), 30, what="the routes")

    g.stop()
    time.sleep(1)
    g2 = gobgp_peer(work, port)
    wait_for(lambda: g2.established("127.0.0.1"), 40, what="GoBGP to establish again")
    wait_for(lambda: prefixes == set(g2.rib("ipv4")), 30, what="every route again")


def test_sigterm_sends_cease_and_tells_processes(work):
    peer = RawPeer("127.0.0.2")
    api = work.track(ApiProcess(work))
    h = work.track(Herald(work, f"""
        process api {{ run {api.run_line()}; encoder json; }}
        neighbor 127.0.0.2 {{
            router-id 10.0.0.1;
            local-address 127.0.0.1;
            local-as 65001;
            peer-as 65002;
            family {{ ipv4 unicast; }}
            api {{ processes [ api ]; neighbor-changes; }}
        }}
        """, env={"exabgp.tcp.port": str(peer.port)}).start())
    try:
        peer.accept(20)
        assert peer.read_until(1) is not None  # herald's OPEN
        peer.send(open_message(65002, "10.0.0.2"))
        peer.send(KEEPALIVE)
        assert peer.read_until(4) is not None
        wait_for(lambda: any(m.get("neighbor", {}).get("state") == "up" for m in api.json("state")),
                 10, what="the process to hear the session is up")
        h.send_signal(signal.SIGTERM)
        mtype, body = peer.read_until(3, 10)
        assert (body[0], body[1]) == (6, 2), f"expected Cease/Administrative Shutdown, got {body[:2]}"
        assert h.proc.wait(15) == 0
        assert any(m.get("notification") == "shutdown" for m in api.json("notification"))
    finally:
        peer.close()

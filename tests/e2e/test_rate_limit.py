"""`rate-limit N` (ExaBGP's): at most N UPDATE messages a second each way.
Asserted from below only: 16 UPDATEs at 5 a second cannot all pass within
two seconds, however fast or slow the machine; all of them do arrive, and
the session stays up (keepalives are not held back)."""

from harness import ApiProcess, Herald, free_port, gobgp_peer, gobgp_peer_neighbor, wait_for


def test_rate_limit_paces_updates_both_ways(work):
    port = free_port("127.0.0.2")
    g = gobgp_peer(work, port)
    api = work.track(ApiProcess(work))
    config = f"""
        process api {{
            run {api.run_line()};
            encoder json;
        }}
""" + gobgp_peer_neighbor("api", settings="rate-limit 5; group-updates false;",
                          api="send { parsed; update; } receive { parsed; update; }")
    h = work.track(Herald(work, config, env={"exabgp.tcp.port": str(port)}).start())
    wait_for(lambda: g.established("127.0.0.1"), 30, what="GoBGP to establish")

    def times(direction):
        return [m["time"] for m in api.json("update")
                if m["neighbor"]["direction"] == direction and "update" in m["neighbor"]["message"]]

    # Sent: one UPDATE per route (group-updates false).
    api.send(*[f"announce route 10.{i}.0.0/24 next-hop 192.0.2.1" for i in range(16)])
    wait_for(lambda: len(times("send")) == 16, 30, what="the 16 UPDATEs sent")
    sent = times("send")
    assert max(sent) - min(sent) >= 2.0, sent
    wait_for(lambda: len(g.rib("ipv4")) == 16, 15, what="GoBGP to have the 16 routes")

    # Received: GoBGP sends one UPDATE per route (different MEDs).
    for i in range(16):
        g.cli("global", "rib", "add", "-a", "ipv4", f"10.200.{i}.0/24", "nexthop", "192.0.2.2", "med", str(i))
    wait_for(lambda: len(times("receive")) >= 16, 30, what="the 16 UPDATEs received")
    received = times("receive")
    assert max(received) - min(received) >= 2.0, received
    assert g.established("127.0.0.1") and h.alive()

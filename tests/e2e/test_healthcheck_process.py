"""`herald healthcheck` as a process of herald, announcing a service IP to a
GoBGP peer: announced with the up metric while the check succeeds, with the
down metric when it fails, withdrawn when the maintenance (disable) file
appears with --withdraw-on-down, after --drain stepped the MED down."""

import os

from harness import HERALD, Herald, free_port, gobgp_peer, gobgp_peer_neighbor, wait_for

PREFIX = "100.10.0.100/32"


def start(work, settings):
    port = free_port("127.0.0.2")
    g = gobgp_peer(work, port)
    conf = work.file("healthcheck.conf", "\n".join(settings) + "\n")
    work.track(Herald(work, f"""
        process watch {{
            run {HERALD} healthcheck --config {conf};
            encoder text;
        }}
        {gobgp_peer_neighbor("watch")}
        """, env={"exabgp.tcp.port": str(port)}).start())
    wait_for(lambda: g.established("127.0.0.1"), 30, what="GoBGP to establish")
    return g


def med(g):
    a = g.rib("ipv4").get(PREFIX)
    return None if a is None else a.get(4, {}).get("metric")


def test_check_drives_the_route_at_gobgp(work):
    healthy = work.join("healthy")
    off = work.join("maintenance")
    open(healthy, "w").close()
    g = start(work, [
        "no-syslog", "no-ip-setup", f"ip = {PREFIX}", "next-hop = 198.51.100.1",
        f"command = test -e {healthy}", f"disable = {off}",
        "interval = 0.2", "fast-interval = 0.1", "rise = 2", "fall = 2",
    ])
    wait_for(lambda: med(g) == 100, 30, interval=0.1, what="the route with the up metric")
    os.remove(healthy)
    wait_for(lambda: med(g) == 1000, 30, interval=0.1, what="the route with the down metric")
    open(healthy, "w").close()
    wait_for(lambda: med(g) == 100, 30, interval=0.1, what="the route back with the up metric")
    open(off, "w").close()
    wait_for(lambda: med(g) == 500, 30, interval=0.1, what="the route with the disabled metric")
    os.remove(off)
    wait_for(lambda: med(g) == 100, 30, interval=0.1, what="the route back after maintenance")


def test_maintenance_file_drains_then_withdraws(work):
    off = work.join("maintenance")
    g = start(work, [
        "no-syslog", "no-ip-setup", f"ip = {PREFIX}", "next-hop = 198.51.100.1", "command = true",
        f"disable = {off}", "interval = 0.2", "fast-interval = 0.1", "rise = 1", "fall = 1",
        "withdraw-on-down", "drain = 3",
    ])
    wait_for(lambda: med(g) == 100, 30, interval=0.1, what="the route with the up metric")
    open(off, "w").close()
    seen = set()

    def withdrawn():
        m = med(g)
        if m is not None:
            seen.add(m)
        return m is None
    wait_for(withdrawn, 30, interval=0.05, what="the route drained then withdrawn")
    # 100 -> 500 in 3 steps (200, 300, 400) before the withdrawal; GoBGP is
    # polled, so at least one of them was seen.
    assert seen & {200, 300, 400}, seen
    assert seen <= {100, 200, 300, 400}, seen

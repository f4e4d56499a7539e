"""Session behaviour seen from the peer: End-of-RIB after the initial sync,
the local address outgoing sessions leave from, keepalives on short hold
times, route refresh, and connection collisions."""

import socket
import time

from harness import (KEEPALIVE, ApiProcess, Gobgp, Herald, RawPeer, free_port, message,
                     open_message, wait_for)


def neighbor(local="127.0.0.1", extra="", families="ipv4 unicast; ipv6 unicast;", procs=None):
    api = f"api {{ processes [ {procs} ]; }}" if procs else ""
    return f"""
        neighbor 127.0.0.2 {{
            router-id 10.0.0.1;
            local-address {local};
            local-as 65001;
            peer-as 65002;
            family {{ {families} }}
            {extra}
            {api}
        }}
        """


def mp_open(asn, router_id, hold=90):
    caps = [bytes([1, 4, 0, 1, 0, 1]), bytes([1, 4, 0, 2, 0, 1]), bytes([65, 4]) + asn.to_bytes(4, "big")]
    return open_message(asn, router_id, hold, caps)


def test_end_of_rib_follows_the_initial_routes_and_source_address(work):
    peer = RawPeer("127.0.0.2")
    try:
        work.track(Herald(work, neighbor(local="127.0.0.3", extra="""
            static {
                route 10.0.0.0/24 next-hop 198.51.100.1;
                route 2001:db8:1::/48 next-hop 2001:db8::1;
            }"""), env={"exabgp.tcp.port": str(peer.port)}).start())
        peer.accept(20)
        assert peer.sock.getpeername()[0] == "127.0.0.3", "must leave from local-address"
        assert peer.read_until(1) is not None
        peer.send(mp_open(65002, "10.0.0.2"))
        peer.send(KEEPALIVE)
        updates = []
        eors = set()
        while len(eors) < 2:
            mtype, body = peer.read_until(2, 10)
            updates.append(body)
            if body == b"\x00\x00\x00\x00":
                eors.add("ipv4")
            elif len(body) == 10 and body[4:6] == b"\x80\x0f":  # empty MP_UNREACH
                eors.add({1: "ipv4", 2: "ipv6"}[int.from_bytes(body[7:9], "big")])
        # The routes came before their family's End-of-RIB.
        assert updates.index(b"\x00\x00\x00\x00") > 0
        assert any(b"\x18\x0a\x00\x00" in u for u in updates[:updates.index(b"\x00\x00\x00\x00")])
    finally:
        peer.close()


def test_keepalives_keep_a_three_second_session_up(work):
    peer = RawPeer("127.0.0.2")
    try:
        h = work.track(Herald(work, neighbor(extra="hold-time 3;"), env={"exabgp.tcp.port": str(peer.port)}).start())
        peer.accept(20)
        assert peer.read_until(1) is not None
        peer.send(mp_open(65002, "10.0.0.2", hold=3))
        peer.send(KEEPALIVE)
        deadline = time.monotonic() + 8
        keepalives = 0
        last = time.monotonic()
        while time.monotonic() < deadline:
            m = peer.read(3)
            assert m is not None, "herald closed the session"
            assert m[0] != 3, f"unexpected NOTIFICATION {m[1][:2]}"
            if m[0] == 4:
                keepalives += 1
                assert time.monotonic() - last < 2.5, "keepalives must come every hold/3 seconds"
                last = time.monotonic()
                peer.send(KEEPALIVE)
        assert keepalives >= 6
        assert h.alive()
    finally:
        peer.close()


def test_hold_timer_expiry_sends_notification(work):
    peer = RawPeer("127.0.0.2")
    try:
        work.track(Herald(work, neighbor(extra="hold-time 3;"), env={"exabgp.tcp.port": str(peer.port)}).start())
        peer.accept(20)
        assert peer.read_until(1) is not None
        peer.send(mp_open(65002, "10.0.0.2", hold=3))
        peer.send(KEEPALIVE)
        start = time.monotonic()
        got = peer.read_until(3, 10)  # we stay silent
        assert got is not None and got[1][:2] == bytes([4, 0])
        assert 2.5 < time.monotonic() - start < 6
    finally:
        peer.close()


def _refresh_session(work, peer, extra_caps=()):
    """herald with route-refresh and one static route, Established with the
    raw peer (whose OPEN adds extra_caps); returns the first UPDATE read."""
    work.track(Herald(work, neighbor(families="ipv4 unicast;", extra="""
        capability { route-refresh; }
        static { route 10.33.0.0/24 next-hop 198.51.100.1 med 3; }"""),
        env={"exabgp.tcp.port": str(peer.port)}).start())
    peer.accept(20)
    assert peer.read_until(1) is not None
    caps = [bytes([1, 4, 0, 1, 0, 1]), bytes([2, 0]), *extra_caps,
            bytes([65, 4]) + (65002).to_bytes(4, "big")]
    peer.send(open_message(65002, "10.0.0.2", 90, caps))
    peer.send(KEEPALIVE)
    return peer.read_until(2, 10)


def test_route_refresh_resends_the_routes(work):
    peer = RawPeer("127.0.0.2")
    try:
        first = _refresh_session(work, peer)
        assert b"\x18\x0a\x21\x00" in first[1]
        assert peer.read_until(2, 10)[1] == b"\x00\x00\x00\x00"  # End-of-RIB
        peer.send(message(5, bytes([0, 1, 0, 1])))  # ROUTE-REFRESH ipv4 unicast
        again = peer.read_until(2, 10)
        assert again[1] == first[1], "the same UPDATE again"
    finally:
        peer.close()


def test_enhanced_route_refresh_brackets_the_routes(work):
    peer = RawPeer("127.0.0.2")
    try:
        assert _refresh_session(work, peer, [bytes([70, 0])]) is not None
        assert peer.read_until(2, 10)[1] == b"\x00\x00\x00\x00"
        peer.send(message(5, bytes([0, 1, 0, 1])))
        kinds = []
        while len(kinds) < 3:
            m = peer.read(10)
            assert m is not None
            if m[0] == 5:
                kinds.append(("refresh", m[1][2]))  # subtype: 1 BoRR, 2 EoRR
            elif m[0] == 2:
                kinds.append(("update", None))
        assert kinds == [("refresh", 1), ("update", None), ("refresh", 2)]
    finally:
        peer.close()


def test_connection_collision_leaves_one_session(work):
    """Both sides connect at once: one connection survives (RFC 4271 §6.8)."""
    herald_port = free_port("127.0.0.1")
    gobgp_port = free_port("127.0.0.2")
    g = work.track(Gobgp(work, 65002, "10.0.0.2", "127.0.0.2", gobgp_port,
                         [{"address": "127.0.0.1", "asn": 65001, "passive": False,
                           "remote_port": herald_port, "families": ["ipv4-unicast"]}]).start())
    h = work.track(Herald(work, neighbor(families="ipv4 unicast;", extra=f"""
            listen {herald_port};
            static {{ route 10.44.0.0/24 next-hop 198.51.100.1; }}"""),
        env={"exabgp.tcp.port": str(gobgp_port)}).start())
    wait_for(lambda: "10.44.0.0/24" in g.rib("ipv4"), 40, what="the route over the surviving session")
    time.sleep(3)
    assert g.established("127.0.0.1")
    assert "10.44.0.0/24" in g.rib("ipv4")
    assert h.alive()


def test_md5_ip_is_where_herald_binds(work):
    """`md5-ip` (ExaBGP's): the local address of the neighbor's sessions,
    in place of local-address."""
    peer = RawPeer("127.0.0.2")
    try:
        work.track(Herald(work, f"""
            neighbor 127.0.0.2 {{
                router-id 10.0.0.1;
                local-address 127.0.0.1;
                md5-ip 127.0.0.6;
                local-as 65001;
                peer-as 65002;
                family {{ ipv4 unicast; }}
            }}
            """, env={"exabgp.tcp.port": str(peer.port)}).start())
        peer.accept(20)
        assert peer.sock.getpeername()[0] == "127.0.0.6"
        assert peer.read_until(1) is not None
    finally:
        peer.close()

"""Bad input never crashes herald: malformed messages from a peer get the
NOTIFICATION of RFC 4271 (or RFC 7606's gentler treatment); bad API lines
get an error and change nothing else."""

import re
import socket
import struct

import pytest

from harness import (KEEPALIVE, ApiProcess, Gobgp, Herald, RawPeer, free_port, message,
                     open_message, wait_for)


def herald_towards(work, peer_port, api=None, receive=False):
    procs = ""
    api_block = ""
    if api:
        procs = f"process api {{ run {api.run_line()}; encoder json; }}"
        api_block = "api { processes [ api ]; neighbor-changes; " + \
            ("receive { parsed; update; } " if receive else "") + "}"
    return work.track(Herald(work, f"""
        {procs}
        neighbor 127.0.0.2 {{
            router-id 10.0.0.1;
            local-address 127.0.0.1;
            local-as 65001;
            peer-as 65002;
            hold-time 30;
            family {{ ipv4 unicast; }}
            {api_block}
        }}
        """, env={"exabgp.tcp.port": str(peer_port)}).start())


def established(peer):
    peer.accept(20)
    assert peer.read_until(1) is not None
    peer.send(open_message(65002, "10.0.0.2"))
    peer.send(KEEPALIVE)
    assert peer.read_until(4) is not None


def assert_no_notification(peer):
    """Nothing but KEEPALIVEs (or nothing) arrives for half a second."""
    peer.sock.settimeout(0.5)
    try:
        m = peer.read(0.5)
        assert m is None or m[0] != 3, "no NOTIFICATION expected"
    except socket.timeout:
        pass


def attr(flags, code, value):
    return bytes([flags, code, len(value)]) + value


ORIGIN = attr(0x40, 1, b"\x00")
AS_PATH = attr(0x40, 2, bytes([2, 1]) + (65002).to_bytes(4, "big"))
NEXT_HOP = attr(0x40, 3, socket.inet_aton("198.51.100.9"))
NLRI = bytes([24, 10, 9, 9])


def update(attrs, nlri=NLRI, withdrawn=b""):
    return message(2, struct.pack("!H", len(withdrawn)) + withdrawn + struct.pack("!H", len(attrs)) + attrs + nlri)


BAD_MESSAGES = [
    # (what, bytes, code, subcode)
    ("bad marker", b"\x00" * 16 + b"\x00\x13\x04", 1, 1),
    ("length below 19", b"\xff" * 16 + b"\x00\x12\x04", 1, 2),
    ("keepalive with a body", message(4, b"\x00"), 1, 2),
    ("unknown message type", message(9, b""), 1, 3),
    # ExaBGP's OPERATIONAL (type 6) too short for its type: Notify(5, 0) as ExaBGP 5.0 raises it.
    ("operational without its header", message(6, b"\x00\x01"), 5, 0),
    ("operational query cut short", message(6, bytes.fromhex("0003000b00010101020304")), 5, 0),
    ("withdrawn length past the end", message(2, b"\x00\x40\x00\x00"), 3, 1),
    ("attribute length past the end", message(2, b"\x00\x00\x00\x10" + ORIGIN), 3, 1),
    ("unrecognized well-known attribute", update(ORIGIN + AS_PATH + NEXT_HOP + attr(0x40, 99, b"\x01")), 3, 2),
    ("NLRI prefix longer than 32", update(ORIGIN + AS_PATH + NEXT_HOP, nlri=bytes([33, 1, 2, 3, 4, 5])), 3, 10),
]


@pytest.mark.parametrize("what,data,code,subcode", BAD_MESSAGES, ids=[b[0] for b in BAD_MESSAGES])
def test_malformed_message_gets_its_notification(work, what, data, code, subcode):
    peer = RawPeer("127.0.0.2")
    try:
        h = herald_towards(work, peer.port)
        established(peer)
        peer.send(data)
        got = peer.read_until(3, 10)
        assert got is not None, "no NOTIFICATION"
        assert (got[1][0], got[1][1]) == (code, subcode), f"{what}: got {got[1][:2]}"
        assert h.alive()
    finally:
        peer.close()


def test_what_the_peer_sent_first_is_read_before_the_first_updates(work):
    """The peer's KEEPALIVE arrives with more behind it (more than one read
    of herald's takes) ending in a message of an unknown type: herald
    answers that with its NOTIFICATION before sending any UPDATE (its
    End-of-RIB included) on the new session."""
    peer = RawPeer("127.0.0.2")
    try:
        h = herald_towards(work, peer.port)
        peer.accept(20)
        assert peer.read_until(1) is not None
        peer.send(open_message(65002, "10.0.0.2"))
        assert peer.read_until(4) is not None  # herald took the OPEN
        # 5 withdrawals of 800 /32s each: ~20 kB, past herald's 16 kB first read.
        filler = b"".join(update(b"", nlri=b"", withdrawn=b"".join(bytes([32, 10, k, j >> 8, j & 255])
                                                                     for j in range(800)))
                          for k in range(5))
        assert len(filler) > 16384
        peer.send(KEEPALIVE + filler + message(9, b""))
        types = []
        while True:
            m = peer.read(10)
            assert m is not None, f"closed without a NOTIFICATION after {types}"
            types.append(m[0])
            if m[0] == 3:
                assert (m[1][0], m[1][1]) == (1, 3)
                break
        assert 2 not in types, f"UPDATE sent before the NOTIFICATION: {types}"
        assert h.alive()
    finally:
        peer.close()


BAD_OPENS = [
    ("version 3", lambda: message(1, bytes([3]) + open_message(65002, "10.0.0.2")[20:]), 2, 1),
    ("wrong peer AS", lambda: open_message(65009, "10.0.0.2"), 2, 2),
    ("BGP identifier 0", lambda: open_message(65002, "0.0.0.0"), 2, 3),
    ("hold time 1", lambda: open_message(65002, "10.0.0.2", hold=1), 2, 6),
    ("optional parameter type 1", lambda: message(
        1, bytes([4]) + (65002).to_bytes(2, "big") + (90).to_bytes(2, "big") +
        socket.inet_aton("10.0.0.2") + bytes([3, 1, 1, 0])), 2, 4),
]


@pytest.mark.parametrize("what,make,code,subcode", BAD_OPENS, ids=[b[0] for b in BAD_OPENS])
def test_malformed_open_gets_its_notification(work, what, make, code, subcode):
    peer = RawPeer("127.0.0.2")
    try:
        h = herald_towards(work, peer.port)
        peer.accept(20)
        assert peer.read_until(1) is not None
        peer.send(make())
        got = peer.read_until(3, 10)
        assert got is not None, "no NOTIFICATION"
        assert (got[1][0], got[1][1]) == (code, subcode), f"{what}: got {got[1][:2]}"
        assert h.alive()
    finally:
        peer.close()


def test_treat_as_withdraw_keeps_the_session(work):
    """RFC 7606: a bad ORIGIN withdraws the UPDATE's routes, nothing more."""
    peer = RawPeer("127.0.0.2")
    api = work.track(ApiProcess(work))
    try:
        h = herald_towards(work, peer.port, api=api, receive=True)
        established(peer)
        peer.send(update(attr(0x40, 1, b"\x07") + AS_PATH + NEXT_HOP))
        peer.send(update(ORIGIN + AS_PATH + NEXT_HOP, nlri=bytes([24, 10, 8, 8])))
        peer.send(KEEPALIVE)

        def seen():
            for m in api.json("update"):
                ann = m["neighbor"]["message"].get("update", {}).get("announce", {})
                for routes in ann.get("ipv4 unicast", {}).values():
                    if {"nlri": "10.8.8.0/24"} in routes:
                        return True
            return False

        wait_for(seen, 10, what="the good UPDATE after the bad one")
        announced = [r for m in api.json("update")
                     for routes in m["neighbor"]["message"].get("update", {}).get("announce", {}).get("ipv4 unicast", {}).values()
                     for r in routes]
        assert {"nlri": "10.9.9.0/24"} not in announced
        assert_no_notification(peer)
        assert h.alive()
    finally:
        peer.close()


def test_bad_api_lines_change_nothing_else(work):
    port = free_port("127.0.0.2")
    g = work.track(Gobgp(work, 65002, "10.0.0.2", "127.0.0.2", port,
                         [{"address": "127.0.0.1", "asn": 65001, "families": ["ipv4-unicast"]}]).start())
    api = work.track(ApiProcess(work))
    h = work.track(Herald(work, f"""
        process api {{ run {api.run_line()}; encoder text; }}
        neighbor 127.0.0.2 {{
            router-id 10.0.0.1;
            local-address 127.0.0.1;
            local-as 65001;
            peer-as 65002;
            family {{ ipv4 unicast; }}
            api {{ processes [ api ]; }}
        }}
        """, env={"exabgp.tcp.port": str(port)}).start())
    wait_for(lambda: g.established("127.0.0.1"), 30, what="GoBGP to establish")
    api.send("announce route 10.1.1.0/24 next-hop 198.51.100.1 med 1")
    wait_for(lambda: "10.1.1.0/24" in g.rib("ipv4"), 10, what="the first route")
    bad = [
        "announce route 10.1.2.0/24 next-hop 198.51.100.1 med banana",
        "announce route 10.1.3.1/24 next-hop 198.51.100.1",
        "announce route 10.1.4.0/24 next-hop 198.51.100.1 community [ 70000:1 ]",
        "announce rout 10.1.5.0/24 next-hop 198.51.100.1",
        "withdraw route not-a-prefix",
        "neighbor 192.0.2.99 announce route 10.1.6.0/24 next-hop 198.51.100.1",
        "\x00\x01garbage\xff",
        "x" * 100000,
        "y" * (2 << 20),  # past the 1 MiB line limit: skipped, answered
    ]
    api.send(*bad)
    api.send("announce route 10.1.7.0/24 next-hop 198.51.100.1 med 7")
    wait_for(lambda: "10.1.7.0/24" in g.rib("ipv4"), 10, what="the route after the bad lines")
    rib = g.rib("ipv4")
    assert set(rib) == {"10.1.1.0/24", "10.1.7.0/24"}
    assert rib["10.1.1.0/24"][4]["metric"] == 1
    answers = api.lines()
    assert answers.count("error") == len(bad), answers
    assert answers.count("done") == 2, answers
    assert g.established("127.0.0.1")
    assert h.alive()
    assert "banana" in h.output()


def test_unusable_routes_are_withdrawn_and_the_session_stays(work):
    """RFC 4271 §6.3 and RFC 7606 §4: a NEXT_HOP that is herald's own address,
    and stray octets after the last attribute, withdraw the UPDATE's routes;
    no NOTIFICATION, the session stays up."""
    peer = RawPeer("127.0.0.2")
    api = work.track(ApiProcess(work))
    try:
        h = herald_towards(work, peer.port, api=api, receive=True)
        established(peer)
        own = attr(0x40, 3, socket.inet_aton("127.0.0.1"))  # herald's local-address
        peer.send(update(ORIGIN + AS_PATH + own, nlri=bytes([24, 10, 6, 6])))
        peer.send(update(ORIGIN + AS_PATH + NEXT_HOP + b"\x40", nlri=bytes([24, 10, 7, 7])))
        peer.send(update(ORIGIN + AS_PATH + NEXT_HOP, nlri=bytes([24, 10, 8, 8])))
        peer.send(KEEPALIVE)

        def routes(kind):
            out = []
            for m in api.json("update"):
                part = m["neighbor"]["message"].get("update", {}).get(kind, {})
                if kind == "withdraw":
                    out += part.get("ipv4 unicast", [])
                else:
                    for rs in part.get("ipv4 unicast", {}).values():
                        out += rs
            return out

        wait_for(lambda: {"nlri": "10.8.8.0/24"} in routes("announce"), 10, what="the good UPDATE")
        assert {"nlri": "10.6.6.0/24"} in routes("withdraw")
        assert {"nlri": "10.7.7.0/24"} in routes("withdraw")
        announced = routes("announce")
        assert {"nlri": "10.6.6.0/24"} not in announced and {"nlri": "10.7.7.0/24"} not in announced
        assert_no_notification(peer)
        assert h.alive()
    finally:
        peer.close()


def test_unknown_operational_type_is_ignored(work):
    """An OPERATIONAL of a type ExaBGP does not know (9, SSQ) is ignored and
    the session goes on, as in ExaBGP: the message after it is read."""
    peer = RawPeer("127.0.0.2")
    try:
        h = herald_towards(work, peer.port)
        established(peer)
        peer.send(message(6, bytes.fromhex("0009000b0001010102030400000007")) + message(9, b""))
        got = peer.read_until(3, 10)
        assert got is not None, "no NOTIFICATION"
        assert (got[1][0], got[1][1]) == (1, 3), f"got {got[1][:2]}: the OPERATIONAL was not ignored"
        assert h.alive()
    finally:
        peer.close()


def test_control_socket_refuses_binary_and_oversized_requests(work):
    """A control-socket request that is not text, or longer than 1 MiB, gets
    `error`; the same connection answers the next request."""
    sock = work.join("herald.sock")
    config = """
        neighbor 127.0.0.2 {
            router-id 10.0.0.1; local-address 127.0.0.1; local-as 65001; peer-as 65002;
        }
"""
    h = work.track(Herald(work, config, env={"exabgp.tcp.port": str(free_port("127.0.0.2")),
                                             "exabgp.api.socket": sock}).start())
    h.wait_output("control socket: " + re.escape(sock))
    c = socket.socket(socket.AF_UNIX)
    c.settimeout(10)
    c.connect(sock)
    got = b""

    def answer():
        nonlocal got
        while not (got.endswith(b"done\n") or got.endswith(b"error\n")):
            chunk = c.recv(65536)
            assert chunk, "the control socket closed the connection"
            got += chunk
        out, got = got, b""
        return out

    try:
        c.sendall(b"\x00\x01garbage\xff\xfe\n")
        assert answer() == b"error\n"
        c.sendall(b"z" * (2 << 20) + b"\n")
        assert answer() == b"error\n"
        c.sendall(b"version\n")
        assert re.fullmatch(rb"herald \d+\.\d+\.\d+\ndone\n", answer())
    finally:
        c.close()
    assert h.alive()

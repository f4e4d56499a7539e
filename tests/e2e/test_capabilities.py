"""Capabilities herald announces, as a real peer (GoBGP) sees them: graceful
restart (RFC 4724) with its time, the Restart State bit and the Forwarding
State bit per family, as ExaBGP 5.0 sends them, then End-of-RIB; a reload that changes the
capability restarts the session with the new OPEN; the software version
capability. Multisession against a peer without it: refused as ExaBGP
refuses it."""

import base64
import signal
import textwrap

from harness import Herald, RawPeer, free_port, gobgp_peer, open_message, wait_for

CONFIG = """
    neighbor 127.0.0.2 {{
        router-id 10.0.0.1;
        local-address 127.0.0.1;
        local-as 65001;
        peer-as 65002;
        family {{ ipv4 unicast; }}
        capability {{ {capability} }}
    }}
"""


def varints(data):
    """Protobuf wire format, just enough for GoBGP's capability messages:
    [(field, value)] where value is an int (varint) or bytes (length-delimited)."""
    out, i = [], 0

    def varint():
        nonlocal i
        shift = value = 0
        while True:
            b = data[i]
            i += 1
            value |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                return value

    while i < len(data):
        key = varint()
        field, kind = key >> 3, key & 7
        if kind == 0:
            out.append((field, varint()))
        elif kind == 2:
            length = varint()
            out.append((field, data[i:i + length]))
            i += length
        else:
            raise ValueError(f"wire type {kind}")
    return out


def graceful_restart_seen(g):
    """The GR capability GoBGP received from herald, decoded from its
    apipb.GracefulRestartCapability: (flags, time, [(afi, safi, flags)]),
    or None before the session is up or without the capability."""
    for n in g.neighbors():
        if n["state"].get("session_state") != 6:
            continue
        for cap in n["state"].get("remote_cap", []):
            if not cap["type_url"].endswith("apipb.GracefulRestartCapability"):
                continue
            fields = varints(base64.b64decode(cap.get("value", "")))
            flags = dict((f, v) for f, v in fields if f in (1, 2))
            tuples = []
            for f, v in fields:
                if f != 3:
                    continue
                t = dict(varints(v))
                family = dict(varints(t.get(1, b"")))
                tuples.append((family.get(1, 0), family.get(2, 0), t.get(2, 0)))
            return flags.get(1, 0), flags.get(2, 0), tuples
        return None
    return None


def end_of_rib_received(g):
    """{(afi, safi): whether GoBGP recorded herald's End-of-RIB}."""
    for n in g.neighbors():
        if n["state"].get("session_state") != 6:
            continue
        return {(a["config"]["family"]["afi"], a["config"]["family"]["safi"]):
                a.get("mp_graceful_restart", {}).get("state", {}).get("end_of_rib_received", False)
                for a in n.get("afi_safis", [])}
    return None


def established_without_gr(g):
    for n in g.neighbors():
        if n["state"].get("session_state") == 6:
            return not any(c["type_url"].endswith("GracefulRestartCapability")
                           for c in n["state"].get("remote_cap", []))
    return False


def test_gobgp_sees_graceful_restart_and_reload_changes_it(work):
    port = free_port("127.0.0.2")
    g = gobgp_peer(work, port)
    h = work.track(Herald(work, CONFIG.format(capability="graceful-restart 120;"),
                          env={"exabgp.tcp.port": str(port)}).start())
    # Flags 0x8 (Restart State), 120 s, IPv4 unicast with Forwarding State.
    wait_for(lambda: graceful_restart_seen(g) == (8, 120, [(1, 1, 0x80)]), 40,
             what="GoBGP to see herald's graceful restart capability")
    # End-of-RIB for the negotiated family after the initial sync (RFC 4724 §2).
    wait_for(lambda: end_of_rib_received(g) == {(1, 1): True}, 20, what="GoBGP to receive End-of-RIB")

    # A reload with another time: the session restarts with the new OPEN.
    with open(h.config_path, "w") as f:
        f.write(textwrap.dedent(CONFIG.format(capability="graceful-restart;")))  # the hold time, 180
    h.send_signal(signal.SIGUSR1)
    wait_for(lambda: graceful_restart_seen(g) == (8, 180, [(1, 1, 0x80)]), 60,
             what="the new restart time after the reload")

    # And without it: no capability at all.
    with open(h.config_path, "w") as f:
        f.write(textwrap.dedent(CONFIG.format(capability="graceful-restart disable;")))
    h.send_signal(signal.SIGUSR1)
    wait_for(lambda: established_without_gr(g), 60, what="a session without graceful restart")
    assert h.alive()


def remote_capability(g, code):
    """The value of capability `code` GoBGP received from herald, for codes
    GoBGP does not know (apipb.UnknownCapability: code, value), or None."""
    for n in g.neighbors():
        if n["state"].get("session_state") != 6:
            continue
        for cap in n["state"].get("remote_cap", []):
            if not cap["type_url"].endswith("apipb.UnknownCapability"):
                continue
            fields = dict(varints(base64.b64decode(cap.get("value", ""))))
            if fields.get(1) == code:
                return fields.get(2, b"")
    return None


def test_gobgp_sees_the_software_version(work):
    port = free_port("127.0.0.2")
    g = gobgp_peer(work, port)
    h = work.track(Herald(work, CONFIG.format(capability="software-version enable;"),
                          env={"exabgp.tcp.port": str(port)}).start())
    wait_for(lambda: remote_capability(g, 75) is not None, 40, what="GoBGP to see capability 75")
    value = remote_capability(g, 75)
    assert value[0] == len(value) - 1, value
    assert value[1:].decode().startswith("herald/"), value
    assert h.alive()


def test_multisession_refuses_a_peer_without_it(work):
    """draft-ietf-idr-bgp-multisession: NOTIFICATION 2/9 (grouping required)."""
    peer = RawPeer("127.0.0.2")
    try:
        work.track(Herald(work, CONFIG.format(capability="multi-session;"),
                          env={"exabgp.tcp.port": str(peer.port)}).start())
        peer.accept(20)
        kind, body = peer.read_until(1)
        params = body[10:]
        caps = []
        while params:
            value, params = params[2:2 + params[1]], params[2 + params[1]:]
            caps.append(value)
        assert bytes([68, 1, 0]) in caps and bytes([68, 1, 1]) in caps, caps
        peer.send(open_message(65002, "10.0.0.2"))
        kind, body = peer.read_until(3)
        assert body[:2] == bytes([2, 9]), body.hex()
    finally:
        peer.close()

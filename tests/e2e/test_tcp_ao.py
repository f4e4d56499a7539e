"""TCP-AO (RFC 5925, herald's `tcp-ao { }`) between two herald instances on
loopback: herald A (127.0.0.1) connects, herald B (127.0.0.2, passive,
tcp.bind) listens. With the same key the session comes up; with a wrong
password it never does; a key rollover (a second key added, made current,
the first removed, each by a reload of both sides) keeps the session up
and routes announced afterwards still arrive.

No Debian peer speaks TCP-AO (BIRD 2.0.12, FRR 8.4 and GoBGP 3.10 do not),
hence herald against herald.

TCP-AO needs Linux 6.7 or later built with CONFIG_TCP_AO: where the kernel
refuses TCP_AO_ADD_KEY with ENOPROTOOPT, the session tests are skipped, and
what runs instead checks that herald then never talks unsigned: it logs the
error and neither connects nor accepts the peer."""

import errno
import signal
import socket
import struct

import pytest

from harness import ApiProcess, Herald, free_port, wait_for


def kernel_has_tcp_ao():
    addr = struct.pack("=HH4s", socket.AF_INET, 0, socket.inet_aton("127.0.0.2")).ljust(128, b"\0")
    add = (addr + b"hmac(sha1)".ljust(64, b"\0")
           + struct.pack("=iIHBBBBBB", 0, 0, 0, 32, 1, 1, 12, 0, 6) + b"secret".ljust(80, b"\0"))
    with socket.socket() as s:
        try:
            s.setsockopt(socket.IPPROTO_TCP, 38, add)  # TCP_AO_ADD_KEY
        except OSError as e:
            if e.errno == errno.ENOPROTOOPT:
                return False
            raise
    return True


HAS_AO = kernel_has_tcp_ao()
needs_ao = pytest.mark.skipif(
    not HAS_AO, reason="this kernel has no TCP-AO (TCP_AO_ADD_KEY: ENOPROTOOPT; needs Linux >= 6.7 "
    "with CONFIG_TCP_AO=y)")

ONE = "key 1 { algorithm hmac-sha-1-96; password \"first-secret\"; }"
TWO = "key 2 { algorithm aes-128-cmac-96; password \"second-secret\"; }"


def herald(work, name, local, peer, port, ao, passive, api):
    env = {"exabgp.tcp.port": str(port)}
    if passive:
        env["exabgp.tcp.bind"] = local
    return work.track(Herald(work, f"""
        process {api.name} {{ run {api.run_line()}; encoder json; }}
        neighbor {peer} {{
            router-id {local};
            local-address {local};
            local-as 65001;
            peer-as 65001;
            {"passive;" if passive else ""}
            {ao}
            family {{ ipv4 unicast; }}
            api {{ processes [ {api.name} ]; neighbor-changes; receive {{ parsed; update; }} }}
        }}
        """, env=env, name=name).start())


def pair(work, ao_a, ao_b, tag=""):
    port = free_port("127.0.0.2")
    api_a = work.track(ApiProcess(work, f"api_a{tag}"))
    api_b = work.track(ApiProcess(work, f"api_b{tag}"))
    b = herald(work, f"herald_b{tag}", "127.0.0.2", "127.0.0.1", port, ao_b, True, api_b)
    a = herald(work, f"herald_a{tag}", "127.0.0.1", "127.0.0.2", port, ao_a, False, api_a)
    return a, b, api_a, api_b


def states(api):
    return [m["neighbor"]["state"] for m in api.json("state")]


def reload(h, ao_old, ao_new):
    with open(h.config_path) as f:
        text = f.read()
    assert ao_old in text
    with open(h.config_path, "w") as f:
        f.write(text.replace(ao_old, ao_new))
    h.send_signal(signal.SIGUSR1)


@needs_ao
def test_tcp_ao_same_key(work):
    ao = "tcp-ao { key-id 1; algorithm hmac-sha-1-96; password \"secret\"; }"
    a, b, api_a, api_b = pair(work, ao, ao)
    wait_for(lambda: "up" in states(api_b), 30, interval=0.2, what="the TCP-AO session to come up")
    assert "up" in states(api_a)


@needs_ao
def test_tcp_ao_wrong_password(work):
    a, b, api_a, api_b = pair(work, "tcp-ao { key-id 1; algorithm hmac-sha-1-96; password \"secret\"; }",
                              "tcp-ao { key-id 1; algorithm hmac-sha-1-96; password \"other\"; }")
    # B's kernel drops A's mis-signed SYNs: A's attempts time out with a hint.
    wait_for(lambda: "check the keys on both sides" in a.output(), 60, interval=0.5,
             what="herald A to give up a connection attempt")
    assert "up" not in states(api_a) and "up" not in states(api_b)
    assert "incoming connection" not in b.output()


@needs_ao
def test_tcp_ao_rollover_keeps_the_session(work):
    first = f"tcp-ao {{ {ONE} }}"
    both = f"tcp-ao {{ {ONE} {TWO} }}"
    both_current = f"tcp-ao {{ {ONE} {TWO} current 2; }}"
    second = f"tcp-ao {{ {TWO} }}"
    a, b, api_a, api_b = pair(work, first, first)
    wait_for(lambda: "up" in states(api_b), 30, interval=0.2, what="the TCP-AO session to come up")
    api_a.send("announce route 198.51.100.0/24 next-hop 127.0.0.1")
    wait_for(lambda: api_b.announced("ipv4 unicast"), 20, interval=0.2, what="B to receive the first route")
    steps = [(first, both), (both, both_current), (both_current, second)]
    for n, (old, new) in enumerate(steps, 1):
        for h in (a, b):
            reload(h, old, new)
        for h in (a, b):
            wait_for(lambda: h.output().count("TCP-AO keys of the established connection changed") >= n, 20,
                     interval=0.2, what=f"rollover step {n} on {h.config_path}")
            assert "restarting it" not in h.output()
        # A route announced after each step still arrives.
        api_a.send(f"announce route 203.0.113.{n}/32 next-hop 127.0.0.1")
        wait_for(lambda: any(r.get("nlri") == f"203.0.113.{n}/32" for _, r in api_b.announced("ipv4 unicast")),
                 20, interval=0.2, what=f"B to receive the route after step {n}")
    for api in (api_a, api_b):
        assert states(api).count("up") == 1 and "down" not in states(api), states(api)
    for h in (a, b):
        assert "TCP-AO keys of the established connection:" not in h.output()  # no error


@pytest.mark.skipif(HAS_AO, reason="the kernel has TCP-AO: the session tests cover it")
def test_tcp_ao_unavailable_never_unsigned(work):
    """Without TCP-AO in the kernel, herald connects to nobody and accepts
    nobody unsigned: A (with tcp-ao) does not connect to B (without); B (with
    tcp-ao) refuses A (without)."""
    ao = "tcp-ao { key-id 1; algorithm hmac-sha-1-96; password \"secret\"; }"
    a, b, api_a, api_b = pair(work, ao, "")
    wait_for(lambda: a.output().count("not connecting:") >= 2, 30, interval=0.2,
             what="herald A to refuse connecting unsigned, twice (it keeps retrying)")
    assert "TCP_AO_ADD_KEY" in a.output() and "this kernel has no TCP-AO" in a.output()
    assert "incoming connection" not in b.output()
    assert "up" not in states(api_a) and "up" not in states(api_b)
    a.stop()
    b.stop()

    a, b, api_a, api_b = pair(work, "", ao, tag="2")
    wait_for(lambda: "incoming connection refused" in b.output(), 30, interval=0.2,
             what="herald B to refuse the unsigned connection")
    assert "listening socket" in b.output() and "TCP_AO_ADD_KEY" in b.output()
    assert "up" not in states(api_a) and "up" not in states(api_b)

"""GTSM (RFC 5082, herald's `ttl-security HOPS`) across network namespaces:

    peer ns (198.19.0.2) -- router ns (198.19.0.1 | 198.18.0.2, forwarding) -- herald ns (198.18.0.1)

BIRD in the router namespace is one hop from herald, BIRD in the peer
namespace two. Both use BIRD's `ttl security on` (they send with TTL 255).
With `ttl-security 1` herald accepts only TTL 255: the one-hop session comes
up, the two-hop peer's packets arrive with TTL 254 and are dropped by the
kernel. A reload to `ttl-security 2` lets the two-hop peer in. Then herald
connects out with `ttl-security 1` to the two-hop peer, whose SYN-ACK (TTL
254) is dropped: the connection never completes.

Needs root and `ip netns`; skipped with the reason otherwise. Every
namespace (and so every veth) is deleted at the end."""

import os
import signal
import subprocess
import time
import uuid

import pytest

from harness import BASE_ENV, HERALD, Bird, Daemon, wait_for


def ip(*args, check=True):
    return subprocess.run(["ip", *args], capture_output=True, text=True, timeout=30, check=check)


def netns_available():
    if os.geteuid() != 0:
        return "needs root to create network namespaces"
    name = f"hgtsm-probe-{uuid.uuid4().hex[:6]}"
    try:
        r = ip("netns", "add", name, check=False)
        if r.returncode != 0:
            return f"ip netns add failed: {r.stderr.strip()}"
        ip("netns", "del", name, check=False)
    except (OSError, subprocess.SubprocessError) as e:
        return f"ip netns unavailable: {e}"
    return None


@pytest.fixture
def topology():
    why = netns_available()
    if why:
        pytest.skip(why)
    tag = uuid.uuid4().hex[:6]
    ns = {"herald": f"hg-h-{tag}", "router": f"hg-r-{tag}", "peer": f"hg-p-{tag}"}
    try:
        for n in ns.values():
            ip("netns", "add", n)
            ip("-n", n, "link", "set", "lo", "up")
        ip("link", "add", f"hgh{tag}", "netns", ns["herald"], "type", "veth", "peer", "name", f"hgr{tag}",
           "netns", ns["router"])
        ip("link", "add", f"hgq{tag}", "netns", ns["router"], "type", "veth", "peer", "name", f"hgp{tag}",
           "netns", ns["peer"])
        ip("-n", ns["herald"], "addr", "add", "198.18.0.1/24", "dev", f"hgh{tag}")
        ip("-n", ns["router"], "addr", "add", "198.18.0.2/24", "dev", f"hgr{tag}")
        ip("-n", ns["router"], "addr", "add", "198.19.0.1/24", "dev", f"hgq{tag}")
        ip("-n", ns["peer"], "addr", "add", "198.19.0.2/24", "dev", f"hgp{tag}")
        # IPv6 beside (documentation prefix; no duplicate address detection).
        ip("-n", ns["herald"], "addr", "add", "2001:db8:18::1/64", "dev", f"hgh{tag}", "nodad")
        ip("-n", ns["router"], "addr", "add", "2001:db8:18::2/64", "dev", f"hgr{tag}", "nodad")
        ip("-n", ns["router"], "addr", "add", "2001:db8:19::1/64", "dev", f"hgq{tag}", "nodad")
        ip("-n", ns["peer"], "addr", "add", "2001:db8:19::2/64", "dev", f"hgp{tag}", "nodad")
        for n, dev in ((ns["herald"], f"hgh{tag}"), (ns["router"], f"hgr{tag}"), (ns["router"], f"hgq{tag}"),
                       (ns["peer"], f"hgp{tag}")):
            ip("-n", n, "link", "set", dev, "up")
        ip("-n", ns["herald"], "route", "add", "198.19.0.0/24", "via", "198.18.0.2")
        ip("-n", ns["peer"], "route", "add", "198.18.0.0/24", "via", "198.19.0.1")
        ip("-n", ns["herald"], "-6", "route", "add", "2001:db8:19::/64", "via", "2001:db8:18::2")
        ip("-n", ns["peer"], "-6", "route", "add", "2001:db8:18::/64", "via", "2001:db8:19::1")
        subprocess.run(["ip", "netns", "exec", ns["router"], "sysctl", "-qw", "net.ipv4.ip_forward=1",
                        "net.ipv6.conf.all.forwarding=1"], check=True, timeout=30)
        yield ns
    finally:
        for n in ns.values():
            ip("netns", "del", n, check=False)


# Tests take `topology` before `work`: the daemons (in `work`) are stopped
# before the namespaces go.


def in_ns(daemon, name):
    # `ip netns exec` execs the program: the pid stays the daemon's.
    daemon.argv = ["ip", "netns", "exec", name, *daemon.argv]
    return daemon


def bird(work, ns, name, local, asn, hops, passive=False):
    multihop = f"multihop {hops};" if hops > 1 else ""
    if passive:
        multihop += " passive on;"
    v6 = ":" in local
    return work.track(in_ns(Bird(work, f"""
        router id {"10.9.9." + str(hops) if v6 else local};
        protocol device {{ }}
        protocol bgp herald {{
            local {local} as {asn};
            neighbor {"2001:db8:18::1" if v6 else "198.18.0.1"} as 65001;
            {multihop}
            ttl security on;
            connect delay time 1; connect retry time 2; error wait time 1, 2;
            {"ipv6" if v6 else "ipv4"} {{ import all; export none; }};
        }}
        """, name=name), ns).start())


def herald_config(two_hop_security, two_hop_passive=True):
    return f"""
        neighbor 198.18.0.2 {{
            router-id 198.18.0.1; local-address 198.18.0.1; local-as 65001; peer-as 65002;
            passive; ttl-security 1;
            family {{ ipv4 unicast; }}
            static {{ route 203.0.113.0/24 next-hop 198.18.0.1; }}
        }}
        neighbor 198.19.0.2 {{
            router-id 198.18.0.1; local-address 198.18.0.1; local-as 65001; peer-as 65003;
            {"passive;" if two_hop_passive else ""} ttl-security {two_hop_security};
            family {{ ipv4 unicast; }}
            static {{ route 203.0.113.0/24 next-hop 198.18.0.1; }}
        }}
        """


def herald(work, ns, config):
    path = work.file("herald.conf", config)
    env = dict(os.environ)
    env.update(BASE_ENV)
    env.update({"exabgp.tcp.bind": "198.18.0.1 2001:db8:18::1", "exabgp.tcp.port": "179"})
    return work.track(in_ns(Daemon([HERALD, path], work.join("herald.log"), env=env, cwd=work.path),
                            ns).start())


def stays_down(b, h, seconds_of_retries=5):
    """BIRD keeps trying (connect retry 2 s) and never gets to Established;
    herald never logs an incoming connection from it. Bounded polling."""
    for _ in range(seconds_of_retries * 2):
        assert not b.established("herald")
        assert "incoming connection 198.18.0.1 -> 198.19.0.2" not in h.output()
        time.sleep(0.5)


def test_gtsm_refuses_a_peer_two_hops_away(topology, work):
    near = bird(work, topology["router"], "near", "198.18.0.2", 65002, 1)
    far = bird(work, topology["peer"], "far", "198.19.0.2", 65003, 2)
    h = herald(work, topology["herald"], herald_config(two_hop_security=1))
    wait_for(lambda: near.established("herald"), 30, interval=0.2, what="the one-hop peer to establish")
    wait_for(lambda: "203.0.113.0/24" in near.routes(), 20, interval=0.2, what="the one-hop peer's route")
    # The two-hop peer's SYNs arrive with TTL 254 (255 less one router).
    wait_for(lambda: "Connect" in far.cli("show", "protocols", "herald") or
             "Active" in far.cli("show", "protocols", "herald"), 20, what="the two-hop peer to try")
    stays_down(far, h)

    # ttl-security 2: TTL 254 is enough.
    with open(work.join("herald.conf"), "w") as f:
        f.write(herald_config(two_hop_security=2))
    h.send_signal(signal.SIGUSR1)
    h.wait_output("session settings changed, restarting it", 20)
    wait_for(lambda: far.established("herald"), 30, interval=0.2, what="the two-hop peer to establish")
    assert near.established("herald")


def test_gtsm_outgoing_connection_to_a_peer_too_far(topology, work):
    far = bird(work, topology["peer"], "far", "198.19.0.2", 65003, 2, passive=True)
    h = herald(work, topology["herald"], herald_config(two_hop_security=1, two_hop_passive=False))
    # herald's SYN (TTL 255) reaches BIRD with 254, which BIRD's GTSM (multihop
    # 2) accepts; BIRD's SYN-ACK reaches herald with 254 < 255: dropped, the
    # connection times out.
    h.wait_output(r"connection to 198\.19\.0\.2 port 179 failed: Connection timed out", 30)
    assert not far.established("herald")
    assert "outgoing connection 198.18.0.1 -> 198.19.0.2" not in h.output()

    # ttl-security 2: the same connection completes.
    with open(work.join("herald.conf"), "w") as f:
        f.write(herald_config(two_hop_security=2, two_hop_passive=False))
    h.send_signal(signal.SIGUSR1)
    wait_for(lambda: far.established("herald"), 40, interval=0.2, what="herald to connect to the two-hop peer")
    assert "outgoing connection 198.18.0.1 -> 198.19.0.2" in h.output()


def herald_config_v6(two_hop_security):
    return f"""
        neighbor 2001:db8:18::2 {{
            router-id 198.18.0.1; local-address 2001:db8:18::1; local-as 65001; peer-as 65002;
            passive; ttl-security 1;
            family {{ ipv6 unicast; }}
        }}
        neighbor 2001:db8:19::2 {{
            router-id 198.18.0.1; local-address 2001:db8:18::1; local-as 65001; peer-as 65003;
            passive; ttl-security {two_hop_security};
            family {{ ipv6 unicast; }}
        }}
        """


def test_gtsm_ipv6_hop_limit(topology, work):
    """The same over IPv6 (IPV6_MINHOPCOUNT): hop limit 254 refused under
    ttl-security 1, accepted under ttl-security 2."""
    near = bird(work, topology["router"], "near6", "2001:db8:18::2", 65002, 1)
    far = bird(work, topology["peer"], "far6", "2001:db8:19::2", 65003, 2)
    h = herald(work, topology["herald"], herald_config_v6(two_hop_security=1))
    wait_for(lambda: near.established("herald"), 30, interval=0.2, what="the one-hop IPv6 peer to establish")
    for _ in range(10):  # BIRD retries every 2 s
        assert not far.established("herald")
        assert "incoming connection 2001:db8:18::1 -> 2001:db8:19::2" not in h.output()
        time.sleep(0.5)
    with open(work.join("herald.conf"), "w") as f:
        f.write(herald_config_v6(two_hop_security=2))
    h.send_signal(signal.SIGUSR1)
    wait_for(lambda: far.established("herald"), 30, interval=0.2, what="the two-hop IPv6 peer to establish")
    assert near.established("herald")

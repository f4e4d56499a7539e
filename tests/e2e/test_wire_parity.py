"""Wire parity with ExaBGP 5.0: for each of Debian's static-route example
configurations (FlowSpec rules, labeled unicast and VPN routes included:
the sink names those by route distinguisher and prefix, with their label
stack as a per-route "label" attribute), what herald sends (decoded by an independent sink into
per-prefix routes and attributes, sink.py) is what ExaBGP 5.0.13 sent for
the same file (golden files by tools/capture_wire_parity.py), route for
route and attribute for attribute, flags included. herald may pack routes
into fewer UPDATEs; the differences it makes on purpose are listed in
KNOWN with the doc/compat.md entry that explains each."""

import json
import os

import pytest

from harness import BASE_ENV, HERALD, free_port
import parity

GOLDEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "testdata", "wire_parity")

# (config, neighbor, route, attribute): (herald's value, why), where herald
# differs from ExaBGP 5.0 on purpose; attribute None: (whether herald sends
# the route, why).
KNOWN = {
    # doc/compat.md, Sending: a route target / origin with a 4-octet AS is
    # the RFC 5668 type (0x02); ExaBGP 5.0 sends the IPv4-address type (0x01).
    ("parse-community", "127.0.1.1", "ipv4 unicast 9.9.9.9/32", "extended-community"):
        (["OT", ["02020001d4c0007b", "02030001fbd004d2"]], "4-octet AS route target and origin: RFC 5668 type"),
    # doc/compat.md, Sending: an AS_SET in an API route's as-path (ExaBGP
    # 5.0 drops the line silently).
    ("api-attributes", "127.0.1.1", "ipv4 unicast 10.2.0.0/24", None): (True, "API as-path with an AS_SET"),
    # doc/compat.md, Sending: no ORIGINATOR_ID / CLUSTER_LIST to eBGP peers (RFC 4456 §8).
    ("api-attributes", "127.0.1.1", "ipv4 unicast 10.9.0.0/24", "originator-id"): (None, "RFC 4456 §8"),
    ("api-attributes", "127.0.1.1", "ipv4 unicast 10.9.0.0/24", "cluster-list"): (None, "RFC 4456 §8"),
    # doc/compat.md, FlowSpec: an IPv6 prefix with an offset (::1/128/120)
    # carries the bits from the offset on (RFC 8956 §3.1); ExaBGP 5.0 sends
    # the whole address, so the rule's bytes differ.
    ("conf-flow", "127.0.1.1", "ipv6 flow 210180002a020b80001500007aca39fffeaea87a028078010381110b81650d9107dd", None):
        (True, "RFC 8956 §3.1 offset"),
    ("conf-flow", "127.0.1.1", "ipv6 flow 300180002a020b80001500007aca39fffeaea87a02807800000000000000000000000000"
                               "0000010381110b81650d9107dd", None): (False, "RFC 8956 §3.1 offset"),
    # doc/compat.md, Multicast, labeled unicast and VPN routes: ExaBGP 5.0
    # does not send `announce ipv6 mpls-vpn ...` routes.
    ("api-vpn-family", "127.0.1.1", "ipv6 mpls-vpn 0000fde800000005 2001:db8:5::/48", None):
        (True, "announce ipv6 mpls-vpn"),
    # doc/compat.md, Extended next hop: an IPv6 route over an IPv4 next hop
    # goes as an IPv4-mapped address (16 bytes, RFC 4291 §2.5.5.2); ExaBGP
    # 5.0 sends a 4-byte MP_REACH_NLRI next hop, which RFC 2545 §3 does not
    # allow, and a NEXT_HOP attribute.
    ("extended-nexthop", "127.0.1.1", "ipv6 unicast dead:beef:dead:beef:dead:beef:dead:beef/128", "next-hop"):
        (["O", ["::ffff:aaaa:aaaa"]], "IPv4-mapped next hop"),
}


@pytest.mark.skipif(not os.path.isdir(parity.EXAMPLES), reason="Debian's exabgp examples not installed")
@pytest.mark.parametrize("name", parity.CONFIGS + list(parity.API_SCRIPTS))
def test_herald_sends_what_exabgp_sends(work, name):
    golden = json.load(open(os.path.join(GOLDEN, name + ".json")))["ribs"]
    env = dict(os.environ, **BASE_ENV)
    ribs = parity.run(work, name, [HERALD], env, HERALD, free_port("127.0.1.1"))
    assert ribs is not None, f"no End-of-RIB from herald (log: {work.join(name + '.log')})"
    differences = []
    for neighbor, theirs in golden.items():
        ours = ribs.get(neighbor, {})
        for route in sorted(set(theirs) | set(ours)):
            a, b = theirs.get(route), ours.get(route)
            if a is None or b is None:
                known = KNOWN.get((name, neighbor, route, None))
                if not (known and known[0] == (b is not None)):
                    differences.append(f"{neighbor} {route}: " +
                                       ("not sent by herald" if b is None else "sent by herald, not by ExaBGP 5.0"))
                continue
            for attribute in sorted(set(a) | set(b)):
                expected = a.get(attribute)
                known = KNOWN.get((name, neighbor, route, attribute))
                if known:
                    expected = known[0]
                if b.get(attribute) != expected:
                    differences.append(f"{neighbor} {route} {attribute}: herald {b.get(attribute)}, "
                                       f"ExaBGP 5.0 {a.get(attribute)}")
    assert not differences, "\n".join(differences)

"""RFC 8950 extended next hop with GoBGP as the real peer (GoBGP announces
the capability for ipv4-unicast): herald announces it from its `nexthop`
block; an IPv4 route over an IPv6 next hop reaches GoBGP with that next
hop, an IPv6 route over an IPv4 next hop too (as an IPv4-mapped address);
GoBGP's IPv4 routes over IPv6 next hops reach herald's process as ExaBGP
prints them; the agreed entries show in the `negotiated` message. (A peer
that did not announce the capability gets no such route: rib_test.cc,
update_next_hop_test.cc.)"""

import json

from harness import gobgp_and_herald, wait_for


def rib(g, family):
    out = g.cli("global", "rib", "-a", family, "-j")
    return json.loads(out) if out.strip() else {}


def next_hop(paths):
    for attr in paths[0]["attrs"]:
        if attr["type"] in (3, 14):
            return attr["nexthop"]
    return None


STATIC = """static {
                route 10.1.0.0/24 next-hop 2001:db8::1;
                route 10.2.0.0/24 next-hop 192.0.2.2;
                route 2001:db8:5::/48 next-hop 192.0.2.5;
            }"""


def test_routes_over_the_other_address_family(work):
    g, api, h = gobgp_and_herald(
        work, families=["ipv4-unicast", "ipv6-unicast"], herald_families="ipv4 unicast; ipv6 unicast;",
        neighbor="nexthop { ipv4 unicast ipv6; }\n" + STATIC, api="negotiated;")
    v4 = wait_for(lambda: (lambda r: r if len(r) == 2 else None)(rib(g, "ipv4")), 30,
                  what="GoBGP to hold both IPv4 routes")
    assert next_hop(v4["10.1.0.0/24"]) == "2001:db8::1", v4
    attr_types = [a["type"] for a in v4["10.1.0.0/24"][0]["attrs"]]
    assert 14 in attr_types and 3 not in attr_types, v4  # in MP_REACH_NLRI, no NEXT_HOP
    assert next_hop(v4["10.2.0.0/24"]) == "192.0.2.2", v4
    v6 = wait_for(lambda: rib(g, "ipv6"), 30, what="GoBGP to hold the IPv6 route")
    assert next_hop(v6["2001:db8:5::/48"]) in ("192.0.2.5", "::ffff:192.0.2.5"), v6

    negotiated = wait_for(lambda: api.json("negotiated"), 30, what="the negotiated message")
    assert negotiated[0]["neighbor"]["negotiated"]["nexthop"] == ["ipv4 unicast ipv6"], negotiated

    # GoBGP's IPv4 route over an IPv6 next hop, as ExaBGP 5.0 prints it.
    g.cli("global", "rib", "add", "10.9.0.0/24", "nexthop", "2001:db8::9", "-a", "ipv4")
    part = wait_for(lambda: api.routes("announce", "ipv4 unicast"), 30, what="the IPv4 route over IPv6")
    assert part == {"2001:db8::9": [{"nlri": "10.9.0.0/24"}]}, part
    g.cli("global", "rib", "del", "10.9.0.0/24", "-a", "ipv4")
    gone = wait_for(lambda: api.routes("withdraw", "ipv4 unicast"), 30, what="its withdrawal")
    assert gone == [{"nlri": "10.9.0.0/24"}], gone
    assert g.established("127.0.0.1")


def test_the_peers_capability_is_what_allows_sending(work):
    # RFC 8950 §4: what matters for sending is that the receiver announced
    # the capability (GoBGP does for ipv4-unicast); herald announces none
    # here, so the agreed list ExaBGP prints is empty, yet an API route over
    # an IPv6 next hop is sent (ExaBGP would want both: doc/compat.md).
    g, api, h = gobgp_and_herald(work, families=["ipv4-unicast"], herald_families="ipv4 unicast;",
                                 neighbor="capability { nexthop disable; }", api="negotiated;")
    negotiated = wait_for(lambda: api.json("negotiated"), 30, what="the negotiated message")
    assert negotiated[0]["neighbor"]["negotiated"]["nexthop"] == [], negotiated
    api.send("announce route 10.1.0.0/24 next-hop 2001:db8::1")
    v4 = wait_for(lambda: rib(g, "ipv4"), 30, what="GoBGP to hold the route")
    assert next_hop(v4["10.1.0.0/24"]) == "2001:db8::1", v4
    assert g.established("127.0.0.1")

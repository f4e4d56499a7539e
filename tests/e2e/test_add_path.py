"""ADD-PATH (RFC 7911) with GoBGP: herald sends two paths of one prefix,
told apart by their path identifiers, and GoBGP keeps both; GoBGP sends two
paths of a prefix and herald's process sees both, with their
"path-information"; the negotiated message lists the ADD-PATH families."""

import json

from harness import gobgp_and_herald, wait_for


def paths(g, prefix):
    """GoBGP's paths of `prefix` (every one, not only the best): {next hop}."""
    out = g.cli("global", "rib", "-a", "ipv4", "-j")
    data = json.loads(out) if out.strip() else {}
    hops = set()
    for p in data.get(prefix, []):
        for a in p["attrs"]:
            if a["type"] == 3:
                hops.add(a["nexthop"])
    return hops


def test_paths_both_ways(work):
    g, api, _ = gobgp_and_herald(work, add_paths={"receive": True, "send_max": 8}, api="negotiated;", neighbor="""
            capability { add-path send/receive; }
            static {
                route 10.0.0.10/32 next-hop 10.10.1.1 path-information 0.0.0.1;
                route 10.0.0.10/32 next-hop 10.10.1.2 path-information 0.0.0.2;
            }""")

    # herald -> GoBGP: both paths, where without ADD-PATH the second would
    # replace the first.
    wait_for(lambda: paths(g, "10.0.0.10/32") == {"10.10.1.1", "10.10.1.2"}, 30,
             what="GoBGP to hold both paths")

    negotiated = wait_for(lambda: next((m for m in api.json() if m.get("type") == "negotiated"), None),
                          30, what="the negotiated message")
    assert negotiated["neighbor"]["negotiated"]["add_path"] == {"send": ["ipv4 unicast"],
                                                                 "receive": ["ipv4 unicast"]}

    # GoBGP -> herald: two paths of 10.20.0.0/24.
    g.cli("global", "rib", "add", "-a", "ipv4", "10.20.0.0/24", "nexthop", "192.0.2.1", "identifier", "11")
    g.cli("global", "rib", "add", "-a", "ipv4", "10.20.0.0/24", "nexthop", "192.0.2.2", "identifier", "12")

    def received():
        seen = set()
        for m in api.json():
            ann = m.get("neighbor", {}).get("message", {}).get("update", {}).get("announce", {})
            for hop, nlris in ann.get("ipv4 unicast", {}).items():
                for n in nlris:
                    if n["nlri"] == "10.20.0.0/24":
                        seen.add((hop, n.get("path-information")))
        return seen if len(seen) >= 2 else None

    seen = wait_for(received, 30, what="both paths at herald's process")
    assert {hop for hop, _ in seen} == {"192.0.2.1", "192.0.2.2"}
    assert all(pi is not None for _, pi in seen), seen
    assert len({pi for _, pi in seen}) == 2, seen

    # show neighbor json: ADD-PATH per family, as ExaBGP 5.0 shows it (local:
    # path identifiers sent; peer: received; then both as one word).
    api.send("show neighbor json")

    def shown():
        for line in api.lines():
            if line.startswith('[{"state"'):
                return json.loads(line)
        return None

    n, = wait_for(shown, 15, what="show neighbor json")
    assert n["local"]["add-path"] == {"ipv4 unicast": True}, n
    assert n["peer"]["add-path"] == {"ipv4 unicast": True}, n
    assert n["add-path"] == {"ipv4 unicast": "send/receive"}, n


def test_path_information_without_add_path_is_said(work):
    """Without ADD-PATH send, herald sends routes without their path
    identifiers, as ExaBGP does, so two paths of one prefix replace each
    other at the peer: the configuration is told at the route, a process
    once per neighbor and family in the log."""
    g, api, h = gobgp_and_herald(work, neighbor="""
            static {
                route 10.0.0.10/32 next-hop 10.10.1.1 path-information 0.0.0.1;
            }""")
    h.wait_output(r"herald\.conf:\d+:\d+: route 10\.0\.0\.10/32: path-information 1 is not sent: "
                  r"neighbor 127\.0\.0\.2 has no ADD-PATH send for ipv4 unicast")
    api.send("announce route 10.0.0.20/32 next-hop 10.10.1.1 path-information 1")
    api.send("announce route 10.0.0.20/32 next-hop 10.10.1.2 path-information 2")
    api.send("announce route 10.0.0.30/32 next-hop 10.10.1.3 path-information 3")
    wait_for(lambda: paths(g, "10.0.0.30/32") == {"10.10.1.3"}, 30, what="GoBGP to hold 10.0.0.30/32")
    # One path at GoBGP: the second replaced the first.
    assert paths(g, "10.0.0.20/32") == {"10.10.1.2"}
    said = [l for l in h.output().splitlines()
            if "path-information" in l and "is not sent: the neighbor has no ADD-PATH send for ipv4 unicast" in l]
    assert len(said) == 1, said
    assert "path-information 1 is not sent" in said[0], said

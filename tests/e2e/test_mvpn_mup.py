"""MUP (draft-mpmz-bess-mup-safi) between herald and GoBGP 3.10, both ways:
herald's routes of each type (from its API, in ExaBGP 5.0's syntax) land in
GoBGP's RIB, and GoBGP's reach herald's process as JSON. MVPN (and MUP) are
compared with ExaBGP 5.0 byte for byte by test_wire_parity.py
(api-mvpnmup); MVPN against GoBGP is not tested yet."""

import json

from harness import gobgp_and_herald, wait_for
from test_evpn import exabgp50

FAMILIES = ("ipv4-mup", "ipv6-mup")

# mup-isd has tests of its own below.
ANNOUNCE = [
    "announce ipv4 mup mup-dsd 10.0.0.1 rd 100:100 next-hop 10.0.0.1 extended-community [ target:10:10 mup:10:10 ]",
    "announce ipv4 mup mup-t1st 192.168.0.1/32 rd 100:100 teid 12345 qfi 9 endpoint 10.0.0.1 "
    "next-hop 10.0.0.1 extended-community [ target:10:10 ]",
    "announce ipv4 mup mup-t2st 10.0.0.2 rd 100:100 teid 12345/32 next-hop 10.0.0.1 "
    "extended-community [ target:10:10 ]",
    "announce ipv6 mup mup-dsd 2001:db8::5 rd 100:100 next-hop 2001:db8::1 extended-community [ target:10:10 ]",
]


def rib(g, family):
    # GoBGP's CLI names the families mup-ipv4 and mup-ipv6.
    out = g.cli("global", "rib", "-a", "mup-" + family.split("-")[0], "-j")
    return json.loads(out) if out.strip() else {}


def test_herald_routes_reach_gobgp_and_back(work):
    g, api, h = gobgp_and_herald(work, families=FAMILIES, herald_families="ipv4 mup; ipv6 mup;")
    api.send(*ANNOUNCE)
    wait_for(lambda: len(rib(g, "ipv4-mup")) == 3 and len(rib(g, "ipv6-mup")) == 1, 30,
             what="GoBGP to hold herald's MUP routes")
    keys = " ".join(sorted(rib(g, "ipv4-mup")))
    for part in ("[type:dsd][rd:100:100][prefix:10.0.0.1]", "[type:t1st][rd:100:100][prefix:192.168.0.1/32]",
                 "[type:t2st][rd:100:100]"):
        assert part in keys, keys

    api.send("withdraw ipv4 mup mup-dsd 10.0.0.1 rd 100:100")
    wait_for(lambda: len(rib(g, "ipv4-mup")) == 2, 30, what="GoBGP to drop the withdrawn route")
    assert h.alive()


def test_gobgp_routes_reach_herald(work):
    g, api, h = gobgp_and_herald(work, families=FAMILIES, herald_families="ipv4 mup; ipv6 mup;")
    g.cli("global", "rib", "-a", "mup-ipv4", "add", "t1st", "10.2.0.1/32", "rd", "100:100", "rt", "10:10",
          "teid", "12345", "qfi", "9", "endpoint", "10.0.0.3", "nexthop", "10.0.0.2")

    def t1st():
        for m in api.json():
            update = m.get("neighbor", {}).get("message", {}).get("update", {})
            for routes in update.get("announce", {}).get("ipv4 mup", {}).values():
                for r in routes:
                    if r.get("name") == "Type1SessionTransformedRoute":
                        return r
        return None

    r = wait_for(t1st, 30, what="herald's process to get GoBGP's t1st route")
    assert (r["prefix_ip"], r["prefix_ip_len"], r["rd"], r["teid"], r["qfi"], r["endpoint_ip"]) == \
        ("10.2.0.1", 32, "100:100", "12345", "9", "10.0.0.3")
    assert h.alive()


# --- Type 1 (interwork segment discovery, mup-isd) -----------------------------
#
# GoBGP 3.10 reads an ISD route's prefix as ExaBGP 5.0 and herald write it
# (RD, length in bits, the prefix's significant bytes), but counts the NLRI
# as if the prefix were a whole address: after a shorter prefix it reads the
# next NLRI or attribute from the wrong byte ("Unknown MUP Architecture and
# Route type: 0, 1" disabling the family, or "well-known attribute ... must
# have transitive flag 1" and the UPDATE treated as withdraw). herald's routes
# to GoBGP are therefore whole-address prefixes (/32, /128); GoBGP's own,
# shorter ones reach herald as GoBGP writes them.

def isd_routes(g, family):
    """GoBGP's ISD routes: {key: (nlri value, {attribute type: attribute})}."""
    return {key: (paths[0]["nlri"]["value"], {a["type"]: a for a in paths[0]["attrs"]})
            for key, paths in rib(g, family).items() if key.startswith("[type:isd]")}


def test_isd_routes_reach_gobgp(work):
    g, api, h = gobgp_and_herald(work, families=FAMILIES, herald_families="ipv4 mup; ipv6 mup;")
    api.send("announce ipv4 mup mup-isd 10.6.7.8/32 rd 100:100 next-hop 10.0.0.1 "
             "extended-community [ target:10:10 mup:10:10 ]",
             "announce ipv6 mup mup-isd 2001:db8:7::1/128 rd 65001:7 next-hop 2001:db8::1 "
             "extended-community [ target:10:11 ]")
    v4 = wait_for(lambda: isd_routes(g, "ipv4-mup"), 30, what="GoBGP to hold herald's IPv4 ISD route")
    assert list(v4) == ["[type:isd][rd:100:100][prefix:10.6.7.8/32]"], v4
    value, attrs = v4["[type:isd][rd:100:100][prefix:10.6.7.8/32]"]
    assert value == {"rd": {"type": 0, "admin": 100, "assigned": 100}, "prefix": "10.6.7.8/32"}, value
    assert attrs[14]["nexthop"] == "10.0.0.1", attrs
    # GoBGP prints the MUP extended community (type 0x0c) by its raw parts.
    assert [(c["type"], c["subtype"]) for c in attrs[16]["value"]] == [(0, 2), (12, 0)], attrs[16]
    assert attrs[16]["value"][0]["value"] == "10:10", attrs[16]
    v6 = wait_for(lambda: isd_routes(g, "ipv6-mup"), 30, what="GoBGP to hold herald's IPv6 ISD route")
    assert list(v6) == ["[type:isd][rd:65001:7][prefix:2001:db8:7::1/128]"], v6
    value, attrs = v6["[type:isd][rd:65001:7][prefix:2001:db8:7::1/128]"]
    assert value["prefix"] == "2001:db8:7::1/128" and attrs[14]["nexthop"] == "2001:db8::1", (value, attrs)
    assert [c["value"] for c in attrs[16]["value"]] == ["10:11"], attrs[16]

    api.send("withdraw ipv4 mup mup-isd 10.6.7.8/32 rd 100:100")
    wait_for(lambda: not isd_routes(g, "ipv4-mup"), 30, what="GoBGP to drop the withdrawn ISD route")
    assert isd_routes(g, "ipv6-mup") and h.alive()


ISD_V4 = ["isd", "10.3.0.0/16", "rd", "100:100", "prefix", "2001:db8:1::/48", "locator-node-length", "24",
          "function-length", "16", "behavior", "ENDM_GTP4E"]
ISD_V6 = ["isd", "2001:db8:9::/48", "rd", "100:101", "prefix", "2001:db8:2::/48", "locator-node-length", "24",
          "function-length", "16", "behavior", "ENDM_GTP6E"]


def test_gobgp_isd_routes_reach_herald(work):
    g, api, h = gobgp_and_herald(work, families=FAMILIES, herald_families="ipv4 mup; ipv6 mup;")
    # GoBGP wants an IPv6 next hop for an ISD route (its SRv6 SID's).
    g.cli("global", "rib", "-a", "mup-ipv4", "add", *ISD_V4, "rt", "10:10", "nexthop", "2001:db8::2")
    g.cli("global", "rib", "-a", "mup-ipv6", "add", *ISD_V6, "rt", "10:11", "nexthop", "2001:db8::2")

    def isd():
        got = {}
        for m in api.json("update"):
            update = m["neighbor"]["message"]["update"]
            for family in ("ipv4 mup", "ipv6 mup"):
                for hop, routes in update.get("announce", {}).get(family, {}).items():
                    for r in routes:
                        if r.get("name") == "InterworkSegmentDiscoveryRoute":
                            got[family] = (hop, r, update["attribute"])
        return got if len(got) == 2 else None

    got = wait_for(isd, 30, what="GoBGP's two ISD routes in the process's JSON")
    hop, r, attrs = got["ipv4 mup"]
    assert hop == "2001:db8::2"
    assert r == {"name": "InterworkSegmentDiscoveryRoute", "arch": 1, "code": 1, "prefix_ip_len": 16,
                 "prefix_ip": "10.3.0.0", "rd": "100:100", "raw": "0100010B0000006400000064100A03"}, r
    assert [c["string"] for c in attrs["extended-community"]] == ["target:10:10"], attrs
    structure = {"locator-block-length": 48, "locator-node-length": 24, "function-length": 16,
                 "argument-length": 0, "transposition-length": 0, "transposition-offset": 0}
    # ENDM_GTP4E is SRv6 endpoint behavior 72, ENDM_GTP6E 71.
    assert attrs["bgp-prefix-sid"] == {"l3-service": [
        {"sid": "2001:db8:1::", "flags": 0, "endpoint_behavior": 72, "structure": structure}]}, attrs
    hop, r6, attrs = got["ipv6 mup"]
    assert hop == "2001:db8::2"
    assert r6 == {"name": "InterworkSegmentDiscoveryRoute", "arch": 1, "code": 1, "prefix_ip_len": 48,
                  "prefix_ip": "2001:db8:9::", "rd": "100:101", "raw": "0100010F00000064000000653020010DB80009"}, r6
    assert attrs["bgp-prefix-sid"]["l3-service"][0]["endpoint_behavior"] == 71, attrs
    for family, (_, route, _) in got.items():
        oracle = exabgp50(route["raw"], family)
        if oracle is not None:
            assert route == oracle

    g.cli("global", "rib", "-a", "mup-ipv4", "del", *ISD_V4, "rt", "10:10", "nexthop", "2001:db8::2")
    gone = wait_for(lambda: api.routes("withdraw", "ipv4 mup"), 30, what="the ISD route's withdrawal in the JSON")
    assert gone == [r], gone
    assert h.alive()

"""MUP (draft-mpmz-bess-mup-safi) between herald and GoBGP 3.10, both ways:
herald's routes of each type (from its API, in ExaBGP 5.0's syntax) land in
GoBGP's RIB, and GoBGP's reach herald's process as JSON. MVPN (and MUP) are
compared with ExaBGP 5.0 byte for byte by test_wire_parity.py
(api-mvpnmup); MVPN against GoBGP is not tested yet."""

import json

from harness import gobgp_and_herald, wait_for

FAMILIES = ("ipv4-mup", "ipv6-mup")

# No mup-isd: GoBGP 3.10 reads its prefix as no other speaker writes it
# ("well-known attribute BGPAttrType(0)", the UPDATE treated as withdraw);
# herald writes it as ExaBGP 5.0 does (test_wire_parity.py).
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

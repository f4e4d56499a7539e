"""EVPN (l2vpn evpn, RFC 7432 / RFC 9136) with FRR 8.4's bgpd (no zebra) as
the real peer. herald's routes of every type, from its configuration and its
API (herald's own syntax, doc/compat.md "EVPN (issue 9)"), are kept by FRR
with their RD, ESI, Ethernet tag, MAC, IP, label field and route targets, and
a withdrawal removes them. FRR needs no `advertise-all-vni` (nor a VNI or VRF)
to keep received EVPN routes in its global table.

FRR cannot originate EVPN routes here: type 2/3 routes come from VNIs and
type 5 ones from a VRF's L3VNI (`router bgp N vrf X` with `advertise ipv4
unicast` under `address-family l2vpn evpn`), and both exist only when zebra
reports kernel VXLAN interfaces and VRFs; bgpd alone accepts that
configuration but originates nothing (tried: no route under the VRF's RD).
What FRR does send herald is herald's own routes back (eBGP, no sender-side
loop check), written by FRR's encoder with its AS prepended: those reach
herald's JSON process as ExaBGP 5.0 prints the same bytes (`exabgp5 decode
-n -f "l2vpn evpn" RAW`, when the oracle is here), and so do FRR's
withdrawals of them.

FRR prints the label field's 3 bytes whole as a "VNI" (RFC 8365 §5.1.3),
two of them as "first/second"; it keeps no label for type 1 routes and
sends type 5 routes on with a zero gateway. FRR drops next hops in
127.0.0.0/8 (PEERS.md): the routes use 198.18.0.0/15 ones."""

import pytest

from harness import frr_installed, wait_for
from test_evpn import exabgp50
from test_frr_families import start

pytestmark = pytest.mark.skipif(not frr_installed(), reason="FRR is not installed (apt-get install frr)")

ESI = "00:11:22:33:44:55:66:77:88:99"

STATIC = f"""
        announce {{
            l2vpn {{
                evpn ethernet-ad rd 198.18.0.1:5 esi {ESI} ethernet-tag 0 label 100 next-hop 198.18.0.1
                     extended-community [ target:65001:9 ];
                evpn mac-ip rd 65001:7 esi {ESI} ethernet-tag 10 mac 00:11:22:aa:bb:cc ip 192.168.0.1
                     label [ 1000 2000 ] next-hop 198.18.0.1 extended-community [ target:65001:7 ];
                evpn multicast rd 65001:7 ethernet-tag 10 ip 198.18.0.1 next-hop 198.18.0.1
                     extended-community [ target:65001:7 ];
                evpn segment rd 198.18.0.1:1 esi {ESI} ip 198.18.0.1 next-hop 198.18.0.1
                     extended-community [ target:65001:10 origin:65001:11 ];
                evpn prefix rd 65001:8 ethernet-tag 0 ip 10.1.0.0/24 gateway 10.0.0.254 label 3000
                     next-hop 198.18.0.2 extended-community [ target:65001:8 ];
                evpn prefix rd 4200000001:11 ethernet-tag 5 ip 2001:db8:5::/48 gateway :: label 3001
                     next-hop 198.18.0.1 extended-community [ target:4200000001:11 ];
            }}
        }}"""


def vni(label, bottom=True):
    """The label field's 3 bytes as FRR prints them: label, bottom of stack."""
    return label << 4 | int(bottom)


def evpn_table(f):
    """FRR's EVPN routes: {(rd, prefix as FRR writes it): (route, its first path)}."""
    data = f.json("show bgp l2vpn evpn route detail json") or {}
    table = {}
    for rd, routes in data.items():
        if not isinstance(routes, dict):
            continue
        for prefix, route in routes.items():
            if isinstance(route, dict) and route.get("paths"):
                table[(rd, prefix)] = (route, route["paths"][0][0])
    return table


MAC_IP = ("65001:7", "[2]:[10]:[48]:[00:11:22:aa:bb:cc]:[32]:[192.168.0.1]")
PREFIX6 = ("4200000001:11", "[5]:[5]:[48]:[2001:db8:5::]")

# (rd, prefix): (route fields, path fields) as FRR 8.4 prints them.
EXPECTED = {
    ("198.18.0.1:5", f"[1]:[0]:[{ESI}]:[32]:[0.0.0.0]:[0]"):
        ({"routeType": 1}, {"ext": "RT:65001:9", "hop": "198.18.0.1"}),
    MAC_IP:
        ({"routeType": 2, "ethTag": 10, "mac": "00:11:22:aa:bb:cc", "ip": "192.168.0.1", "ipLen": 32},
         {"esi": ESI, "vni": f"{vni(1000, False)}/{vni(2000)}", "ext": "RT:65001:7", "hop": "198.18.0.1"}),
    ("65001:7", "[3]:[10]:[32]:[198.18.0.1]"):
        ({"routeType": 3, "ethTag": 10, "ip": "198.18.0.1", "ipLen": 32}, {"ext": "RT:65001:7", "hop": "198.18.0.1"}),
    ("198.18.0.1:1", f"[4]:[{ESI}]:[32]:[198.18.0.1]"):
        ({"routeType": 4}, {"ext": "RT:65001:10 SoO:65001:11", "hop": "198.18.0.1"}),
    ("65001:8", "[5]:[0]:[24]:[10.1.0.0]"):
        ({"routeType": 5, "ethTag": 0, "ip": "10.1.0.0", "ipLen": 24},
         {"vni": str(vni(3000)), "ext": "RT:65001:8", "hop": "198.18.0.2"}),
    PREFIX6:
        ({"routeType": 5, "ethTag": 5, "ip": "2001:db8:5::", "ipLen": 48},
         {"vni": str(vni(3001)), "ext": "RT:4200000001:11", "hop": "198.18.0.1"}),
}


def seen(route, path, expected):
    """The fields of `expected` (an EXPECTED value) from FRR's route and path.
    Only the ESI of routes that carry one is compared: FRR 8.4 can show the
    MAC/IP route's ESI on the multicast route with the same attributes too
    (seen when the MAC/IP route came first; a type 3 NLRI has no ESI, and
    the one FRR sends back has none)."""
    fields = {k: route.get(k) for k in ("routeType", "ethTag", "mac", "ip", "ipLen") if k in route}
    got = {"ext": path.get("extendedCommunity", {}).get("string"), "hop": path["nexthops"][0]["ip"]}
    for k in ("esi", "vni"):
        if k in path and (k != "esi" or k in expected[1]):
            got[k] = path[k]
    return fields, got


def start_evpn(work, static=STATIC):
    return start(work, ["l2vpn evpn"], "l2vpn evpn;", static=static)


def test_evpn_routes_kept_by_frr(work):
    f, api, h = start_evpn(work)
    table = wait_for(lambda: (lambda t: t if len(t) == len(EXPECTED) else None)(evpn_table(f)), 30,
                     what="FRR to hold herald's six EVPN routes")
    assert set(table) == set(EXPECTED), sorted(table)
    for key, (fields, path_fields) in EXPECTED.items():
        route, path = table[key]
        assert seen(route, path, (fields, path_fields)) == (fields, path_fields), (key, route)
        assert path["valid"] and path["aspath"]["string"] == "65001", (key, path)
    # FRR keeps no label for an Ethernet A-D route.
    assert "vni" not in table[next(k for k in EXPECTED if k[1].startswith("[1]"))][1]

    # From the API: a new MAC/IP route, then a new label for it (the label is
    # not part of the route, RFC 7432 §7.2), then its withdrawal and the
    # IPv6 prefix route's.
    new = ("65001:7", "[2]:[20]:[48]:[02:00:00:00:00:01]:[128]:[2001:db8::7]")
    api.send(f"announce evpn mac-ip rd 65001:7 esi {ESI} ethernet-tag 20 mac 02:00:00:00:00:01 ip 2001:db8::7 "
             "label 500 next-hop 198.18.0.3 extended-community [ target:65001:7 target:65001:70 ]")
    route, path = wait_for(lambda: evpn_table(f).get(new), 30, what="FRR to hold the API's MAC/IP route")
    expected = ({"routeType": 2, "ethTag": 20, "mac": "02:00:00:00:00:01", "ip": "2001:db8::7", "ipLen": 128},
                {"esi": ESI, "vni": str(vni(500)), "ext": "RT:65001:7 RT:65001:70", "hop": "198.18.0.3"})
    assert seen(route, path, expected) == expected, route
    api.send("announce l2vpn evpn mac-ip rd 65001:7 esi - ethernet-tag 20 mac 02:00:00:00:00:01 ip 2001:db8::7 "
             "label 501 next-hop 198.18.0.3 extended-community [ target:65001:7 ]")
    route, path = wait_for(lambda: (lambda r: r if r and r[1].get("vni") == str(vni(501)) else None)(
        evpn_table(f).get(new)), 30, what="FRR to take the new label")
    assert "esi" not in path or path["esi"] == "00:00:00:00:00:00:00:00:00:00", path
    assert path["extendedCommunity"]["string"] == "RT:65001:7", path

    api.send("withdraw evpn mac-ip rd 65001:7 ethernet-tag 20 mac 02:00:00:00:00:01 ip 2001:db8::7 label 0",
             "withdraw evpn prefix rd 4200000001:11 ethernet-tag 5 ip 2001:db8:5::/48 label 0")
    wait_for(lambda: (lambda t: new not in t and PREFIX6 not in t)(evpn_table(f)), 30,
             what="FRR to drop the withdrawn routes")
    assert set(evpn_table(f)) == set(EXPECTED) - {PREFIX6}
    assert f.state() == "Established" and h.alive()


def test_frr_evpn_updates_reach_the_process(work):
    f, api, h = start_evpn(work)

    def announced():
        got = {}
        for m in api.json("update"):
            update = m["neighbor"]["message"].get("update", {})
            for hop, nlris in update.get("announce", {}).get("l2vpn evpn", {}).items():
                for n in nlris:
                    got[(n["code"], n["rd"])] = (hop, n, update["attribute"])
        return got if len(got) == len(EXPECTED) else None

    got = wait_for(announced, 30, what="FRR's EVPN UPDATEs in the process's JSON")
    for hop, n, attrs in got.values():
        assert attrs["as-path"]["0"]["value"] == [65002, 65001], attrs
        oracle = exabgp50(n["raw"])
        if oracle is not None:
            assert n == oracle
    hop, mac, attrs = got[(2, "65001:7")]
    # As ExaBGP 5.0 prints a MAC/IP route: its first label only.
    assert (hop, mac["esi"], mac["ethernet-tag"], mac["mac"], mac["ip"], mac["label"]) == \
        ("198.18.0.1", ESI, 10, "00:11:22:AA:BB:CC", "192.168.0.1", [[1000, vni(1000, False)]]), mac
    assert [c["string"] for c in attrs["extended-community"]] == ["target:65001:7"], attrs
    hop, prefix, attrs = got[(5, "65001:8")]
    assert (hop, prefix["ip"], prefix["iplen"], prefix["label"], prefix["gateway"]) == \
        ("198.18.0.2", "10.1.0.0", 24, [[3000, vni(3000)]], "0.0.0.0"), prefix
    hop, prefix, _ = got[(5, "4200000001:11")]
    assert (prefix["ip"], prefix["iplen"], prefix["ethernet-tag"], prefix["label"]) == \
        ("2001:db8:5::", 48, 5, [[3001, vni(3001)]]), prefix
    _, multicast, _ = got[(3, "65001:7")]
    assert (multicast["ethernet-tag"], multicast["ip"]) == (10, "198.18.0.1"), multicast
    _, segment, attrs = got[(4, "198.18.0.1:1")]
    assert (segment["esi"], segment["ip"]) == (ESI, "198.18.0.1"), segment
    # A two-octet-AS site of origin (0x0003) as ExaBGP 5.0 prints it: its
    # local part as an address.
    assert [c["string"] for c in attrs["extended-community"]] == ["target:65001:10", "origin:65001:0.0.0.11"], attrs
    _, ad, _ = got[(1, "198.18.0.1:5")]
    assert (ad["esi"], ad["ethernet-tag"], ad["label"]) == (ESI, 0, [[0]]), ad

    # herald withdraws the MAC/IP route: FRR withdraws it from herald too.
    api.send("withdraw evpn mac-ip rd 65001:7 ethernet-tag 10 mac 00:11:22:aa:bb:cc ip 192.168.0.1 label 0")
    gone = wait_for(lambda: api.withdrawn("l2vpn evpn"), 30, what="FRR's withdrawal in the process's JSON")
    assert [(n["code"], n["rd"], n["mac"], n["ip"]) for n in gone] == \
        [(2, "65001:7", "00:11:22:AA:BB:CC", "192.168.0.1")], gone
    for n in gone:
        oracle = exabgp50(n["raw"])
        if oracle is not None:
            assert n == oracle
    assert MAC_IP not in evpn_table(f)
    assert f.state() == "Established" and h.alive()

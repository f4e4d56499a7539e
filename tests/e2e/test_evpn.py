"""EVPN (l2vpn evpn, RFC 7432 / RFC 9136) with GoBGP as the real peer:
routes from herald's configuration and API (herald's own syntax, doc/compat.md
"EVPN (issue 9)") reach GoBGP with their RD, ESI, MAC, IP, labels and route
targets, and their withdrawal removes them; routes GoBGP originates reach
herald's JSON process as ExaBGP 5.0 prints them (`exabgp5 decode -n -f "l2vpn
evpn" RAW`, when the oracle is here), and their withdrawal too."""

import json
import os
import subprocess

import pytest

from harness import gobgp_and_herald, wait_for

HERE = os.path.dirname(os.path.abspath(__file__))
ORACLE = os.environ.get("EXABGP5", os.path.join(HERE, "..", "..", "..", "..", "shared", "oracle", "exabgp5"))


def evpn_rib(g):
    """GoBGP's EVPN paths: a list of (nlri dict, {attribute type: attribute})."""
    out = g.cli("global", "rib", "-a", "evpn", "-j")
    data = json.loads(out) if out.strip() else {}
    return [(p["nlri"], {a["type"]: a for a in p["attrs"]}) for paths in data.values() for p in paths]


def entry(label):
    """A label's 3 bytes (label, bottom of stack) as a number."""
    return label << 4 | 1


def of_type(paths, code):
    return [p for p in paths if p[0].get("type") == code]


def rd_text(rd):
    admin = rd.get("admin", rd.get("address"))
    return f"{admin}:{rd['assigned']}"


def targets(attrs):
    """The route targets of a path's extended communities, as "65001:7"."""
    return [c["value"] for c in attrs.get(16, {}).get("value", []) if c.get("subtype") == 2]


STATIC = """
        announce {
            l2vpn {
                evpn multicast rd 65001:7 ethernet-tag 10 ip 127.0.0.1 next-hop 127.0.0.1
                     extended-community [ target:65001:7 ];
            }
        }"""


def start(work):
    return gobgp_and_herald(work, families=["ipv4-unicast", "l2vpn-evpn"],
                            herald_families="ipv4 unicast; l2vpn evpn;", neighbor=STATIC)


def test_evpn_routes_reach_gobgp(work):
    g, api, _ = start(work)
    multicast = wait_for(lambda: of_type(evpn_rib(g), 3), 30, what="GoBGP to hold the configured multicast route")
    nlri, attrs = multicast[0]
    assert rd_text(nlri["value"]["rd"]) == "65001:7", nlri
    assert nlri["value"]["etag"] == 10 and nlri["value"]["ip"] == "127.0.0.1", nlri
    assert targets(attrs) == ["65001:7"], attrs

    api.send("announce evpn mac-ip rd 65001:7 esi 00:11:22:33:44:55:66:77:88:99 ethernet-tag 10 "
             "mac 00:11:22:aa:bb:cc ip 192.168.0.1 label 1000 next-hop 127.0.0.1 "
             "extended-community [ target:65001:7 ]")
    api.send("announce l2vpn evpn prefix rd 65001:8 ethernet-tag 0 ip 10.1.0.0/24 gateway 10.0.0.254 label 3000 "
             "next-hop 127.0.0.1 extended-community [ target:65001:8 ]")
    mac = wait_for(lambda: of_type(evpn_rib(g), 2), 30, what="GoBGP to hold the MAC/IP route")
    nlri, attrs = mac[0]
    v = nlri["value"]
    assert rd_text(v["rd"]) == "65001:7", v
    assert v["mac"] == "00:11:22:aa:bb:cc" and v["ip"] == "192.168.0.1" and v["etag"] == 10, v
    # GoBGP shows the label field's 3 bytes whole (RFC 8365 §5.1.3 lets
    # them carry a VNI): label 1000, bottom of stack.
    assert v["labels"] == [entry(1000)], v
    assert v["esi"].endswith("11:22:33:44:55:66:77:88:99"), v
    assert targets(attrs) == ["65001:7"], attrs
    prefix = wait_for(lambda: of_type(evpn_rib(g), 5), 30, what="GoBGP to hold the IP prefix route")
    nlri, attrs = prefix[0]
    v = nlri["value"]
    assert rd_text(v["rd"]) == "65001:8", v
    assert v["prefix"] == "10.1.0.0/24" and v["gateway"] == "10.0.0.254" and v["label"] == entry(3000), v
    assert targets(attrs) == ["65001:8"], attrs

    # A new label replaces the MAC/IP route (the label is not part of the
    # route, RFC 7432 §7.2); a withdrawal without one removes it.
    api.send("announce evpn mac-ip rd 65001:7 ethernet-tag 10 mac 00:11:22:aa:bb:cc ip 192.168.0.1 label 2000 "
             "next-hop 127.0.0.1")
    wait_for(lambda: [p for p in of_type(evpn_rib(g), 2) if p[0]["value"]["labels"] == [entry(2000)]], 30,
             what="GoBGP to hold the relabeled MAC/IP route")
    assert len(of_type(evpn_rib(g), 2)) == 1
    api.send("withdraw evpn mac-ip rd 65001:7 ethernet-tag 10 mac 00:11:22:aa:bb:cc ip 192.168.0.1 label 0")
    api.send("withdraw evpn prefix rd 65001:8 ip 10.1.0.0/24 label 0")
    wait_for(lambda: not of_type(evpn_rib(g), 2) and not of_type(evpn_rib(g), 5), 30,
             what="GoBGP to drop the withdrawn routes")
    assert of_type(evpn_rib(g), 3)

    api.send("show adj-rib out")
    wait_for(lambda: [l for l in api.lines() if "l2vpn evpn evpn:multicast::65001:7:10:127.0.0.1" in l], 15,
             what="the multicast route in show adj-rib out")


def exabgp50(raw, family="l2vpn evpn"):
    """What ExaBGP 5.0 prints for the NLRI `raw` (hex) of `family`, or None
    without the oracle."""
    if not os.access(ORACLE, os.X_OK):
        return None
    r = subprocess.run([ORACLE, "decode", "-n", "-f", family, raw.lower()], capture_output=True, text=True,
                       timeout=60)
    lines = [l for l in r.stdout.splitlines() if l.strip()]
    return json.loads(lines[-1]) if lines else None


def test_evpn_routes_from_gobgp_reach_the_process(work):
    g, api, _ = start(work)
    g.cli("global", "rib", "-a", "evpn", "add", "macadv", "02:00:00:00:00:07", "10.7.0.1", "esi", "0", "etag", "7",
          "label", "77", "rd", "65002:7", "rt", "65002:7", "nexthop", "127.0.0.2")
    g.cli("global", "rib", "-a", "evpn", "add", "prefix", "10.8.0.0/16", "gw", "10.8.0.1", "etag", "0", "label",
          "88", "rd", "65002:8", "rt", "65002:8", "nexthop", "127.0.0.2")
    g.cli("global", "rib", "-a", "evpn", "add", "multicast", "10.9.0.1", "etag", "9", "rd", "65002:9", "rt",
          "65002:9", "nexthop", "127.0.0.2")

    def announced():
        got = {}
        for m in api.json("update"):
            part = m["neighbor"]["message"].get("update", {}).get("announce", {}).get("l2vpn evpn", {})
            for hop, nlris in part.items():
                for n in nlris:
                    got[n["code"]] = (hop, n)
        return got if len(got) == 3 else None

    got = wait_for(announced, 30, what="the three EVPN routes in the process's JSON")
    hop, mac = got[2]
    assert hop == "127.0.0.2"
    assert mac["rd"] == "65002:7" and mac["mac"] == "02:00:00:00:00:07" and mac["ip"] == "10.7.0.1", mac
    # GoBGP writes `label 77` as the field's 3 bytes: 77 (label 4, raw 77).
    assert mac["ethernet-tag"] == 7 and mac["label"] == [[77 >> 4, 77]], mac
    _, prefix = got[5]
    assert prefix["ip"] == "10.8.0.0" and prefix["iplen"] == 16 and prefix["gateway"] == "10.8.0.1", prefix
    assert prefix["label"] == [[88 >> 4, 88]], prefix
    _, multicast = got[3]
    assert multicast["ip"] == "10.9.0.1" and multicast["ethernet-tag"] == 9, multicast
    for _, n in got.values():
        oracle = exabgp50(n["raw"])
        if oracle is not None:
            assert n == oracle

    g.cli("global", "rib", "-a", "evpn", "del", "macadv", "02:00:00:00:00:07", "10.7.0.1", "esi", "0", "etag", "7",
          "label", "77", "rd", "65002:7")
    gone = wait_for(lambda: api.routes("withdraw", "l2vpn evpn"), 30,
                    what="the MAC/IP route's withdrawal in the process's JSON")
    assert gone[0]["code"] == 2 and gone[0]["mac"] == "02:00:00:00:00:07", gone

"""Labeled unicast (RFC 8277) and VPNv4/VPNv6 (RFC 4364, RFC 4659) with GoBGP
as the real peer: routes from herald's configuration and API reach GoBGP
with their route distinguisher and label, a new label replaces a route, a
withdraw removes it; routes GoBGP originates reach herald's process as
ExaBGP prints them, and their withdrawal too."""

import json

from harness import gobgp_and_herald, wait_for


def rib(g, family):
    """GoBGP's routes of `family`: {prefix as GoBGP names it: [paths]}."""
    out = g.cli("global", "rib", "-a", family, "-j")
    return json.loads(out) if out.strip() else {}


def labels_of(path):
    """The labels of a GoBGP path's NLRI."""
    return path["nlri"].get("labels") or path["nlri"].get("label") or []


def rd_of(path):
    """A GoBGP path's route distinguisher as ExaBGP writes it."""
    rd = path["nlri"]["rd"]
    admin = rd.get("admin", rd.get("address"))
    return f"{admin}:{rd['assigned']}"


def start(work, static=""):
    g, api, _ = gobgp_and_herald(
        work, families=["ipv4-unicast", "l3vpn-ipv4-unicast", "l3vpn-ipv6-unicast", "ipv4-labelled-unicast"],
        herald_families="ipv4 unicast; ipv4 mpls-vpn; ipv6 mpls-vpn; ipv4 nlri-mpls;",
        neighbor=f"adj-rib-in true;\n{static}")
    return g, api


STATIC = """
        static {
            route 10.1.0.0/24 rd 65000:1 label 100 next-hop 127.0.0.1;
        }"""


def test_vpn_and_labeled_routes_reach_gobgp(work):
    g, api = start(work, static=STATIC)
    routes = wait_for(lambda: rib(g, "vpnv4"), 30, what="GoBGP to hold the configured VPNv4 route")
    (name, paths), = routes.items()
    assert "65000:1" in name and "10.1.0.0/24" in name, routes
    assert rd_of(paths[0]) == "65000:1", paths
    assert labels_of(paths[0]) == [100], paths

    # A new label replaces the route; a withdraw carrying none removes it.
    api.send("announce route 10.1.0.0/24 rd 65000:1 label 200 next-hop 127.0.0.1")
    wait_for(lambda: [p for ps in rib(g, "vpnv4").values() for p in ps if labels_of(p) == [200]], 30,
             what="GoBGP to hold the relabeled route")
    assert len(rib(g, "vpnv4")) == 1

    api.send("announce route 10.2.0.0/24 rd 1.2.3.4:7 label [ 300 301 ] next-hop 127.0.0.1")
    api.send("announce route 2001:db8:1::/48 rd 65000:2 label 400 next-hop ::ffff:127.0.0.1")
    api.send("announce route 10.3.0.0/24 label 500 next-hop 127.0.0.1")
    wait_for(lambda: len(rib(g, "vpnv4")) == 2, 30, what="GoBGP to hold two VPNv4 routes")
    two = [p for ps in rib(g, "vpnv4").values() for p in ps if rd_of(p) == "1.2.3.4:7"]
    assert labels_of(two[0]) == [300, 301], two
    v6 = wait_for(lambda: rib(g, "vpnv6"), 30, what="GoBGP to hold the VPNv6 route")
    assert any("2001:db8:1::/48" in k for k in v6), v6
    lu = wait_for(lambda: rib(g, "ipv4-mpls"), 30, what="GoBGP to hold the labeled unicast route")
    assert any(labels_of(p) == [500] for ps in lu.values() for p in ps), lu

    api.send("withdraw route 10.1.0.0/24 rd 65000:1 next-hop 127.0.0.1")
    api.send("withdraw route 10.3.0.0/24 label 500 next-hop 127.0.0.1")
    wait_for(lambda: len(rib(g, "vpnv4")) == 1 and not rib(g, "ipv4-mpls"), 30,
             what="GoBGP to drop the withdrawn routes")

    api.send("show adj-rib out")
    wait_for(lambda: [l for l in api.lines() if "ipv4 mpls-vpn" in l and "10.2.0.0/24" in l], 15,
             what="the VPN route in show adj-rib out")


def test_vpn_routes_from_gobgp_reach_the_process(work):
    g, api = start(work)
    g.cli("global", "rib", "-a", "vpnv4", "add", "10.7.0.0/24", "label", "77", "rd", "65002:7",
          "nexthop", "127.0.0.2")

    routes = wait_for(lambda: api.routes("announce", "ipv4 mpls-vpn"), 30,
                      what="the VPNv4 route in the process's JSON")
    (hop, nlris), = routes.items()
    assert hop == "127.0.0.2"
    assert nlris[0]["nlri"] == "10.7.0.0/24" and nlris[0]["rd"] == "65002:7", nlris
    assert nlris[0]["label"] == [[77]], nlris

    api.send("show adj-rib in")
    wait_for(lambda: [l for l in api.lines() if "ipv4 mpls-vpn" in l and "10.7.0.0/24" in l], 15,
             what="GoBGP's route in show adj-rib in")

    g.cli("global", "rib", "-a", "vpnv4", "del", "10.7.0.0/24", "label", "77", "rd", "65002:7")

    gone = wait_for(lambda: api.routes("withdraw", "ipv4 mpls-vpn"), 30,
                    what="the route's withdrawal in the process's JSON")
    assert gone[0]["nlri"] == "10.7.0.0/24" and gone[0]["rd"] == "65002:7", gone

"""herald's families with FRR 8.4's bgpd (no zebra) as the real peer:
FlowSpec rules (IPv4 and IPv6, many components, every action) installed by
FRR with the same match and action; VPNv4 and labeled unicast routes
accepted with their route distinguisher, label and route targets; RFC 8950
extended next hop over an IPv6 session, both ways; VPNv4 routes FRR
originates reaching herald's process. FRR drops next hops in 127.0.0.0/8
(PEERS.md): the routes use 198.18.0.0/15 ones; the IPv6 session runs in a
network namespace of the test's own."""

import subprocess

import pytest

from harness import ApiProcess, FrrBgpd, Herald, Netns, free_port, frr_installed, wait_for

pytestmark = pytest.mark.skipif(not frr_installed(), reason="FRR is not installed (apt-get install frr)")


def frr_config(neighbor, families, extra="", neighbor_extra=""):
    """FRR at AS 65002, passive, with herald (`neighbor`, AS 65001) active in
    `families` (FRR's address-family names, each maybe with statements)."""
    blocks = ""
    for fam in families:
        name, _, body = fam.partition("\n")
        blocks += f" address-family {name}\n  neighbor {neighbor} activate\n{body} exit-address-family\n"
    return f"""
router bgp 65002
 bgp router-id 10.0.0.2
 no bgp ebgp-requires-policy
 no bgp default ipv4-unicast
 neighbor {neighbor} remote-as 65001
 neighbor {neighbor} passive
{neighbor_extra}{blocks}{extra}"""


def start(work, families, herald_families, static="", api_lines="", neighbor="127.0.0.1", peer="127.0.0.2",
          neighbor_extra="", herald_extra="", netns=None):
    port = free_port() if netns else free_port(peer)
    f = FrrBgpd(work, port, frr_config(neighbor, families, neighbor_extra=neighbor_extra), address=peer)
    if netns:
        netns.wrap(f)
    work.track(f.start())
    api = work.track(ApiProcess(work))
    h = Herald(work, f"""
        process api {{
            run {api.run_line()};
            encoder json;
        }}
        neighbor {peer} {{
            router-id 10.0.0.1;
            local-address {neighbor};
            local-as 65001;
            peer-as 65002;
            family {{ {herald_families} }}
            {herald_extra}
            {static}
            api {{ processes [ api ]; receive {{ parsed; update; }} }}
        }}
        """, env={"exabgp.tcp.port": str(port)})
    if netns:
        netns.wrap(h)
    work.track(h.start())
    wait_for(lambda: f.state(neighbor) == "Established", 40, interval=0.3, what="FRR to establish")
    return f, api, h


# --- FlowSpec ----------------------------------------------------------------

FLOWS = """
        flow {
            route all-components {
                match {
                    destination 10.0.0.0/24; source 10.1.0.0/16; protocol [ tcp udp ];
                    destination-port [ >=1000&<=2000 =80 ]; source-port >1024; tcp-flags [ syn ];
                    packet-length [ >100&<200 ]; dscp 46; fragment [ is-fragment ];
                }
                then { discard; }
            }
            route rate { match { destination 10.2.0.0/24; protocol icmp; } then { rate-limit 9600; } }
            route to-vrf { match { destination 10.3.0.0/24; } then { redirect 65001:7; } }
            route marked { match { destination 10.4.0.0/24; } then { mark 10; } }
            route to-ip { match { destination 10.5.0.0/24; } then { redirect 198.18.0.9; } }
            route v6 {
                match { destination 2001:db8:1::/48; source 2001:db8:2::/64; next-header udp; destination-port =53; }
                then { discard; }
            }
        }"""


def flow_entries(f, afi):
    """FRR's FlowSpec rules as `show bgp AFI flowspec detail` prints them:
    {destination line: [the rule's other lines, its actions]} (the age and
    PBR lines left out)."""
    text = f.vtysh(f"show bgp {afi} flowspec detail")
    entries = {}
    for block in text.split("BGP flowspec entry:")[1:]:
        lines = [l.strip() for l in block.splitlines()[1:] if l.strip()]
        lines = [l for l in lines if not l.startswith(("received for", "not installed", "Displayed"))]
        if lines:
            entries[lines[0]] = lines[1:]
    return entries


def test_flowspec_rules_installed_by_frr(work):
    f, api, h = start(work, ["ipv4 flowspec", "ipv6 flowspec"], "ipv4 flow; ipv6 flow;", static=FLOWS)
    v4 = wait_for(lambda: (lambda e: e if len(e) == 5 else None)(flow_entries(f, "ipv4")), 30,
                  what="FRR to install the five IPv4 rules")
    assert v4 == {
        # FRR prints the operators of a list without their and/or bit.
        "Destination Address 10.0.0.0/24": [
            "Source Address 10.1.0.0/16", "IP Protocol = 6 , = 17", "Destination Port >= 1000 , <= 2000 , = 80",
            "Source Port > 1024", "TCP Flags ∋ 2", "Packet Length > 100 , < 200", "DSCP field = 46",
            "Packet Fragment ∋ 2", "FS:rate 0.000000"],
        "Destination Address 10.2.0.0/24": ["IP Protocol = 1", "FS:rate 9600.000000"],
        "Destination Address 10.3.0.0/24": ["FS:redirect VRF RT:65001:7"],
        "Destination Address 10.4.0.0/24": ["FS:marking 10"],
        # Redirect to the IP in the NLRI's next hop (0x0800, which FRR shows as 0x0).
        "Destination Address 10.5.0.0/24": ["FS:redirect IP 0x0", "NLRI NH 198.18.0.9"],
    }, v4
    v6 = wait_for(lambda: flow_entries(f, "ipv6"), 30, what="FRR to install the IPv6 rule")
    assert v6 == {"Destination Address 2001:db8:1::/48/off 0": [
        "Source Address 2001:db8:2::/64/off 0", "IP Protocol = 17", "Destination Port = 53", "FS:rate 0.000000"]}, v6

    # One from the API, then withdrawn.
    api.send("announce flow route destination 10.6.0.0/24 source-port =123 rate-limit 1000")
    wait_for(lambda: "Destination Address 10.6.0.0/24" in flow_entries(f, "ipv4"), 30,
             what="FRR to install the API's rule")
    assert flow_entries(f, "ipv4")["Destination Address 10.6.0.0/24"] == ["Source Port = 123", "FS:rate 1000.000000"]
    api.send("withdraw flow route destination 10.6.0.0/24 source-port =123")
    wait_for(lambda: "Destination Address 10.6.0.0/24" not in flow_entries(f, "ipv4"), 30,
             what="FRR to remove the withdrawn rule")
    assert len(flow_entries(f, "ipv4")) == 5
    assert f.state() == "Established" and h.alive()


# --- VPNv4 and labeled unicast -------------------------------------------------

VPN = """
        static {
            route 10.10.0.0/24 rd 65001:5 label 100 next-hop 198.18.0.1 extended-community [ target:65001:7 ];
            route 10.12.0.0/24 rd 198.18.0.1:9 label 1048575 next-hop 198.18.0.2
                extended-community [ target:65001:8 origin:65001:9 ];
            route 10.13.0.0/24 rd 4200000001:3 label 16 next-hop 198.18.0.3 extended-community [ target:4200000001:3 ];
            route 10.11.0.0/24 label 200 next-hop 198.18.0.1;
            route 10.14.0.0/24 label 524288 next-hop 198.18.0.4 community 65001:14;
        }"""


def vpn_path(f, rd, prefix):
    data = f.json(f"show bgp ipv4 vpn rd {rd} {prefix} json") or {}
    paths = data.get(rd, {}).get("paths")
    return paths[0] if paths else None


def labeled_path(f, prefix):
    paths = (f.json(f"show bgp ipv4 labeled-unicast {prefix} json") or {}).get("paths")
    return paths[0] if paths else None


def test_vpn_and_labeled_routes_accepted_by_frr(work):
    f, api, h = start(work, ["ipv4 vpn", "ipv4 labeled-unicast"], "ipv4 mpls-vpn; ipv4 nlri-mpls;", static=VPN)
    vpn = wait_for(lambda: (f.json("show bgp ipv4 vpn json") or {}).get("routes", {}).get("routeDistinguishers"),
                   30, what="FRR to hold the VPNv4 routes")
    wait_for(lambda: len(vpn) == 3 or None, 1, what="three route distinguishers")
    assert {rd: list(routes) for rd, routes in vpn.items()} == {
        "65001:5": ["10.10.0.0/24"], "198.18.0.1:9": ["10.12.0.0/24"], "4200000001:3": ["10.13.0.0/24"]}, vpn
    expected = {("65001:5", "10.10.0.0/24"): (100, "RT:65001:7", "198.18.0.1"),
                ("198.18.0.1:9", "10.12.0.0/24"): (1048575, "RT:65001:8 SoO:65001:9", "198.18.0.2"),
                ("4200000001:3", "10.13.0.0/24"): (16, "RT:4200000001:3", "198.18.0.3")}
    for (rd, prefix), (label, ext, hop) in expected.items():
        p = wait_for(lambda: vpn_path(f, rd, prefix), 10, what=f"{rd} {prefix}")
        assert (p["remoteLabel"], p["extendedCommunity"]["string"], p["nexthops"][0]["ip"]) == (label, ext, hop), p
        assert p["valid"] and p["aspath"]["string"] == "65001", p

    lu = wait_for(lambda: (lambda r: r if len(r) == 2 else None)(f.prefixes("ipv4 labeled-unicast")), 30,
                  what="FRR to hold both labeled unicast routes")
    assert lu == {"10.11.0.0/24", "10.14.0.0/24"}
    p = labeled_path(f, "10.11.0.0/24")
    assert (p["remoteLabel"], p["nexthops"][0]["ip"]) == (200, "198.18.0.1"), p
    p = labeled_path(f, "10.14.0.0/24")
    assert (p["remoteLabel"], p["nexthops"][0]["ip"], p["community"]["string"]) == (524288, "198.18.0.4", "65001:14"), p

    # A new label from the API replaces the route; a withdrawal removes it.
    api.send("announce route 10.10.0.0/24 rd 65001:5 label 101 next-hop 198.18.0.1 extended-community target:65001:7")
    wait_for(lambda: (vpn_path(f, "65001:5", "10.10.0.0/24") or {}).get("remoteLabel") == 101, 30,
             what="FRR to take the new label")
    api.send("withdraw route 10.10.0.0/24 rd 65001:5 next-hop 198.18.0.1",
             "withdraw route 10.11.0.0/24 label 200 next-hop 198.18.0.1")
    wait_for(lambda: vpn_path(f, "65001:5", "10.10.0.0/24") is None and
             f.prefixes("ipv4 labeled-unicast") == {"10.14.0.0/24"}, 30, what="FRR to drop the withdrawn routes")
    assert f.state() == "Established" and h.alive()


def test_vpn_routes_from_frr_reach_the_process(work):
    f, api, h = start(work, ["ipv4 vpn\n  network 10.41.0.0/24 rd 65002:3 label 333\n"], "ipv4 mpls-vpn;")
    got = wait_for(lambda: api.announced("ipv4 mpls-vpn"), 30, what="FRR's VPNv4 route in the process's JSON")
    # Its next hop is FRR's end of the session; as ExaBGP 5.0 prints it.
    assert got == [("127.0.0.2", {"nlri": "10.41.0.0/24", "label": [[333]], "rd": "65002:3"})], got
    f.vtysh_config("router bgp 65002", "address-family ipv4 vpn", "no network 10.41.0.0/24 rd 65002:3 label 333")
    gone = wait_for(lambda: api.withdrawn("ipv4 mpls-vpn"), 30, what="its withdrawal in the process's JSON")
    # FRR's withdrawal carries the label field 0x000000 (no bottom-of-stack
    # bit), which ExaBGP 5.0 prints as label 0.
    assert gone == [{"nlri": "10.41.0.0/24", "label": [[0]], "rd": "65002:3"}], gone
    assert h.alive()


# --- RFC 8950: IPv4 routes over IPv6 next hops --------------------------------

@pytest.fixture
def netns():
    try:
        ns = Netns(["2001:db8::1/128", "2001:db8::2/128"])
    except (OSError, subprocess.SubprocessError) as e:
        pytest.skip(f"cannot make a network namespace here: {e}")
    yield ns
    ns.delete()


def test_extended_next_hop_both_ways_with_frr(netns, work):
    f, api, h = start(
        work, ["ipv4 unicast\n  network 10.40.0.0/24\n"], "ipv4 unicast;", neighbor="2001:db8::1",
        peer="2001:db8::2", netns=netns,
        neighbor_extra=" neighbor 2001:db8::1 capability extended-nexthop\n"
                       " neighbor 2001:db8::1 disable-connected-check\n",
        herald_extra="nexthop { ipv4 unicast ipv6; }",
        static="static { route 10.50.0.0/24 next-hop 2001:db8::1; route 10.51.0.0/24 next-hop 198.18.0.1; }")
    # herald's IPv4 route over an IPv6 next hop, and one over an IPv4 one.
    routes = wait_for(lambda: (lambda r: r if {"10.50.0.0/24", "10.51.0.0/24"} <= r else None)(f.prefixes()), 30,
                      what="FRR to hold herald's two routes")
    assert routes == {"10.40.0.0/24", "10.50.0.0/24", "10.51.0.0/24"}, routes
    hops = (f.json("show bgp ipv4 unicast 10.50.0.0/24 json") or {})["paths"][0]["nexthops"]
    assert [(n["ip"], n["afi"]) for n in hops][:1] == [("2001:db8::1", "ipv6")], hops
    hops = (f.json("show bgp ipv4 unicast 10.51.0.0/24 json") or {})["paths"][0]["nexthops"]
    assert [(n["ip"], n["afi"]) for n in hops] == [("198.18.0.1", "ipv4")], hops

    # FRR's IPv4 route over its IPv6 address, as ExaBGP 5.0 prints it.
    got = wait_for(lambda: [(hop, r) for hop, r in api.announced("ipv4 unicast") if r["nlri"] == "10.40.0.0/24"], 30,
                   what="FRR's route in the process's JSON")
    assert got == [("2001:db8::2", {"nlri": "10.40.0.0/24"})], got
    assert f.state("2001:db8::1") == "Established" and h.alive()

"""FlowSpec (RFC 8955, RFC 8956) with BIRD 2.0.12 as the real peer, both
ways: herald's rules (many components, every action) land in BIRD's flow4 /
flow6 tables with the same match and the same extended communities; rules
BIRD originates (a static protocol) reach herald's JSON process as ExaBGP
5.0 prints them, and their withdrawal too. eBGP over loopback (`multihop`,
since BIRD will not take 127.0.0.1 as a directly connected neighbor)."""

import re
import shutil

import pytest

from harness import ApiProcess, Bird, Herald, free_port, wait_for

pytestmark = pytest.mark.skipif(not shutil.which("bird") or not shutil.which("birdc"),
                                reason="BIRD is not installed (apt-get install bird2)")

STATIC_FLOWS = """
        protocol static flows4 {
            flow4 { table flowtab4; };
            route flow4 { dst 10.30.0.0/24; src 10.31.0.0/16; proto = 6; dport = 80 || >= 1000 && <= 2000;
                          sport > 1024; tcp flags 0x02/0x02; length > 100 && < 200; dscp = 46;
                          fragment is_fragment; };
            route flow4 { dst 10.32.0.0/24; proto = 17; };
        }
        protocol static flows6 {
            flow6 { table flowtab6; };
            route flow6 { dst 2001:db8:30::/48; next header = 58; };
        }"""


def start(work, herald_flows="", bird_flows=""):
    port = free_port("127.0.0.3")
    b = work.track(Bird(work, f"""
        router id 10.0.0.3;
        protocol device {{ }}
        flow4 table flowtab4;
        flow6 table flowtab6;
        {bird_flows}
        protocol bgp herald {{
            local 127.0.0.3 port {port} as 65003;
            neighbor 127.0.0.1 as 65001;
            passive on;
            multihop;
            flow4 {{ table flowtab4; import all; export where source = RTS_STATIC; }};
            flow6 {{ table flowtab6; import all; export where source = RTS_STATIC; }};
        }}
        """).start())
    api = work.track(ApiProcess(work))
    h = work.track(Herald(work, f"""
        process api {{
            run {api.run_line()};
            encoder json;
        }}
        neighbor 127.0.0.3 {{
            router-id 10.0.0.1;
            local-address 127.0.0.1;
            local-as 65001;
            peer-as 65003;
            family {{ ipv4 flow; ipv6 flow; }}
            {herald_flows}
            api {{ processes [ api ]; receive {{ parsed; update; }} }}
        }}
        """, env={"exabgp.tcp.port": str(port)}).start())
    wait_for(lambda: b.established("herald"), 30, interval=0.2, what="BIRD to establish")
    return b, api, h


def flow_table(b, table):
    """{rule as BIRD prints it: [its BGP attribute lines]} of the routes
    learned from herald."""
    text = b.cli("show", "route", "all", "table", table)
    rules, current = {}, None
    for line in text.splitlines():
        m = re.match(r"^(flow[46] \{.*\})\s+\[(\S+)", line)
        if m:
            current = rules.setdefault(m.group(1), []) if m.group(2) == "herald" else None
        elif current is not None and line.strip().startswith("BGP."):
            current.append(line.strip())
    return rules


HERALD_FLOWS = """
        flow {
            route all-components {
                match {
                    destination 10.0.0.0/24; source 10.1.0.0/16; protocol [ tcp udp ];
                    destination-port [ >=1000&<=2000 =80 ]; source-port >1024; tcp-flags [ syn ];
                    packet-length [ >100&<200 ]; dscp 46; fragment [ is-fragment ];
                }
                then { discard; }
            }
            route rate { match { destination 10.2.0.0/24; protocol icmp; icmp-type 8; } then { rate-limit 9600; } }
            route to-vrf { match { destination 10.3.0.0/24; } then { redirect 65001:7; } }
            route marked { match { destination 10.4.0.0/24; } then { mark 10; } }
            route to-ip { match { destination 10.5.0.0/24; } then { redirect 198.18.0.9; } }
            route v6 {
                match { destination 2001:db8:1::/48; source 2001:db8:2::/64; next-header udp; destination-port =53; }
                then { discard; }
            }
        }"""

COMMON = ["BGP.origin: IGP", "BGP.as_path: 65001", "BGP.local_pref: 100"]


def test_rules_from_herald_in_birds_flow_tables(work):
    b, api, h = start(work, herald_flows=HERALD_FLOWS)
    v4 = wait_for(lambda: (lambda t: t if len(t) == 5 else None)(flow_table(b, "flowtab4")), 30,
                  what="BIRD to hold the five IPv4 rules")
    # BIRD prints the extended communities as (generic, first 4 bytes, last 4):
    # traffic-rate 0x8006 (the rate a 32-bit float), redirect 0x8008,
    # traffic-marking 0x8009, redirect to the next hop 0x0800.
    discard = "BGP.ext_community: (generic, 0x80060000, 0x0)"
    assert v4 == {
        "flow4 { dst 10.0.0.0/24; src 10.1.0.0/16; proto 6,17; dport 1000..2000,80; sport > 1024; "
        # herald writes tcp-flags and fragment as ExaBGP does: the bitmask
        # operator without its match bit (any of the bits set).
        "tcp flags !0x0/0x2; length > 100 && < 200; dscp 46; fragment !!is_fragment; }": COMMON + [discard],
        "flow4 { dst 10.2.0.0/24; proto 1; icmp type 8; }":
            COMMON + ["BGP.ext_community: (generic, 0x80060000, 0x46160000)"],
        "flow4 { dst 10.3.0.0/24; }": COMMON + ["BGP.ext_community: (generic, 0x8008fde9, 0x7)"],
        "flow4 { dst 10.4.0.0/24; }": COMMON + ["BGP.ext_community: (generic, 0x80090000, 0xa)"],
        # (BIRD shows no next hop for FlowSpec rules.)
        "flow4 { dst 10.5.0.0/24; }": COMMON + ["BGP.ext_community: (generic, 0x8000000, 0x0)"],
    }, v4
    v6 = wait_for(lambda: flow_table(b, "flowtab6"), 30, what="BIRD to hold the IPv6 rule")
    assert v6 == {"flow6 { dst 2001:db8:1::/48; src 2001:db8:2::/64; next header 17; dport 53; }": COMMON + [discard]}, v6

    api.send("announce flow route destination 10.6.0.0/24 source-port =123 rate-limit 1000")
    rule = "flow4 { dst 10.6.0.0/24; sport 123; }"
    wait_for(lambda: rule in flow_table(b, "flowtab4"), 30, what="BIRD to hold the API's rule")
    api.send("withdraw flow route destination 10.6.0.0/24 source-port =123")
    wait_for(lambda: rule not in flow_table(b, "flowtab4"), 30, what="BIRD to drop the withdrawn rule")
    assert len(flow_table(b, "flowtab4")) == 5 and h.alive()


def test_rules_from_bird_reach_the_process(work):
    b, api, h = start(work, bird_flows=STATIC_FLOWS)
    v4 = wait_for(lambda: (lambda r: r if len(r) == 2 else None)(api.announced("ipv4 flow")), 30,
                  what="BIRD's two IPv4 rules in the process's JSON")
    assert sorted(v4, key=lambda x: x[1]["destination-ipv4"]) == [
        ("no-nexthop", {"destination-ipv4": ["10.30.0.0/24"], "source-ipv4": ["10.31.0.0/16"], "protocol": ["=tcp"],
                        "destination-port": ["=80", ">=1000&<=2000"], "source-port": [">1024"],
                        "tcp-flags": ["=syn"], "packet-length": [">100&<200"], "dscp": ["=46"],
                        "fragment": ["=is-fragment"],
                        "string": "flow destination-ipv4 10.30.0.0/24 source-ipv4 10.31.0.0/16 protocol =tcp "
                                  "destination-port [ =80 >=1000&<=2000 ] source-port >1024 tcp-flags =syn "
                                  "packet-length [ >100&<200 ] dscp =46 fragment =is-fragment"}),
        ("no-nexthop", {"destination-ipv4": ["10.32.0.0/24"], "protocol": ["=udp"],
                        "string": "flow destination-ipv4 10.32.0.0/24 protocol =udp"}),
    ], v4
    v6 = wait_for(lambda: api.announced("ipv6 flow"), 30, what="BIRD's IPv6 rule in the process's JSON")
    assert v6 == [("no-nexthop", {"destination-ipv6": ["2001:db8:30::/48/0"], "next-header": ["=58"],
                                  "string": "flow destination-ipv6 2001:db8:30::/48/0 next-header =58"})], v6

    b.cli("disable", "flows4")
    gone = wait_for(lambda: api.withdrawn("ipv4 flow"), 30, what="the withdrawal in the process's JSON")
    assert sorted(r["destination-ipv4"][0] for r in gone) == ["10.30.0.0/24", "10.32.0.0/24"], gone
    assert h.alive()

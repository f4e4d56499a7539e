"""FlowSpec (RFC 8955) with GoBGP as the real peer: rules from herald's
configuration and from its API reach GoBGP with their actions, and go when
withdrawn; rules GoBGP originates reach herald's process as ExaBGP prints
them, and their withdrawal too."""

import json
import signal

from harness import gobgp_and_herald, wait_for


def flow_rib(g, family="ipv4-flowspec"):
    """GoBGP's FlowSpec rules: {rule text: [extended community types/values]}."""
    out = g.cli("global", "rib", "-a", family, "-j")
    data = json.loads(out) if out.strip() else {}
    return {rule: paths for rule, paths in data.items()}


def start(work, static="", families="ipv4 flow; ipv6 flow;"):
    return gobgp_and_herald(work, families=["ipv4-unicast", "ipv4-flowspec", "ipv6-flowspec"],
                            herald_families=f"ipv4 unicast; {families}", neighbor=f"adj-rib-in true;\n{static}")


FLOW = """
        flow {
            route block-web {
                match { destination 10.0.0.1/32; protocol tcp; destination-port =80; }
                then { discard; }
            }
        }"""


def test_rules_from_config_and_api_reach_gobgp(work):
    g, api, h = start(work, static=FLOW)
    wait_for(lambda: len(flow_rib(g)) == 1, 30, what="GoBGP to hold the configured rule")
    rule, paths = next(iter(flow_rib(g).items()))
    assert "10.0.0.1/32" in rule and "==tcp" in rule and "==80" in rule, rule
    ext = [a for a in paths[0]["attrs"] if a["type"] == 16][0]
    # traffic-rate 0 (RFC 8955 §7.3: type 0x80, subtype 0x06), as GoBGP's JSON shows it.
    assert {"type": 128, "subtype": 6, "rate": 0} in [{k: v for k, v in c.items() if k in ("type", "subtype", "rate")}
                                                       for c in ext["value"]], ext

    api.send("announce flow route source 10.9.0.0/24 destination-port =53 rate-limit 9600")
    wait_for(lambda: len(flow_rib(g)) == 2, 30, what="GoBGP to hold the API's rule")
    # show adj-rib out lists the rules as ExaBGP's CLI does.
    api.send("show adj-rib out")
    shown = wait_for(lambda: [l for l in api.lines() if " ipv4 flow " in l and "10.9.0.0/24" in l], 15,
                     what="the API's rule in show adj-rib out")
    assert "destination-port =53" in shown[0], shown

    api.send("withdraw flow route source 10.9.0.0/24 destination-port =53")
    wait_for(lambda: len(flow_rib(g)) == 1, 30, what="GoBGP to drop the withdrawn rule")

    api.send("announce flow route destination 2001:db8::/64 next-header udp discard")
    wait_for(lambda: len(flow_rib(g, "ipv6-flowspec")) == 1, 30, what="GoBGP to hold the IPv6 rule")

    # A reload that changes the configured rule withdraws the old one and
    # announces the new one; the API's rules stay.
    with open(h.config_path) as f:
        text = f.read()
    with open(h.config_path, "w") as f:
        f.write(text.replace("destination-port =80", "destination-port =443"))
    h.send_signal(signal.SIGUSR1)
    h.wait_output(r"configuration reloaded")
    wait_for(lambda: [r for r in flow_rib(g) if "==443" in r] and not [r for r in flow_rib(g) if "==80 " in r + " "],
             30, what="GoBGP to hold the reloaded rule only")
    assert len(flow_rib(g)) == 1
    assert len(flow_rib(g, "ipv6-flowspec")) == 1


def test_rules_from_gobgp_reach_the_process(work):
    g, api, _ = start(work)
    g.cli("global", "rib", "-a", "ipv4-flowspec", "add", "match", "destination", "10.7.0.0/24",
          "protocol", "udp", "then", "discard")

    rules = wait_for(lambda: api.routes("announce", "ipv4 flow"), 30,
                     what="the FlowSpec rule in the process's JSON")
    # Kept in the adj-RIB-in, shown by show adj-rib in.
    api.send("show adj-rib in")
    wait_for(lambda: [l for l in api.lines() if " ipv4 flow " in l and "10.7.0.0/24" in l], 15,
             what="GoBGP's rule in show adj-rib in")
    (hop, routes), = rules.items()
    assert hop == "no-nexthop"
    assert routes[0]["destination-ipv4"] == ["10.7.0.0/24"]
    assert routes[0]["protocol"] == ["=udp"]

    g.cli("global", "rib", "-a", "ipv4-flowspec", "del", "match", "destination", "10.7.0.0/24",
          "protocol", "udp", "then", "discard")

    gone = wait_for(lambda: api.routes("withdraw", "ipv4 flow"), 30,
                    what="the rule's withdrawal in the process's JSON")
    assert gone[0]["destination-ipv4"] == ["10.7.0.0/24"]

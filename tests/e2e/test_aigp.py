"""AIGP (RFC 7311): herald announces routes with `aigp N` (a static route and
one from a process) to three GoBGPs: over iBGP (AIGP_SESSION on by
default), over eBGP (off by default) and over eBGP with `capability { aigp
enable; }`. GoBGP's RIB must show the AIGP attribute (type 26) with the
metric exactly where the session has AIGP_SESSION; `show adj-rib out
extensive` shows it."""

from harness import ApiProcess, Gobgp, Herald, free_port, wait_for

PEERS = [  # (GoBGP address, its AS, herald's capability block, gets AIGP)
    ("127.0.0.2", 65001, "", True),
    ("127.0.0.3", 65002, "", False),
    ("127.0.0.5", 65003, "capability { aigp enable; }", True),
]
ROUTES = {"10.7.0.0/24": 100, "10.8.0.0/24": 0x123456789ABCDEF0}


def aigp_metric(attr):
    """The metric of GoBGP's JSON for an AIGP attribute."""
    for tlv in attr.get("value", attr.get("tlvs", [])):
        if "metric" in tlv:
            return tlv["metric"]
        if "value" in tlv and isinstance(tlv["value"], dict) and "metric" in tlv["value"]:
            return tlv["value"]["metric"]
    raise AssertionError(f"no metric in GoBGP's AIGP attribute {attr}")


def test_aigp_goes_where_the_session_has_aigp_session(work):
    gobgps = []
    neighbors = []
    for address, asn, capability, _ in PEERS:
        port = free_port(address)
        g = work.track(Gobgp(work, asn, address, address, port, [{"address": "127.0.0.1", "asn": 65001}],
                             name=f"gobgp-{asn}").start())
        gobgps.append(g)
        neighbors.append(f"""
        neighbor {address} {{
            router-id 10.0.0.1;
            local-address 127.0.0.1;
            local-as 65001;
            peer-as {asn};
            connect {port};
            {capability}
            api {{ processes [ api ]; }}
            static {{ route 10.7.0.0/24 next-hop 192.0.2.1 aigp 100; }}
        }}""")
    api = work.track(ApiProcess(work))
    h = work.track(Herald(work, f"""
        process api {{
            run {api.run_line()};
            encoder text;
        }}
        {"".join(neighbors)}
        """).start())
    for g in gobgps:
        wait_for(lambda: g.established("127.0.0.1"), 30, what=f"{g.config_path} to establish")
    api.send("announce route 10.8.0.0/24 next-hop 192.0.2.1 aigp 0x123456789abcdef0")
    for g, (address, asn, _, gets) in zip(gobgps, PEERS):
        wait_for(lambda: len(g.rib()) == len(ROUTES), 30, what=f"GoBGP {asn} to hold the routes")
        rib = g.rib()
        for prefix, metric in ROUTES.items():
            attrs = rib[prefix]
            if gets:
                assert 26 in attrs, f"AS {asn}: {prefix} has no AIGP: {attrs}"
                assert aigp_metric(attrs[26]) == metric
            else:
                assert 26 not in attrs, f"AS {asn}: {prefix} got AIGP on a session without it: {attrs}"

    api.send("show adj-rib out extensive")
    wait_for(lambda: sum(" aigp " in l for l in api.lines()) >= 2 * len(PEERS), 15, what="the adj-rib-out")
    shown = [l for l in api.lines() if " aigp " in l]
    assert any("10.7.0.0/24" in l and "aigp 0x0000000000000064" in l for l in shown), shown
    assert any("10.8.0.0/24" in l and "aigp 0x123456789abcdef0" in l for l in shown), shown
    assert h.alive()


def test_aigp_is_accepted_where_the_session_has_aigp_session(work):
    """One herald sends `aigp 100` over iBGP to two heralds: one with the
    default (AIGP_SESSION on for iBGP) shows it to its JSON process as ExaBGP
    5.0 does, one with `capability { aigp disable; }` ignores it."""
    receivers = []
    neighbors = []
    for address, capability in (("127.0.0.2", ""), ("127.0.0.3", "capability { aigp disable; }")):
        port = free_port(address)
        api = work.track(ApiProcess(work, name=f"api-{address}"))
        work.track(Herald(work, f"""
            process watcher {{
                run {api.run_line()};
                encoder json;
            }}
            neighbor 127.0.0.1 {{
                router-id {address};
                local-address {address};
                local-as 65001;
                peer-as 65001;
                passive;
                {capability}
                api {{ processes [ watcher ]; receive {{ parsed; update; }} }}
            }}
            """, env={"exabgp.tcp.bind": address, "exabgp.tcp.port": str(port)},
            name=f"receiver-{address}").start())
        receivers.append(api)
        neighbors.append(f"""
        neighbor {address} {{
            router-id 10.0.0.1;
            local-address 127.0.0.1;
            local-as 65001;
            peer-as 65001;
            connect {port};
            static {{ route 10.7.0.0/24 next-hop 192.0.2.1 aigp 100; }}
        }}""")
    work.track(Herald(work, "".join(neighbors), name="sender").start())

    def attributes(api):
        for m in api.json("update"):
            upd = m["neighbor"]["message"].get("update", {})
            if "10.7.0.0/24" in str(upd.get("announce", {})):
                return upd["attribute"]
        return None

    on = wait_for(lambda: attributes(receivers[0]), 30, what="the route at the default iBGP receiver")
    assert on == {"origin": "igp", "local-preference": 100, "aigp": "0x0000000000000064"}
    off = wait_for(lambda: attributes(receivers[1]), 30, what="the route at the aigp-disabled receiver")
    assert off == {"origin": "igp", "local-preference": 100}

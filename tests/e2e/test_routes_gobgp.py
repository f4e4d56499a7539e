"""herald announces 10,000 IPv4 and 1,000 IPv6 routes from a process to
GoBGP (iBGP, so local-preference travels); GoBGP's RIB must hold exactly
those routes with exactly those attributes; after withdrawing half, exactly
the other half."""

import routeset
from harness import ApiProcess, Gobgp, Herald, free_port, wait_for


def gobgp_view(g):
    """{prefix: (next hop, med, local-pref, communities, large communities)}"""
    view = {}
    for fam in ("ipv4", "ipv6"):
        for prefix, a in g.rib(fam).items():
            nh = a[3]["nexthop"] if 3 in a else a[14]["nexthop"]
            comms = sorted((c >> 16, c & 0xFFFF) for c in a.get(8, {}).get("communities", []))
            large = sorted((l["ASN"], l["LocalData1"], l["LocalData2"])
                           for l in a.get(32, {}).get("value", []))
            view[prefix] = (nh, a.get(4, {}).get("metric"), a.get(5, {}).get("value"), comms, large)
    return view


def expected_view(routes):
    return {p: (nh, a["med"], a["local_pref"], sorted(a["communities"]), sorted(a["large"]))
            for _, p, nh, a in routes}


def start(work, routes_env=None):
    port = free_port("127.0.0.2")
    g = work.track(Gobgp(work, 65001, "10.0.0.2", "127.0.0.2", port,
                         [{"address": "127.0.0.1", "asn": 65001}]).start())
    api = work.track(ApiProcess(work))
    h = work.track(Herald(work, f"""
        process api {{
            run {api.run_line()};
            encoder json;
        }}
        neighbor 127.0.0.2 {{
            router-id 10.0.0.1;
            local-address 127.0.0.1;
            local-as 65001;
            peer-as 65001;
            family {{ ipv4 unicast; ipv6 unicast; }}
            api {{ processes [ api ]; }}
        }}
        """, env={"exabgp.tcp.port": str(port)}).start())
    wait_for(lambda: g.established("127.0.0.1"), 30, what="GoBGP to establish")
    return g, api, h


def test_announce_and_withdraw_half(work):
    g, api, h = start(work)
    routes = routeset.all_routes()
    api.send(*routeset.announce_lines(routes))
    expected = expected_view(routes)
    wait_for(lambda: len(gobgp_view(g)) >= len(expected), 60, interval=0.5,
             what="GoBGP to hold every route")
    assert gobgp_view(g) == expected

    gone = routes[::2]
    kept = routes[1::2]
    api.send(*routeset.withdraw_lines(gone))
    expected = expected_view(kept)
    wait_for(lambda: len(gobgp_view(g)) == len(expected), 60, interval=0.5,
             what="GoBGP to drop the withdrawn half")
    assert gobgp_view(g) == expected
    assert h.alive()

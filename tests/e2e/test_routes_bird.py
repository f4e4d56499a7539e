"""herald announces 10,000 IPv4 and 1,000 IPv6 routes from a process to
BIRD 2 (iBGP, so local-preference travels); `birdc show route all` must show
exactly those routes with exactly those attributes; after withdrawing half,
exactly the other half."""

import re

import routeset
from harness import ApiProcess, Bird, Herald, free_port, wait_for


def bird_view(b):
    view = {}
    for prefix, r in b.routes().items():
        if "next_hop" not in r:
            continue  # BIRD's own direct/device routes
        comms = sorted(tuple(int(x) for x in m) for m in re.findall(r"\((\d+),(\d+)\)", r.get("community", "")))
        large = sorted(tuple(int(x) for x in m)
                       for m in re.findall(r"\((\d+), (\d+), (\d+)\)", r.get("large_community", "")))
        view[prefix] = (r["next_hop"].split()[0], int(r["med"]), int(r["local_pref"]), comms, large)
    return view


def expected_view(routes):
    return {p: (nh, a["med"], a["local_pref"], sorted(a["communities"]), sorted(a["large"]))
            for _, p, nh, a in routes}


def test_announce_and_withdraw_half(work):
    port = free_port("127.0.0.2")
    b = work.track(Bird(work, f"""
        router id 10.0.0.2;
        protocol device {{ }}
        protocol bgp herald {{
            local 127.0.0.2 port {port} as 65001;
            neighbor 127.0.0.1 as 65001;
            passive on;
            ipv4 {{ import all; export none; gateway recursive; }};
            ipv6 {{ import all; export none; gateway recursive; }};
        }}
        """).start())
    api = work.track(ApiProcess(work))
    h = work.track(Herald(work, f"""
        process api {{
            run {api.run_line()};
            encoder text;
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
    wait_for(lambda: b.established("herald"), 30, what="BIRD to establish")

    routes = routeset.all_routes()
    api.send(*routeset.announce_lines(routes))
    expected = expected_view(routes)
    wait_for(lambda: len(bird_view(b)) >= len(expected), 60, interval=0.5,
             what="BIRD to hold every route")
    assert bird_view(b) == expected

    kept = routes[1::2]
    api.send(*routeset.withdraw_lines(routes[::2]))
    expected = expected_view(kept)
    wait_for(lambda: len(bird_view(b)) == len(expected), 60, interval=0.5,
             what="BIRD to drop the withdrawn half")
    assert bird_view(b) == expected
    assert h.alive()

"""The health-check pattern: a process announces one /32 while its service
is healthy and withdraws it when not. Toggled 100 times, the peer must be in
the right state after every toggle, with the right attributes."""

from harness import ApiProcess, Gobgp, Herald, free_port, wait_for

PREFIX = "100.10.0.100/32"


def test_toggle_one_route_100_times(work):
    port = free_port("127.0.0.2")
    g = work.track(Gobgp(work, 65002, "10.0.0.2", "127.0.0.2", port,
                         [{"address": "127.0.0.1", "asn": 65001, "families": ["ipv4-unicast"]}]).start())
    api = work.track(ApiProcess(work))
    work.track(Herald(work, f"""
        process healthcheck {{
            run {api.run_line()};
            encoder text;
        }}
        neighbor 127.0.0.2 {{
            router-id 10.0.0.1;
            local-address 127.0.0.1;
            local-as 65001;
            peer-as 65002;
            family {{ ipv4 unicast; }}
            api {{ processes [ healthcheck ]; }}
        }}
        """, env={"exabgp.tcp.port": str(port)}).start())
    wait_for(lambda: g.established("127.0.0.1"), 30, what="GoBGP to establish")

    def med():
        a = g.rib("ipv4").get(PREFIX)
        return None if a is None else a[4]["metric"]

    for i in range(100):
        if i % 2 == 0:
            api.send(f"announce route {PREFIX} next-hop 198.51.100.1 med {i}")
            wait_for(lambda: med() == i, 10, interval=0.02, what=f"toggle {i}: announced with med {i}")
        else:
            api.send(f"withdraw route {PREFIX}")
            wait_for(lambda: med() is None, 10, interval=0.02, what=f"toggle {i}: withdrawn")
    assert med() is None

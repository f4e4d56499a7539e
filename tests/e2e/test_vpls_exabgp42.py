"""VPLS (RFC 4761, l2vpn vpls) with Debian's ExaBGP 4.2 as the real peer
(GoBGP 3.10 has no l2vpn-vpls RIB): routes from herald's configuration
and API reach ExaBGP 4.2's processes as herald's own processes say it sent
them, a withdrawal too; a route ExaBGP 4.2 announces reaches herald's
processes as 4.2 says it sent it."""

import os
import shutil

import pytest

from harness import ApiProcess, Herald, free_port, wait_for

EXABGP = shutil.which("exabgp") or "/usr/sbin/exabgp"

HERALD = """
    process json {{ run {json}; encoder json; }}
    process text {{ run {text}; encoder text; }}
    neighbor 127.0.0.2 {{
        router-id 10.0.0.1;
        local-address 127.0.0.1;
        local-as 65001;
        peer-as 65001;
        family {{ ipv4 unicast; l2vpn vpls; }}
        l2vpn {{
            vpls rd 192.168.201.1:123 endpoint 5 base 10702 offset 1 size 8 next-hop 192.168.201.1
                 origin igp local-preference 100 extended-community [ target:54591:6 l2info:19:0:1500:111 ];
        }}
        api {{
            processes [ json text ];
            neighbor-changes;
            receive {{ parsed; update; }}
            send {{ parsed; update; }}
        }}
    }}
"""

EXABGP42 = """
    process json {{ run {json}; encoder json; }}
    process text {{ run {text}; encoder text; }}
    neighbor 127.0.0.1 {{
        router-id 10.0.0.2;
        local-address 127.0.0.2;
        local-as 65001;
        peer-as 65001;
        passive;
        family {{ ipv4 unicast; l2vpn vpls; }}
        api {{
            processes [ json text ];
            receive {{ parsed; update; }}
            send {{ parsed; update; }}
        }}
    }}
"""


def routes(api, direction):
    """The VPLS route lines of a text process, without "neighbor P DIRECTION update"."""
    return [l.split(" update ", 1)[1] for l in api.lines() if f" {direction} update " in l and " vpls " in l]


@pytest.mark.skipif(not os.path.exists(EXABGP), reason="Debian's exabgp (4.2) is not installed")
def test_vpls_routes_both_ways_with_exabgp42(work):
    port = free_port("127.0.0.2")
    h_json, h_text, e_json, e_text = (ApiProcess(work, n) for n in ("herald-json", "herald-text", "exabgp-json",
                                                                     "exabgp-text"))
    for p in (h_json, h_text, e_json, e_text):
        work.track(p)
    work.track(Herald(work, HERALD.format(json=h_json.run_line(), text=h_text.run_line()),
                      env={"exabgp.tcp.port": str(port)}).start())
    work.track(Herald(work, EXABGP42.format(json=e_json.run_line(), text=e_text.run_line()), binary=EXABGP,
                      env={"exabgp.tcp.bind": "127.0.0.2", "exabgp.tcp.port": str(port)}, name="exabgp").start())
    wait_for(lambda: any(m["neighbor"].get("state") == "up" for m in h_json.json("state")), 60,
             what="herald's session with ExaBGP 4.2")

    # herald -> ExaBGP 4.2: the configured route, an API route, its withdrawal.
    h_json.send("announce vpls rd 65001:7 endpoint 7 base 700 offset 2 size 10 next-hop 192.0.2.7 med 7")
    # One at a time: an announcement withdrawn before it is sent is not sent.
    wait_for(lambda: len(routes(e_text, "receive")) >= 2, 30, what="ExaBGP 4.2 to receive two VPLS routes")
    h_json.send("withdraw vpls rd 65001:7 endpoint 7 base 700 offset 2 size 10")
    wait_for(lambda: len(routes(e_text, "receive")) >= 3 and len(routes(h_text, "send")) >= 3, 30,
             what="ExaBGP 4.2 to receive three VPLS routes")
    theirs = routes(e_text, "receive")
    assert theirs == routes(h_text, "send")
    assert theirs[0] == ("announced vpls rd 192.168.201.1:123 endpoint 5 base 10702 offset 1 size 8 "
                         "next-hop 192.168.201.1 origin igp local-preference 100 "
                         "extended-community [ target:54591:6 l2info:19:0:1500:111 ]")
    assert theirs[2].startswith("withdrawn vpls rd 65001:7 endpoint 7 base 700 offset 2 size 10")

    # ExaBGP 4.2 -> herald
    e_json.send("announce vpls rd 65001:9 endpoint 9 base 900 offset 3 size 4 next-hop 10.0.0.9 "
                "community [ 65001:9 ]")
    wait_for(lambda: routes(h_text, "receive") and routes(e_text, "send"), 30,
             what="herald to receive ExaBGP 4.2's VPLS route")
    assert routes(h_text, "receive") == routes(e_text, "send")
    got = [m["neighbor"]["message"]["update"]["announce"]["l2vpn vpls"] for m in h_json.json("update")
           if m["neighbor"]["direction"] == "receive" and "announce" in m["neighbor"]["message"].get("update", {})]
    assert got == [{"10.0.0.9": [{"rd": "65001:9", "endpoint": 9, "base": 900, "offset": 3, "size": 4}]}], got

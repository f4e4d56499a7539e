"""BGP roles (RFC 9234) with BIRD 2, which speaks them: the capability agrees
or the session is refused with 2/11, and the OTC attribute is added on the
way down to a customer and reaches processes as ExaBGP shows an attribute it
does not know."""

from harness import ApiProcess, Bird, Herald, free_port, wait_for

BIRD_AS = 65002
HERALD_AS = 65001


def bird(work, port, role, extra=""):
    return work.track(Bird(work, f"""
        router id 10.0.0.2;
        protocol device {{ }}
        protocol static own {{
            ipv4;
            route 10.2.0.0/24 blackhole;
        }}
        protocol bgp herald {{
            local 127.0.0.2 port {port} as {BIRD_AS};
            neighbor 127.0.0.1 as {HERALD_AS};
            passive on;
            multihop;
            {role}
            {extra}
            ipv4 {{ import all; export where source = RTS_STATIC; next hop self; }};
        }}
        """).start())


def herald(work, port, capability, api):
    return work.track(Herald(work, f"""
        process api {{
            run {api.run_line()};
            encoder json;
        }}
        neighbor 127.0.0.2 {{
            router-id 10.0.0.1;
            local-address 127.0.0.1;
            local-as {HERALD_AS};
            peer-as {BIRD_AS};
            capability {{ {capability} }}
            api {{ processes [ api ]; receive {{ parsed; update; notification; }} }}
            static {{ route 10.1.0.0/24 next-hop 127.0.0.1; }}
        }}
        """, env={"exabgp.tcp.port": str(port)}).start())


def received_otc(api):
    """The OTC attribute (as ExaBGP names an unknown one) of the first UPDATE
    announcing 10.2.0.0/24, or None; False while none has come."""
    for m in api.json("update"):
        u = m["neighbor"]["message"].get("update", {})
        if "10.2.0.0/24" in str(u.get("announce", {})):
            return u.get("attribute", {}).get("attribute-0x23-0xE0")
    return False


def test_provider_marks_routes_to_its_customer(work):
    port = free_port("127.0.0.2")
    b = bird(work, port, "local role customer;", "require roles on;")
    api = work.track(ApiProcess(work))
    herald(work, port, "role provider; role-strict true;", api)
    wait_for(lambda: b.established("herald"), 30, what="BIRD to establish")
    # Down to a customer: OTC with herald's AS.
    wait_for(lambda: "10.1.0.0/24" in b.routes(), 30, what="the route at BIRD")
    assert b.routes()["10.1.0.0/24"].get("otc") == str(HERALD_AS), b.cli("show", "route", "all")
    # Up from a customer: none added (BIRD sends none either).
    wait_for(lambda: received_otc(api) is not False, 30, what="BIRD's route at the process")
    assert received_otc(api) is None


def test_peer_routes_come_marked_with_the_peers_as(work):
    port = free_port("127.0.0.2")
    b = bird(work, port, "local role peer;")
    api = work.track(ApiProcess(work))
    herald(work, port, "role peer;", api)
    wait_for(lambda: b.established("herald"), 30, what="BIRD to establish")
    wait_for(lambda: "10.1.0.0/24" in b.routes(), 30, what="the route at BIRD")
    assert b.routes()["10.1.0.0/24"].get("otc") == str(HERALD_AS)
    wait_for(lambda: received_otc(api) is not False, 30, what="BIRD's route at the process")
    assert received_otc(api) == f"0x{BIRD_AS:08x}"


def test_roles_that_do_not_pair_are_refused(work):
    port = free_port("127.0.0.2")
    # herald is strict and BIRD announces no role: herald refuses with 2/11.
    b = bird(work, port, "")
    api = work.track(ApiProcess(work))
    h = herald(work, port, "role customer; role-strict true;", api)
    wait_for(lambda: "Role mismatch" in b.cli("show", "protocols", "all", "herald"), 30,
             what="BIRD to report herald's Role Mismatch notification")
    assert not b.established("herald")
    assert "the peer announced no BGP role and role-strict is set" in h.output()

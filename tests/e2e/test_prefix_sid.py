"""BGP Prefix-SID (RFC 8669, RFC 9252) and IPv6 extended communities (RFC
5701): herald announces routes with `bgp-prefix-sid`, `bgp-prefix-sid-srv6`
and a generic attribute 0x19 (static routes and one from a process) to
GoBGP, whose RIB must hold the attributes (with the SRv6 service's and the
community's fields; GoBGP shows none of the Label-Index and SRGB TLVs'); and
to another herald, whose JSON process must see them as ExaBGP 5.0 prints
them."""

import base64
import ipaddress

from harness import ApiProcess, Gobgp, Herald, free_port, wait_for

IPV6_COMMUNITY = "000c2a020b800000000100000000000000010000"  # redirect-to-nexthop-ietf 2a02:b80:0:1::1
ROUTES = [
    "route 10.1.0.0/24 next-hop 192.0.2.1 bgp-prefix-sid [ 300, [ ( 800000,4096 ), ( 1000000,5000 ) ] ]",
    "route 10.2.0.0/24 next-hop 192.0.2.1 bgp-prefix-sid-srv6 ( l3-service 2001:db8::20 0x13 "
    "[ 64, 24, 16, 0, 16, 64 ] )",
    f"route 10.3.0.0/24 next-hop 192.0.2.1 attribute [ 0x19 0xc0 0x{IPV6_COMMUNITY} ]",
]
API_ROUTE = "announce route 10.4.0.0/24 next-hop 192.0.2.1 bgp-prefix-sid [ 777 ]"


def sender(work, neighbors):
    api = work.track(ApiProcess(work, name="api-sender"))
    work.track(Herald(work, f"""
        process api {{
            run {api.run_line()};
            encoder text;
        }}
        {neighbors}
        """, name="sender").start())
    return api


def neighbor(address, asn, port):
    static = "\n".join(r + ";" for r in ROUTES)
    return f"""
        neighbor {address} {{
            router-id 10.0.0.1;
            local-address 127.0.0.1;
            local-as 65001;
            peer-as {asn};
            connect {port};
            api {{ processes [ api ]; }}
            static {{ {static} }}
        }}"""


def test_gobgp_gets_the_prefix_sids_and_ipv6_communities(work):
    port = free_port("127.0.0.2")
    g = work.track(Gobgp(work, 65001, "127.0.0.2", "127.0.0.2", port, [{"address": "127.0.0.1", "asn": 65001}]).start())
    api = sender(work, neighbor("127.0.0.2", 65001, port))
    wait_for(lambda: g.established("127.0.0.1"), 30, what="GoBGP to establish")
    api.send(API_ROUTE)
    wait_for(lambda: len(g.rib()) == 4, 30, what="GoBGP to hold the routes")
    rib = g.rib()
    # GoBGP 3.10 accepts the Label-Index and SRGB TLVs (a malformed
    # attribute would withdraw the route) but shows none of their fields.
    for prefix in ("10.1.0.0/24", "10.4.0.0/24"):
        assert rib[prefix][40]["flags"] == 0xC0, rib[prefix]
    srv6 = rib["10.2.0.0/24"][40]["TLVs"]
    assert srv6 == [{"type": 5, "SubTLVs": [{
        "type": 1, "sid": base64.b64encode(ipaddress.ip_address("2001:db8::20").packed).decode(), "flags": 0,
        "endpoint_behavior": 19, "sub_sub_tlvs": [{
            "type": 1, "locator_block_length": 64, "locator_node_length": 24, "function_length": 16,
            "argument_length": 0, "transposition_length": 16, "transposition_offset": 64}]}]}], srv6
    # GoBGP prints the address and the 2-byte local administrator as one.
    assert rib["10.3.0.0/24"][25]["value"] == [{"type": 0, "subtype": 12, "value": "2a02:b80:0:1::1:0"}]
    assert 40 not in rib["10.3.0.0/24"]


def test_a_herald_receiver_shows_them_as_exabgp_does(work):
    port = free_port("127.0.0.3")
    watcher = work.track(ApiProcess(work, name="watcher"))
    work.track(Herald(work, f"""
        process watcher {{
            run {watcher.run_line()};
            encoder json;
        }}
        neighbor 127.0.0.1 {{
            router-id 127.0.0.3;
            local-address 127.0.0.3;
            local-as 65001;
            peer-as 65001;
            passive;
            api {{ processes [ watcher ]; receive {{ parsed; update; }} }}
        }}
        """, env={"exabgp.tcp.bind": "127.0.0.3", "exabgp.tcp.port": str(port)}, name="receiver").start())
    api = sender(work, neighbor("127.0.0.3", 65001, port))

    def attributes():
        out = {}
        for m in watcher.json("update"):
            upd = m["neighbor"]["message"].get("update", {})
            for routes in upd.get("announce", {}).get("ipv4 unicast", {}).values():
                for r in routes:
                    out[r["nlri"]] = upd["attribute"]
        return out

    wait_for(lambda: len(attributes()) == 3, 30, what="the static routes at the receiver")
    api.send(API_ROUTE)
    got = wait_for(lambda: attributes() if len(attributes()) == 4 else None, 30, what="the API route")
    assert got["10.1.0.0/24"]["bgp-prefix-sid"] == {"sr-label-index": 300,
                                                    "sr-srgbs": [[800000, 4096], [1000000, 5000]]}
    assert got["10.2.0.0/24"]["bgp-prefix-sid"] == {"l3-service": [{
        "sid": "2001:db8::20", "flags": 0, "endpoint_behavior": 19,
        "structure": {"locator-block-length": 64, "locator-node-length": 24, "function-length": 16,
                      "argument-length": 0, "transposition-length": 16, "transposition-offset": 64}}]}
    assert got["10.3.0.0/24"]["extended-community-ipv6"] == [
        {"value": int(IPV6_COMMUNITY, 16), "string": "redirect-to-nexthop-ietf 2a02:b80:0:1::1"}]
    assert got["10.4.0.0/24"]["bgp-prefix-sid"] == {"sr-label-index": 777}

"""RT-Constrain (RFC 4684) with GoBGP: when GoBGP gets a VRF importing route
target 65002:100, it announces its membership on the ipv4 rtc family, which
reaches herald's process as ExaBGP 5.0 prints it; deleting the VRF withdraws
it. `family { all; }` leaves the family out (doc/compat.md)."""

from harness import gobgp_and_herald, wait_for

FAMILIES = ("ipv4-unicast", "l3vpn-ipv4-unicast", "rtc")


def rtc_routes(api, action):
    out = []
    for m in api.json("update"):
        part = m["neighbor"]["message"].get("update", {}).get(action, {}).get("ipv4 rtc")
        if part is None:
            continue
        if action == "announce":
            for next_hop, routes in part.items():
                out += [(next_hop, r) for r in routes]
        else:
            out += part
    return out


def test_membership_from_gobgp_reaches_the_process(work):
    g, api, _ = gobgp_and_herald(work, families=FAMILIES,
                                 herald_families="ipv4 unicast; ipv4 mpls-vpn; ipv4 rtc;",
                                 receive="parsed; update;")
    g.cli("vrf", "add", "red", "rd", "65002:1", "rt", "both", "65002:100")
    target = {"origin": 65002, "route-target": "target:65002:100"}
    wait_for(lambda: any(r == target for _, r in rtc_routes(api, "announce")), 30,
             what="GoBGP's route target membership at the process")
    assert [nh for nh, r in rtc_routes(api, "announce") if r == target] == ["127.0.0.2"]
    g.cli("vrf", "del", "red")
    wait_for(lambda: target in rtc_routes(api, "withdraw"), 30, what="the membership's withdrawal")


def test_family_all_leaves_rtc_out(work):
    _, _, h = gobgp_and_herald(work, families=FAMILIES, herald_families="all;")
    h.wait_output("the peer announced family ipv4 rtc which is not configured", 30)
    assert "the peer announced family ipv4 mpls-vpn which is not configured" not in h.output()

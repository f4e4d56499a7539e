"""The route set the route-carrying tests announce: 10,000 IPv4 and 1,000
IPv6 prefixes whose MED, local-preference, communities and large
communities vary, so that packing by shared attributes is exercised too."""

import ipaddress

V4_COUNT = 10000
V6_COUNT = 1000
NEXT_HOP_V4 = "198.51.100.1"
NEXT_HOP_V6 = "2001:db8:ffff::1"


def v4_prefix(i):
    return f"10.{i >> 8}.{i & 255}.0/24"


def v6_prefix(i):
    return str(ipaddress.ip_network(f"2001:db8:{i:x}::/48"))


def attrs(i):
    return {
        "med": (i % 7) * 10,
        "local_pref": 100 + i % 3,
        "communities": [(65001, i % 5), (65001, 1000)],
        "large": [(65001, 1, i % 4)],
    }


def announce_line(prefix, nh, a):
    comm = " ".join(f"{x}:{y}" for x, y in a["communities"])
    large = " ".join(f"{x}:{y}:{z}" for x, y, z in a["large"])
    return (f"announce route {prefix} next-hop {nh} med {a['med']} "
            f"local-preference {a['local_pref']} community [ {comm} ] large-community [ {large} ]")


def all_routes():
    """[(family, prefix, next hop, attrs)]"""
    out = [("ipv4", v4_prefix(i), NEXT_HOP_V4, attrs(i)) for i in range(V4_COUNT)]
    out += [("ipv6", v6_prefix(i), NEXT_HOP_V6, attrs(i)) for i in range(V6_COUNT)]
    return out


def announce_lines(routes):
    return [announce_line(p, nh, a) for _, p, nh, a in routes]


def withdraw_lines(routes):
    return [f"withdraw route {p}" for _, p, _, _ in routes]

"""A large configuration for reload tests: one neighbor (127.0.0.2, hold
time 3) with many static routes, and how many GoBGP holds. Shared by
test_reload_large.py and tools/reload_large.py."""

import re

HEAD = """neighbor 127.0.0.2 {
    router-id 10.0.0.1;
    local-address 127.0.0.1;
    local-as 65001;
    peer-as 65002;
    hold-time 3;
    family { ipv4 unicast; }
    static {
"""


def prefix(i):
    """The i-th /24, from 16.0.0.0/24 on."""
    return f"{16 + (i >> 16)}.{(i >> 8) & 255}.{i & 255}.0/24"


def write_config(path, wanted, communities=False):
    """wanted: {index: med}; one `route` line each, in index order; with
    `communities`, each also carries one of eight communities (~75 bytes a
    line)."""
    with open(path, "w") as f:
        f.write(HEAD)
        for i, m in sorted(wanted.items()):
            extra = f" community [ 65001:{i % 8} ]" if communities else ""
            f.write(f"    route {prefix(i)} next-hop 198.51.100.1 med {m}{extra};\n")
        f.write("    }\n}\n")


def count(g):
    """The number of IPv4 prefixes GoBGP `g` holds (-1 if it does not say)."""
    out = g.cli("global", "rib", "summary", "-a", "ipv4", timeout=120)
    m = re.search(r"Destination:\s*(\d+)", out)
    return int(m.group(1)) if m else -1

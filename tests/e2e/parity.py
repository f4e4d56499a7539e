"""Wire parity: an ExaBGP example configuration, pointed at a sink (sink.py),
and what a speaker sends for it, per neighbor and prefix.

The configuration is rewritten so that every neighbor is a loopback address
of the sink (127.0.1.N, in order) reached on the sink's port from
127.0.0.1, and nothing binds or signs the socket (local-address, TCP MD5,
TTL settings and passive are dropped); the rest, routes and attributes
included, is the file as shipped. Used by test_wire_parity.py (herald) and
tools/capture_wire_parity.py (ExaBGP 5.0, the golden files).
"""

import ipaddress
import os
import re
import signal
import subprocess
import time

from sink import Sink

EXAMPLES = "/usr/share/doc/exabgp/examples"
LOCAL = "127.0.0.1"

# Debian's example configurations that send static routes and run no process.
CONFIGS = [
    "conf-aggregator", "conf-group", "conf-group-limit", "conf-ipself4", "conf-ipv46routes4family",
    "conf-ipv46routes6family", "conf-ipv6grouping", "conf-largecommunity", "conf-name", "conf-new-v4",
    "conf-new-v6", "conf-no-asn4", "conf-template", "conf-split", "conf-unknowncap", "parse-community",
    "parse-simple-v4", "parse-simple-v6", "parse-dual-neighbor", "parse-ttl", "parse-md5",
    "conf-flow", "conf-vpn", "conf-parity", "conf-addpath", "extended-nexthop", "conf-prefix-sid",
    "conf-flow-redirect", "conf-l2vpn",
]

_DROPPED = re.compile(r"^\s*(local-address|md5-password|md5-base64|md5-ip|ttl-security|outgoing-ttl|"
                      r"incoming-ttl|passive|listen|connect)\b[^;\n]*;[^\n]*\n", re.M)
_NEIGHBOR = re.compile(r"(\bneighbor\s+)([0-9A-Fa-f:.]+)(\s*\{)")
_PEER_AS = re.compile(r"\bpeer-as\s+(\d+)")


def _is_ip(text):
    try:
        ipaddress.ip_address(text)
        return True
    except ValueError:
        return False


def neighbors(herald, path):
    """[(address, peer-as)] of the configuration's neighbors, in order, as
    herald reads it (templates and groups resolved)."""
    r = subprocess.run([herald, "validate", "-v", path], capture_output=True, text=True, timeout=60)
    out, current = [], None
    for line in (r.stdout + r.stderr).splitlines():
        m = re.search(r"\bneighbor ([0-9A-Fa-f:.]+) \{", line)
        if m:
            current = m.group(1)
            continue
        m = _PEER_AS.search(line)
        if m and current:
            out.append((current, int(m.group(1))))
            current = None
    return out


def rewrite(text, mapping, port):
    """The configuration aimed at the sink: mapping {original address: sink address}."""
    text = _DROPPED.sub("", text)

    def neighbor(m):
        address = m.group(2)
        if not _is_ip(address):
            return m.group(0)
        return f"{m.group(1)}{mapping[address]}{m.group(3)}\n\tlocal-address {LOCAL};\n\tconnect {port};\n"

    return _NEIGHBOR.sub(neighbor, text)


# API scripts: a process prints these lines (then stays), against one
# neighbor 127.0.0.2 (AS 65002, from AS 65001); the last line's route marks
# the end. Each exercises a family of command forms.
MARKER = "192.0.2.255/32"
API_SCRIPTS = {
    "api-attributes": [
        "announce route 10.1.0.0/24 next-hop 192.0.2.1 med 10 local-preference 200 origin egp",
        "announce route 10.2.0.0/24 next-hop 192.0.2.1 as-path [ 65001 65010 ( 65020 65021 ) ]",
        "announce route 10.12.0.0/24 next-hop 192.0.2.1 atomic-aggregate aggregator 65010:192.0.2.9",
        "announce route 10.13.0.0/24 next-hop 192.0.2.1 aggregator ( 65010:192.0.2.9 )",
        "announce route 10.14.0.0/24 next-hop 192.0.2.1 as-path [ 65001 65010 ]",
        "announce route 10.3.0.0/24 next-hop 192.0.2.1 community [ 65001:1 no-export 65001:300 ] "
        "large-community [ 65001:1:2 ] extended-community [ target:65001:7 origin:192.0.2.1:9 ]",
        "announce route 10.4.0.0/24 next-hop self",
        "announce route 2001:db8:4::/48 next-hop 2001:db8::1 med 4",
        "announce ipv4 unicast 10.5.0.0/24 next-hop 192.0.2.5",
        "announce attributes next-hop 192.0.2.6 med 6 nlri 10.6.0.0/24 10.6.1.0/24",
        "announce route 10.7.0.0/22 next-hop 192.0.2.7 split /24",
        "announce route 10.8.0.0/24 next-hop 192.0.2.8 attribute [ 0x99 0xc0 0x0102 ]",
        "announce route 10.9.0.0/24 next-hop 192.0.2.9 originator-id 192.0.2.99 cluster-list [ 192.0.2.98 ]",
    ],
    "api-withdraw": [
        "announce route 10.1.0.0/24 next-hop 192.0.2.1",
        "announce route 10.2.0.0/24 next-hop 192.0.2.1",
        "announce route 10.3.0.0/24 next-hop 192.0.2.1 med 1",
        "withdraw route 10.1.0.0/24",
        "announce route 10.3.0.0/24 next-hop 192.0.2.1 med 2",
        "withdraw attributes next-hop 192.0.2.1 nlri 10.2.0.0/24",
        "announce route 10.4.0.0/24 next-hop 192.0.2.4",
        "withdraw ipv4 unicast 10.4.0.0/24",
    ],
    # FlowSpec rules in each form ExaBGP 5.0 takes on the API.
    "api-flow": [
        "announce flow route destination 10.0.1.0/24 source 10.1.0.0/16 protocol tcp discard",
        "announce flow route destination 10.0.2.0/24 destination-port [ =80 =443 ] rate-limit 9600",
        "announce flow route destination 10.0.3.0/24 redirect 192.0.2.3 community [ 65001:3 ]",
        "announce flow route destination 10.0.4.0/24 redirect 65000:12 mark 10 action sample-terminal",
        "announce flow route destination 10.0.5.0/24 copy 192.0.2.5 large-community 65001:5:5",
        "announce flow route destination 10.0.6.0/24 packet-length >200&<300",
        "announce flow route { match { destination 10.0.7.0/24; tcp-flags [ syn !ack ]; } then { discard; } }",
        "announce ipv4 flow destination 10.0.8.0/24 fragment [ is-fragment ] redirect-to-nexthop-ietf 192.0.2.8",
        "announce ipv6 flow destination 2001:db8:9::/48 next-header udp flow-label 99 discard",
        "announce flow route destination 10.0.10.0/24 protocol icmp icmp-type echo-request rate-limit 1000",
        "announce flow route destination 10.0.11.0/24 source 10.9.0.0/16 discard",
        "withdraw flow route destination 10.0.11.0/24 source 10.9.0.0/16",
        "announce flow route { next-hop self; match { destination 10.0.12.0/24; } then { redirect-to-nexthop; } }",
    ],
    # Labeled unicast and VPN routes in each form ExaBGP 5.0 takes on the API.
    "api-vpn": [
        "announce route 10.1.0.0/24 rd 65000:1 label 100 next-hop 192.0.2.1",
        "announce route 10.2.0.0/24 route-distinguisher 1.2.3.4:7 label [ 200 201 ] next-hop 192.0.2.2 med 2",
        "announce route 10.3.0.0/24 label 300 next-hop 192.0.2.3 community [ 65001:3 ]",
        "announce route 10.4.0.0/23 rd 70000:4 label 400 next-hop 192.0.2.4 split /24",
        "announce attributes rd 65000:5 label 500 next-hop 192.0.2.5 nlri 10.5.0.0/24 10.5.1.0/24",
        "announce route 2001:db8:6::/48 rd 65000:6 label 600 next-hop 2001:db8::6",
        "announce route 2001:db8:7::/48 label 700 next-hop 2001:db8::7",
        "announce route 10.8.0.0/24 rd 65000:8 label 800 next-hop 192.0.2.8",
        "withdraw route 10.8.0.0/24 rd 65000:8 label 800",
        "announce route 10.9.0.0/24 label 900 next-hop 192.0.2.9",
        "withdraw route 10.9.0.0/24 label 900",
        # Debian's run/api-vpnv4.run
        "announce route 1.4.0.0/16 rd 65000:1 next-hop 101.1.101.1 community 100:1 extended-community "
        "0x0002FDE900000001 label 1000",
    ],
    # The forms naming their family. Not `announce ipv4 mpls-vpn|multicast`:
    # ExaBGP 5.0 sends those routes as unicast (doc/compat.md).
    "api-vpn-family": [
        "announce ipv4 nlri-mpls 10.1.0.0/24 label 100 next-hop 192.0.2.1",
        "announce ipv6 nlri-mpls 2001:db8:4::/48 label 400 next-hop 2001:db8::4",
        "announce ipv6 mpls-vpn 2001:db8:5::/48 rd 65000:5 label 500 next-hop 2001:db8::5",
    ],
    # Debian's run/api-vpls.run, then a route of each RD type.
    "api-vpls": [
        "announce vpls endpoint 5 base 10702 offset 1 size 8 rd 192.168.201.1:123 next-hop 192.168.201.1 "
        "origin igp as-path [ 30740 30740 30740 30740 30740 30740 30740 ] local-preference 100 med 2000 "
        "community [ 54591:123] extended-community [ target:54591:6 l2info:19:0:1500:111] "
        "originator-id 192.168.22.1 cluster-list [ 3.3.3.3 192.168.201.1 ]",
        "withdraw vpls endpoint 5 base 10702 offset 1 size 8 rd 192.168.201.1:123 next-hop 192.168.201.1",
        "announce vpls rd 65000:7 endpoint 7 base 700 offset 2 size 10 next-hop 192.0.2.7 med 7",
        "announce vpls rd 4200000001:8 endpoint 8 base 65535 offset 0 size 0 next-hop 192.0.2.8",
    ],
    # MVPN (RFC 6514) and MUP routes of every type ExaBGP 5.0 knows, in its
    # API syntax; a withdrawal of each family.
    "api-mvpnmup": [
        "announce ipv4 mcast-vpn source-ad source 10.0.0.1 group 239.1.1.1 rd 65000:1 next-hop 10.0.0.2 "
        "extended-community [ target:65000:1 ]",
        "announce ipv4 mcast-vpn shared-join rp 10.0.0.3 group 239.1.1.2 rd 1.2.3.4:5 source-as 65001 "
        "next-hop 10.0.0.2",
        "announce ipv4 mcast-vpn source-join source 10.0.0.4 group 239.1.1.3 rd 4200000000:7 "
        "source-as 4200000001 next-hop 10.0.0.2",
        "announce ipv6 mcast-vpn source-ad source 2001:db8::1 group ff0e::1 rd 65000:1 next-hop 2001::2",
        "announce ipv6 mcast-vpn source-join source 2001:db8::3 group ff0e::3 rd 65000:1 source-as 65001 "
        "next-hop 2001::2 med 10",
        "withdraw ipv4 mcast-vpn source-ad source 10.0.0.1 group 239.1.1.1 rd 65000:1 next-hop 10.0.0.2",
        "announce ipv4 mup mup-isd 10.1.0.0/16 rd 100:100 next-hop 2001::1 extended-community "
        "[ target:10:10 mup:10:10 ] bgp-prefix-sid-srv6 ( l3-service 2001:db8:1:1:: 0x48 [64,24,16,0,0,0] )",
        "announce ipv4 mup mup-dsd 10.0.0.1 rd 100:100 next-hop 10.0.0.2 extended-community [ mup:10:10 ]",
        "announce ipv4 mup mup-t1st 192.168.0.1/32 rd 100:100 teid 12345 qfi 9 endpoint 10.0.0.1 "
        "source 10.0.1.1 next-hop 10.0.0.2",
        "announce ipv4 mup mup-t1st 192.168.0.0/24 rd 100:100 teid 12345 qfi 9 endpoint 10.0.0.1 "
        "next-hop 10.0.0.2",
        "announce ipv4 mup mup-t2st 10.0.0.1 rd 100:100 teid 12345/32 next-hop 10.0.0.2",
        "announce ipv4 mup mup-t2st 10.0.0.2 rd 100:100 teid 5/12 next-hop 10.0.0.2",
        "announce ipv6 mup mup-isd 2001:db8:1::/48 rd 100:100 next-hop 2001::1",
        "announce ipv6 mup mup-t1st 2001:db8:1:1::1/128 rd 100:100 teid 12345 qfi 9 endpoint 2001::1 "
        "source 2001::2 next-hop 2001::1",
        "announce ipv6 mup mup-t2st 2001::2 rd 100:100 teid 0/0 next-hop 2001::1",
        "withdraw ipv4 mup mup-t2st 10.0.0.2 rd 100:100 teid 5/12 next-hop 10.0.0.2",
    ],
}

# The families of a script's neighbor (ipv4 and ipv6 unicast if not listed).
API_FAMILIES = {"api-flow": "ipv4 unicast; ipv4 flow; ipv6 flow;",
                "api-vpn": "ipv4 unicast; ipv4 nlri-mpls; ipv4 mpls-vpn; ipv6 nlri-mpls; ipv6 mpls-vpn;",
                "api-vpn-family": "ipv4 unicast; ipv4 nlri-mpls; ipv6 nlri-mpls; ipv6 mpls-vpn;",
                "api-vpls": "ipv4 unicast; l2vpn vpls;",
                "api-mvpnmup": "ipv4 unicast; ipv4 mcast-vpn; ipv6 mcast-vpn; ipv4 mup; ipv6 mup;"}

_API_CONFIG = """process script {{
    run {python} {script};
    encoder text;
}}
neighbor 127.0.0.2 {{
    router-id 10.0.0.1;
    local-as 65001;
    peer-as 65002;
    family {{ {families} }}
    api {{ processes [ script ]; }}
}}
"""

_SCRIPT = """import sys, time
for line in {lines!r}:
    sys.stdout.write(line + "\\n")
    sys.stdout.flush()
    time.sleep(0.05)
while True:
    time.sleep(60)
"""


def run(work, name, argv, env, herald, port, timeout=30):
    """Runs the speaker (argv + [config]) against a sink for example (or API
    script) `name`; -> {"127.0.1.N": {"FAMILY PREFIX": attributes}}, or None
    if a session did not come up and send its End-of-RIB (and, for a script,
    its last route)."""
    if name in API_SCRIPTS:
        lines = API_SCRIPTS[name] + [f"announce route {MARKER} next-hop 192.0.2.1"]
        script = work.file(f"{name}.py", _SCRIPT.format(lines=lines))
        families = API_FAMILIES.get(name, "ipv4 unicast; ipv6 unicast;")
        original = work.file(f"{name}.orig.conf",
                             _API_CONFIG.format(python="/usr/bin/python3", script=script, families=families))
    else:
        original = os.path.join(EXAMPLES, name + ".conf")
    found = neighbors(herald, original)
    if not found or len({a for a, _ in found}) != len(found):
        raise ValueError(f"{name}: neighbors not read, or one address twice: {found}")
    mapping = {a: f"127.0.1.{i + 1}" for i, (a, _) in enumerate(found)}
    sink = Sink({mapping[a]: peer_as for a, peer_as in found}, port).start()
    config = work.file(f"{name}.conf", rewrite(open(original).read(), mapping, port))
    log = open(work.join(f"{name}.log"), "w")
    p = subprocess.Popen([*argv, config], stdout=log, stderr=subprocess.STDOUT, env=env,
                         start_new_session=True, cwd=work.path)
    try:
        ok = sink.wait_eor(list(mapping.values()), timeout)
        if ok and name in API_SCRIPTS:
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline and not all(
                    f"ipv4 unicast {MARKER}" in rib for rib in sink.ribs().values()):
                time.sleep(0.05)
        time.sleep(0.3)  # nothing should follow; let a stray UPDATE show
        return sink.ribs() if ok else None
    finally:
        try:
            os.killpg(p.pid, signal.SIGTERM)
            p.wait(15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(p.pid, signal.SIGKILL)
        log.close()
        sink.stop()

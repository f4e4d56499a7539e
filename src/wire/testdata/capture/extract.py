#!/usr/bin/env python3
"""Turns the pcap written by capture.sh into testdata/<peer>-<what>.hex files.

Usage: extract.py OUT_DIR TESTDATA_DIR

Reassembles each TCP direction from tshark's view of OUT_DIR/capture.pcap,
splits it into BGP messages, picks the messages listed in PICKS below by
sender and content, and writes one .hex file per message (a '#' header line
then the hex), plus the JSON line that the receiving ExaBGP 4.2 printed for
the same bytes, when it printed one, as <name>.json.
"""
import glob
import json
import os
import subprocess
import sys

OUT, TESTDATA = sys.argv[1], sys.argv[2]

SOFTWARE = {
    '127.0.0.71': 'ExaBGP 4.2.21',
    '127.0.0.72': 'GoBGP 3.10.0',
    '127.0.0.73': 'BIRD 2.0.12',
    '127.0.0.74': 'ExaBGP 4.2.21',
    '127.0.0.75': 'GoBGP 3.10.0',
    '127.0.0.76': 'ExaBGP 4.2.21',
    '127.0.0.77': 'ExaBGP 4.2.21',
    '127.0.0.78': 'ExaBGP 4.2.21',
}
SCENARIO = {
    '127.0.0.72': 'gobgpd (AS 65002) to ExaBGP (AS 65001), eBGP, IPv4 session carrying IPv4 and IPv6 unicast',
    '127.0.0.71': 'ExaBGP (AS 65001) connecting to gobgpd (AS 65002)',
    '127.0.0.73': 'BIRD route reflector (AS 65000) to its client ExaBGP, iBGP, IPv4 session carrying IPv4 and IPv6',
    '127.0.0.76': 'ExaBGP (AS 65003) to ExaBGP (AS 65004), eBGP, routes from its static config',
    '127.0.0.78': 'ExaBGP (AS 4200000078, asn4 disabled) to ExaBGP (AS 65004): a 2-byte-AS session',
}
TYPES = {1: 'OPEN', 2: 'UPDATE', 3: 'NOTIFICATION', 4: 'KEEPALIVE', 5: 'ROUTE-REFRESH'}


def prefix_hex(text):
    """The NLRI encoding of a prefix, to find it inside an UPDATE."""
    import ipaddress
    net = ipaddress.ip_network(text)
    return '%02x' % net.prefixlen + net.network_address.packed[:(net.prefixlen + 7) // 8].hex()


def is_eor(m, afi):
    body = m[19:]
    if afi == 1:
        return body == bytes(4)
    # ExaBGP sets the Extended Length bit even on this 3-byte attribute.
    return body in (bytes.fromhex('00000006800f03%04x01' % afi), bytes.fromhex('00000007900f0003%04x01' % afi))


# (sender, name, what, predicate on the message bytes)
PICKS = [
    ('127.0.0.72', 'gobgp-open', 'OPEN', lambda m: m[18] == 1),
    ('127.0.0.72', 'gobgp-keepalive', 'KEEPALIVE', lambda m: m[18] == 4),
    ('127.0.0.72', 'gobgp-update-ipv4-communities', 'UPDATE 198.51.100.0/24 with MED, communities (incl. no-export), large communities',
     lambda m: m[18] == 2 and m.hex().endswith(prefix_hex('198.51.100.0/24'))),
    ('127.0.0.72', 'gobgp-update-ipv4-as-set', 'UPDATE 198.51.101.0/24 with an AS_SET and AGGREGATOR',
     lambda m: m[18] == 2 and m.hex().endswith(prefix_hex('198.51.101.0/24'))),
    ('127.0.0.72', 'gobgp-update-ipv6', 'UPDATE 2001:db8:72::/48 in MP_REACH_NLRI, MED and a community',
     lambda m: m[18] == 2 and prefix_hex('2001:db8:72::/48') in m.hex() and b'\x80\x0e' in m),
    ('127.0.0.72', 'gobgp-update-ipv6-nexthop-fe80', 'UPDATE 2001:db8:7272::/48 with next hop fe80::72 (16 bytes)',
     lambda m: m[18] == 2 and prefix_hex('2001:db8:7272::/48') in m.hex()),
    ('127.0.0.72', 'gobgp-eor-ipv4', 'End-of-RIB IPv4 unicast', lambda m: m[18] == 2 and is_eor(m, 1)),
    ('127.0.0.72', 'gobgp-eor-ipv6', 'End-of-RIB IPv6 unicast', lambda m: m[18] == 2 and is_eor(m, 2)),
    ('127.0.0.72', 'gobgp-withdraw-ipv4', 'UPDATE withdrawing 198.51.100.0/24',
     lambda m: m[18] == 2 and m[19:21] != b'\x00\x00'),
    ('127.0.0.72', 'gobgp-withdraw-ipv6', 'UPDATE withdrawing 2001:db8:72::/48 in MP_UNREACH_NLRI',
     lambda m: m[18] == 2 and b'\x0f' in m[23:26] and not is_eor(m, 2)),
    ('127.0.0.72', 'gobgp-notification-shutdown', 'NOTIFICATION Cease/Administrative Shutdown with a reason (gobgp neighbor shutdown --reason)',
     lambda m: m[18] == 3),
    ('127.0.0.71', 'exabgp-open', 'OPEN of ExaBGP configured with route-refresh and graceful-restart 120',
     lambda m: m[18] == 1),
    ('127.0.0.73', 'bird-open', 'OPEN (all capabilities in one optional parameter)', lambda m: m[18] == 1),
    ('127.0.0.73', 'bird-update-ipv4-ibgp', 'UPDATE 203.0.113.0/24 over iBGP: LOCAL_PREF, MED, communities, route-target, large community',
     lambda m: m[18] == 2 and m.hex().endswith(prefix_hex('203.0.113.0/24'))),
    ('127.0.0.73', 'bird-update-ipv6-ibgp', 'UPDATE 2001:db8:73::/48 over iBGP in MP_REACH_NLRI',
     lambda m: m[18] == 2 and prefix_hex('2001:db8:73::/48') in m.hex()),
    ('127.0.0.73', 'bird-update-ipv4-reflected', 'UPDATE 192.0.2.128/25 reflected from gobgpd: ORIGINATOR_ID, CLUSTER_LIST',
     lambda m: m[18] == 2 and m.hex().endswith(prefix_hex('192.0.2.128/25'))),
    ('127.0.0.73', 'bird-eor-ipv4', 'End-of-RIB IPv4 unicast', lambda m: m[18] == 2 and is_eor(m, 1)),
    ('127.0.0.73', 'bird-eor-ipv6', 'End-of-RIB IPv6 unicast', lambda m: m[18] == 2 and is_eor(m, 2)),
    ('127.0.0.73', 'bird-route-refresh-ipv4', 'ROUTE-REFRESH IPv4 unicast (birdc reload in)',
     lambda m: m[18] == 5 and m[19:21] == b'\x00\x01'),
    ('127.0.0.73', 'bird-route-refresh-ipv6', 'ROUTE-REFRESH IPv6 unicast (birdc reload in)',
     lambda m: m[18] == 5 and m[19:21] == b'\x00\x02'),
    ('127.0.0.73', 'bird-notification-cease', 'NOTIFICATION Cease (birdc disable)', lambda m: m[18] == 3),
    ('127.0.0.76', 'exabgp-sender-open', 'OPEN with hold time 90', lambda m: m[18] == 1),
    ('127.0.0.76', 'exabgp-update-ipv4-full', 'UPDATE 10.76.0.0/16: AS_SEQUENCE and AS_SET, MED, communities (incl. no-export), route-target, large community, AGGREGATOR, ATOMIC_AGGREGATE',
     lambda m: m[18] == 2 and m.hex().endswith(prefix_hex('10.76.0.0/16'))),
    ('127.0.0.76', 'exabgp-update-ipv4-egp', 'UPDATE 10.77.1.0/24 with ORIGIN egp',
     lambda m: m[18] == 2 and m.hex().endswith(prefix_hex('10.77.1.0/24'))),
    ('127.0.0.76', 'exabgp-update-ipv6', 'UPDATE 2001:db8:76::/48 in MP_REACH_NLRI with communities',
     lambda m: m[18] == 2 and prefix_hex('2001:db8:76::/48') in m.hex()),
    ('127.0.0.76', 'exabgp-eor-ipv4', 'End-of-RIB IPv4 unicast', lambda m: m[18] == 2 and is_eor(m, 1)),
    ('127.0.0.76', 'exabgp-eor-ipv6', 'End-of-RIB IPv6 unicast (MP_UNREACH_NLRI with the Extended Length bit)',
     lambda m: m[18] == 2 and is_eor(m, 2)),
    ('127.0.0.78', 'exabgp-asn2-open', 'OPEN without the 4-octet AS capability, my AS = AS_TRANS',
     lambda m: m[18] == 1),
    ('127.0.0.78', 'exabgp-asn2-update-as4-path', 'UPDATE 10.78.0.0/16: AS_PATH with AS_TRANS, AS4_PATH and AS4_AGGREGATOR',
     lambda m: m[18] == 2 and m.hex().endswith(prefix_hex('10.78.0.0/16'))),
]


def streams():
    """{(src, dst, stream): bytes}, each direction reassembled in order."""
    rows = subprocess.run(
        ['tshark', '-r', os.path.join(OUT, 'capture.pcap'), '-Y', 'tcp.len>0', '-T', 'fields',
         '-e', 'tcp.stream', '-e', 'ip.src', '-e', 'ip.dst', '-e', 'tcp.seq', '-e', 'tcp.payload'],
        capture_output=True, text=True, check=True).stdout.splitlines()
    parts = {}
    for row in rows:
        stream, src, dst, seq, payload = row.split('\t')
        parts.setdefault((src, dst, stream), {})[int(seq)] = bytes.fromhex(payload)
    return {k: b''.join(v[s] for s in sorted(v)) for k, v in parts.items()}


def messages(data):
    at = 0
    while at + 19 <= len(data):
        length = int.from_bytes(data[at + 16:at + 18], 'big')
        yield data[at:at + length]
        at += length


def exabgp_json():
    """Lines printed by the receiving ExaBGPs, keyed by the message hex."""
    out = {}
    for path in glob.glob(os.path.join(OUT, '*.json')):
        for line in open(path):
            head = line.find('"header": "0x')
            body = line.find('"body": "0x')
            if head < 0:
                continue
            h = line[head + 13:line.index('"', head + 13)]
            b = line[body + 11:line.index('"', body + 11)] if body >= 0 else ''
            out[(h + b).lower()] = line.strip()
    return out


def main():
    by_sender = {}
    for (src, dst, _), data in sorted(streams().items()):
        for m in messages(data):
            by_sender.setdefault(src, []).append((dst, m))
    printed = exabgp_json()
    missing = []
    for sender, name, what, pick in PICKS:
        found = [(dst, m) for dst, m in by_sender.get(sender, []) if pick(m)]
        if not found:
            missing.append(name)
            continue
        dst, m = found[0]
        with open(os.path.join(TESTDATA, name + '.hex'), 'w') as f:
            f.write('# %s: %s from %s to %s; %s. Captured on loopback with tshark by '
                    'src/wire/testdata/capture/capture.sh.\n' % (SOFTWARE[sender], what, sender, dst,
                                                                  SCENARIO.get(sender, '')))
            h = m.hex()
            for i in range(0, len(h), 64):
                f.write(h[i:i + 64] + '\n')
        line = printed.get(m.hex())
        if line:
            with open(os.path.join(TESTDATA, name + '.json'), 'w') as f:
                f.write(line + '\n')
        print('%-40s %5d bytes %s' % (name, len(m), 'json' if line else ''))
    if missing:
        print('not found: ' + ', '.join(missing))
        sys.exit(1)


main()

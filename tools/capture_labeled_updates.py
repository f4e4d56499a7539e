#!/usr/bin/env python3
"""Captures how ExaBGP 5.0 and 4.2 report received multicast (SAFI 2),
labeled unicast (SAFI 4, "nlri-mpls") and MPLS VPN (SAFI 128, "mpls-vpn")
UPDATEs to their processes, what `exabgp5 decode` prints for them, and what
5.0 answers for `show adj-rib in|out [extensive|json]` afterwards (ROUTES:
what it announces).

A raw BGP speaker written here (tests/e2e/harness.py RawPeer) connects over
iBGP (AS 65001) from 127.0.0.1 to a receiver: the 5.0 oracle
(`../shared/oracle/exabgp5 server`, or $EXABGP5) on 127.0.0.2, then Debian's
exabgp 4.2 on 127.0.0.3. Both negotiate IPv4 unicast and the six families
above but ipv6 multicast (5.0's configuration refuses it: "invalid afi/safi
pair ipv6/multicast"; `decode -n` still reads it, NLRI_CASES), ADD-PATH
(RFC 7911) for ipv4 nlri-mpls only, and run a JSON and a text
process that only record what they read (`receive { parsed; update; }`).
The speaker sends the UPDATEs of CASES, built here byte by byte from RFC
4271 / 4760 / 8277 / 4364 / 4659, each followed by a KEEPALIVE.

Output: src/api/testdata/labeled_updates.txt, a block per case (see
tools/oracle_updates.py write_cases), then, after lines '%%', blocks for bare
NLRI (NLRI_CASES):
    nlri FAMILY                    (e.g. "ipv4 mpls-vpn")
    hex NLRI-HEX                   (with a path identifier first if "addpath" follows)
    decode50 LINE                  (`exabgp5 decode -n [-i] -f FAMILY NLRI-HEX`)
Run with exabgp.api.compact=true in the environment (`env
'exabgp.api.compact=true' KEEP=1 ...`, then restore the files) to see the
compact JSON: 4.2 shortens only the multicast routes, 5.0 none
(src/api/render_labeled_update_test.cc, Compact).
src/api/testdata/labeled_show_exabgp5.txt: the answers of `show adj-rib`.

Rerun: /usr/bin/python3 tools/capture_labeled_updates.py   (needs the oracle
and Debian's exabgp; not in CI)
"""
import os
import struct

from oracle_updates import (BASE, Receiver, attr, capture_both, decode50, ip, mp_reach, mp_unreach, update,
                            write_cases, write_show)

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(ROOT, 'src', 'api', 'testdata', 'labeled_updates.txt')
SHOW_OUT = os.path.join(ROOT, 'src', 'api', 'testdata', 'labeled_show_exabgp5.txt')


def prefix_bytes(text):
    net, length = text.split('/')
    length = int(length)
    return length, ip(net)[:(length + 7) // 8]


def label(value, bottom=True):
    """One label stack entry (RFC 3032 §2.1): the 20-bit label, then the
    bottom-of-stack bit."""
    return struct.pack('!L', value << 4 | (1 if bottom else 0))[1:]


WITHDRAW_LABEL = b'\x80\x00\x00'  # RFC 8277 §2.4


def labels(*values):
    return b''.join(label(v, i == len(values) - 1) for i, v in enumerate(values))


def nlri(text, stack=b'', distinguisher=b'', path_id=None):
    """One NLRI of SAFI 2 (no stack, no RD), 4 (a stack) or 128 (a stack and
    an RD), with a path identifier (RFC 7911) when given."""
    length, body = prefix_bytes(text)
    out = bytes([len(stack) * 8 + len(distinguisher) * 8 + length]) + stack + distinguisher + body
    return (struct.pack('!L', path_id) if path_id is not None else b'') + out


def rd0(asn, number):  # type 0: 2-byte AS, 4-byte number
    return struct.pack('!HHL', 0, asn, number)


def rd1(address, number):  # type 1: IPv4 address, 2-byte number
    return struct.pack('!H4sH', 1, ip(address), number)


def rd2(asn, number):  # type 2: 4-byte AS, 2-byte number
    return struct.pack('!HLH', 2, asn, number)


ZERO_RD = bytes(8)


def mp_reach_vpn(afi, nhs, routes):
    """MP_REACH_NLRI of SAFI 128: each next hop after a zero RD (RFC 4364
    §4.3.2, RFC 4659 §3.2.1)."""
    nh = b''.join(ZERO_RD + ip(n) for n in nhs)
    return attr(0x80, 14, struct.pack('!HBB', afi, 128, len(nh)) + nh + b'\x00' + routes)


ROUTE_TARGET = attr(0xC0, 16, bytes.fromhex('0002fde900000007'))

# ipv4 nlri-mpls is the one family with ADD-PATH (the speaker sends path
# identifiers for it, the receivers accept them): its NLRI carry one.
CASES = [
    ('mc4-announce', update(BASE + mp_reach(1, 2, ['10.0.0.1'], nlri('239.1.0.0/16') + nlri('10.1.2.0/24')))),
    ('mc4-withdraw', update(mp_unreach(1, 2, nlri('239.1.0.0/16')))),
    ('lu4-announce', update(BASE + mp_reach(1, 4, ['10.0.0.1'],
                                            nlri('10.2.0.0/16', labels(100), path_id=1)
                                            + nlri('10.3.3.0/24', labels(16, 1048575), path_id=0)))),
    ('lu4-withdraw', update(mp_unreach(1, 4, nlri('10.2.0.0/16', WITHDRAW_LABEL, path_id=1)))),
    ('lu6-announce', update(BASE + mp_reach(2, 4, ['2001:db8::1'],
                                            nlri('2001:db8:2::/48', labels(200))
                                            + nlri('2001:db8:3::/64', labels(300, 301, 302))))),
    ('lu6-linklocal', update(BASE + mp_reach(2, 4, ['2001:db8::1', 'fe80::1'], nlri('2001:db8:4::/48', labels(0))))),
    ('lu6-withdraw', update(mp_unreach(2, 4, nlri('2001:db8:2::/48', WITHDRAW_LABEL)
                                       + nlri('2001:db8:3::/64', labels(300))))),
    ('vpn4-announce', update(BASE + ROUTE_TARGET + mp_reach_vpn(1, ['10.0.0.1'],
                                                                nlri('10.4.0.0/16', labels(1000), rd0(65001, 7))
                                                                + nlri('10.5.5.0/24', labels(1001, 1002), rd1('192.0.2.1', 9))
                                                                + nlri('10.6.6.6/32', labels(1003), rd2(4200000001, 65535))))),
    ('vpn4-withdraw', update(mp_unreach(1, 128, nlri('10.4.0.0/16', WITHDRAW_LABEL, rd0(65001, 7))
                                        + nlri('10.6.6.6/32', labels(1003), rd2(4200000001, 65535))))),
    # ExaBGP 5.0 refuses a VPN-IPv6 next hop with a link-local address (48
    # bytes, RFC 4659 §3.2.1.2): "invalid payload", and it resets the session.
    # So this one has only the global address; lu6-linklocal has the pair.
    ('vpn6-rd1', update(BASE + ROUTE_TARGET + mp_reach_vpn(2, ['2001:db8::1'],
                                                                 nlri('2001:db8:5::/48', labels(2000), rd0(65002, 1))
                                                                 + nlri('2001:db8:6::/56', labels(2001, 2002),
                                                                        rd1('192.0.2.2', 3))))),
    ('vpn6-announce', update(BASE + mp_reach_vpn(2, ['2001:db8::2'],
                                                 nlri('2001:db8:7::/64', labels(2003), rd2(65536, 1))))),
    ('vpn6-withdraw', update(mp_unreach(2, 128, nlri('2001:db8:5::/48', WITHDRAW_LABEL, rd0(65002, 1))))),
    # A withdraw and an announce of the same family in one UPDATE.
    ('vpn4-mixed', update(BASE + mp_unreach(1, 128, nlri('10.5.5.0/24', WITHDRAW_LABEL, rd1('192.0.2.1', 9)))
                          + mp_reach_vpn(1, ['10.0.0.2'], nlri('10.7.0.0/16', labels(3000), rd0(65001, 8))))),
    # Two families in one UPDATE.
    ('lu6-and-mc4', update(BASE + mp_unreach(2, 4, nlri('2001:db8:4::/48', WITHDRAW_LABEL))
                           + mp_reach(1, 2, ['10.0.0.3'], nlri('239.2.0.0/16')))),
    ('eor-vpn4', update(mp_unreach(1, 128, b''))),
]

NOT_42 = set()

# Bare NLRI for `exabgp5 decode -n -f FAMILY` (with -i: a path identifier first).
NLRI_CASES = [
    ('ipv4 multicast', False, nlri('239.1.0.0/16')),
    ('ipv6 multicast', False, nlri('2001:db8:1::/48')),
    ('ipv4 nlri-mpls', False, nlri('10.2.0.0/16', labels(100))),
    ('ipv4 nlri-mpls', True, nlri('10.3.3.0/24', labels(16, 1048575), path_id=7)),
    ('ipv6 nlri-mpls', False, nlri('2001:db8:3::/64', labels(300, 301, 302))),
    ('ipv6 nlri-mpls', False, nlri('2001:db8:2::/48', WITHDRAW_LABEL)),
    ('ipv4 mpls-vpn', False, nlri('10.4.0.0/16', labels(1000), rd0(65001, 7))),
    ('ipv4 mpls-vpn', False, nlri('10.5.5.0/24', labels(1001, 1002), rd1('192.0.2.1', 9))),
    ('ipv4 mpls-vpn', False, nlri('10.6.6.6/32', labels(1003), rd2(4200000001, 65535))),
    ('ipv4 mpls-vpn', True, nlri('10.4.0.0/16', labels(1000), rd0(65001, 7), path_id=3)),
    ('ipv6 mpls-vpn', False, nlri('2001:db8:6::/56', labels(2001, 2002), rd1('192.0.2.2', 3))),
    ('ipv6 mpls-vpn', False, nlri('2001:db8:5::/48', WITHDRAW_LABEL, rd0(65002, 1))),
]

# Routes the 5.0 receiver announces, for `show adj-rib out`.
ROUTES = '''    static {
        route 10.9.0.0/24 next-hop 10.0.0.9 label 99 rd 65001:9;
        route 10.8.0.0/16 next-hop 10.0.0.9 label [ 20 21 ];
        route 2001:db8:9::/48 next-hop 2001:db8::9 rd 192.0.2.9:4 label [ 44 45 ] community 65000:1;
    }
    announce {
        ipv4 {
            multicast 239.9.0.0/16 next-hop 10.0.0.9;
        }
    }
'''

# ipv4 nlri-mpls is the one family with ADD-PATH: the speaker sends path identifiers.
RECEIVER = Receiver(families=[(1, 1), (1, 2), (1, 4), (2, 4), (1, 128), (2, 128)], add_path=[(1, 4)],
                    neighbor='    family { ipv4 unicast; ipv4 multicast; ipv4 nlri-mpls; ipv6 nlri-mpls; '
                             'ipv4 mpls-vpn; ipv6 mpls-vpn; }\n'
                             '    capability { add-path receive; }\n',
                    show=ROUTES)


def decode50_nlri(family, add_path, hexa):
    return decode50('-n', '-f', family, *(['-i'] if add_path else []), hexa)


def main():
    j50, t50, cli, j42, t42 = capture_both('capture-labeled-updates', RECEIVER, CASES, NOT_42)
    with open(OUT, 'w') as f:
        f.write('# Multicast, labeled unicast and MPLS VPN UPDATEs (made by tools/capture_labeled_updates.py,\n'
                '# which says how) as ExaBGP 5.0.13 and Debian\'s 4.2.21 report them to JSON and text processes,\n'
                '# and as `exabgp5 decode` prints them. Blocks separated by "%%"; lines starting with "# " are\n'
                '# comments.\n')
        write_cases(f, CASES, j50, t50, j42, t42, NOT_42)
        for family, add_path, data in NLRI_CASES:
            f.write('%%\n')
            f.write(f'nlri {family}{" addpath" if add_path else ""}\n')
            f.write(f'hex {data.hex().upper()}\n')
            f.write(f'decode50 {decode50_nlri(family, add_path, data.hex())}\n')
    print(f'{OUT}: {len(CASES)} cases')
    write_show(SHOW_OUT, '# What ExaBGP 5.0.13 (`exabgp5 server`) answers a process for `show adj-rib in` after\n'
                         '# receiving the UPDATEs of src/api/testdata/labeled_updates.txt from 127.0.0.1 (AS 65001),\n'
                         '# and for `show adj-rib out` with these routes configured for the neighbor:\n',
               ROUTES, 'tools/capture_labeled_updates.py', cli)


if __name__ == '__main__':
    main()

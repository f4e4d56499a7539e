#!/usr/bin/env python3
"""Captures how ExaBGP 5.0 and 4.2 report received FlowSpec UPDATEs to their
processes, and what `exabgp5 decode` prints for them.

A raw BGP speaker written here (tests/e2e/harness.py RawPeer) connects over
iBGP (AS 65001) from 127.0.0.1 to a receiver: the 5.0 oracle
(`../shared/oracle/exabgp5 server`, or $EXABGP5) on 127.0.0.2, then Debian's
exabgp 4.2 on 127.0.0.3. Both negotiate IPv4 unicast and IPv4/IPv6 flow and
flow-vpn, and run a JSON and a text process that only record what they read
(`receive { parsed; update; }`). The speaker sends the UPDATEs of CASES, built
here byte by byte from RFC 4271 / 4760 / 8955 / 8956, each followed by a
KEEPALIVE.

Output: src/api/testdata/flow_updates.txt, a block per case (see
tools/oracle_updates.py write_cases), and src/api/testdata/flow_show_exabgp5.txt,
what 5.0 answers for `show adj-rib in|out [extensive|json]` afterwards (FLOWS:
what it announces).
src/api/render_flow_update_test.cc and src/daemon/tool_decode_test.cc compare
herald against the first, src/api/show_flow_test.cc against the second.

Rerun: /usr/bin/python3 tools/capture_flow_updates.py   (needs the oracle and
Debian's exabgp; not in CI)
"""
import os
import struct

from oracle_updates import (BASE, Receiver, attr, capture_both, ip, mp_reach, mp_unreach, update, write_cases,
                            write_show)

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(ROOT, 'src', 'api', 'testdata', 'flow_updates.txt')
SHOW_OUT = os.path.join(ROOT, 'src', 'api', 'testdata', 'flow_show_exabgp5.txt')


def flow(*components):
    """A FlowSpec NLRI (RFC 8955 §4.1) from its components' bytes."""
    body = b''.join(components)
    assert len(body) < 240
    return bytes([len(body)]) + body


def prefix4(ctype, text):
    net, length = text.split('/')
    length = int(length)
    return bytes([ctype, length]) + ip(net)[:(length + 7) // 8]


def prefix6(ctype, text, offset=0):
    net, length = text.split('/')
    length = int(length)
    return bytes([ctype, length, offset]) + ip(net)[offset // 8:(length + 7) // 8]


def numeric(ctype, *pairs):
    """(op, value) pairs, value in one byte unless > 255 (two bytes)."""
    out = bytes([ctype])
    for i, (op, value) in enumerate(pairs):
        end = 0x80 if i == len(pairs) - 1 else 0
        if value > 255:
            out += bytes([op | end | 0x10]) + struct.pack('!H', value)
        else:
            out += bytes([op | end, value])
    return out


EQ, GT, LT, AND = 0x01, 0x02, 0x04, 0x40


def rd(asn, number):
    return struct.pack('!HHL', 0, asn, number)


def vpn(distinguisher, nlri):
    """A flow-vpn NLRI: the RD goes inside the length."""
    body = distinguisher + nlri[1:]
    return bytes([len(body)]) + body


def ext(*hexes):
    return attr(0xC0, 16, b''.join(bytes.fromhex(h) for h in hexes))


# Extended communities FlowSpec actions use (RFC 8955 §7, RFC 7674,
# draft-ietf-idr-flowspec-redirect-ip), as ExaBGP 5.0 writes them
# (src/grammar/testdata/flow_then_exabgp.txt).
TRAFFIC_RATE_0 = '8006000000000000'
TRAFFIC_RATE_9600 = '8006000046160000'
TRAFFIC_RATE_ASN = '8006fde946160000'  # AS 65001, 9600 bytes/s
REDIRECT_ASN2 = '8008ffdc00003039'
REDIRECT_IP4 = '8108010203040064'  # 1.2.3.4:100 (RFC 7674)
REDIRECT_ASN4 = '8208fa56ea000064'
MARK_46 = '800900000000002e'
ACTION_SAMPLE = '8007000000000002'
ACTION_TERMINAL = '8007000000000001'
ACTION_BOTH = '8007000000000003'
REDIRECT_NEXTHOP = '0800000000000000'
COPY_NEXTHOP = '0800000000000001'
REDIRECT_NEXTHOP_IETF = '010c010203040000'

V4_A = flow(prefix4(1, '10.0.0.0/24'), numeric(3, (EQ, 6)), numeric(5, (EQ, 80)))
V4_B = flow(prefix4(1, '192.168.0.1/32'), prefix4(2, '10.1.0.0/16'), numeric(4, (GT, 1024), (AND | LT, 2048)))
V4_C = flow(prefix4(2, '172.16.0.0/12'), numeric(3, (EQ, 17)), bytes([9, 0x81, 0x02]),
            numeric(10, (GT | EQ, 1000)), bytes([12, 0x81, 0x02]))
V6_A = flow(prefix6(1, '2001:db8::/32'), numeric(3, (EQ, 6)), numeric(5, (EQ, 443)))
# ExaBGP reads an IPv6 prefix with a non-zero offset in a form of its own
# (doc/compat.md), so the offsets here are 0; render_flow_test.cc covers others.
V6_B = flow(prefix6(2, '2001:db8:2::/64'), numeric(3, (EQ, 58)), numeric(7, (EQ, 128)),
            numeric(13, (GT, 100), (AND | LT, 2000)))

CASES = [
    ('v4-discard', update(BASE + ext(TRAFFIC_RATE_0) + mp_reach(1, 133, [], V4_A))),
    ('v4-redirect-ip', update(BASE + ext(REDIRECT_NEXTHOP) + mp_reach(1, 133, ['1.2.3.4'], V4_B))),
    ('v4-several', update(BASE + attr(0xC0, 8, struct.pack('!LL', 65000 << 16 | 1, 65000 << 16 | 2))
                          + ext(TRAFFIC_RATE_9600, REDIRECT_ASN2, MARK_46, ACTION_TERMINAL)
                          + mp_reach(1, 133, [], V4_A + V4_B + V4_C))),
    ('v4-actions', update(BASE + ext(TRAFFIC_RATE_ASN, REDIRECT_IP4, ACTION_SAMPLE, ACTION_BOTH, COPY_NEXTHOP,
                                     REDIRECT_NEXTHOP_IETF)
                          + mp_reach(1, 133, [], V4_C))),
    # ExaBGP 4.2 fails on this one ("maximum recursion depth exceeded") and
    # resets the session: it is not sent to 4.2 (NOT_42).
    ('v4-redirect-asn4', update(BASE + ext(REDIRECT_ASN4) + mp_reach(1, 133, [], V4_A))),
    ('v4-withdraw', update(mp_unreach(1, 133, V4_A + V4_B))),
    ('v6-announce', update(BASE + ext(TRAFFIC_RATE_0) + mp_reach(2, 133, [], V6_A + V6_B))),
    ('v6-redirect-ip', update(BASE + ext(REDIRECT_NEXTHOP) + mp_reach(2, 133, ['2001:db8::1'], V6_A))),
    # A global and a link-local next hop (RFC 2545 §3): the routes are listed under both.
    ('v6-redirect-linklocal', update(BASE + ext(REDIRECT_NEXTHOP)
                                     + mp_reach(2, 133, ['2001:db8::1', 'fe80::1'], V6_A + V6_B))),
    ('v6-withdraw', update(mp_unreach(2, 133, V6_B))),
    ('v4-vpn', update(BASE + ext('0002fde900000007', REDIRECT_ASN2)
                      + mp_reach(1, 134, [], vpn(rd(65001, 7), V4_A) + vpn(rd(65001, 8), V4_B)))),
    ('v4-vpn-withdraw', update(mp_unreach(1, 134, vpn(rd(65001, 7), V4_A)))),
    ('v6-vpn', update(BASE + ext(MARK_46) + mp_reach(2, 134, [], vpn(rd(65002, 1), V6_B)))),
    ('mixed', update(BASE + mp_unreach(2, 133, V6_A) + ext(TRAFFIC_RATE_0) + mp_reach(1, 133, [], V4_C))),
    # IPv4 unicast in the classic fields beside FlowSpec in MP_REACH_NLRI.
    ('unicast-and-flow', update(BASE + attr(0x40, 3, ip('10.0.0.1')) + mp_reach(1, 133, [], V4_A),
                                withdrawn=bytes([16, 10, 20]), nlri=bytes([16, 10, 10]))),
    ('unicast-withdraw', update(withdrawn=bytes([16, 10, 10]))),
    ('eor-v4-flow', update(mp_unreach(1, 133, b''))),
]

NOT_42 = {'v4-redirect-asn4'}

# Routes the 5.0 receiver announces, for `show adj-rib out`.
FLOWS = '''    flow {
        route {
            match { destination 10.9.0.0/24; protocol tcp; destination-port =80; }
            then { discard; }
        }
        route {
            match { source 10.8.0.0/16; packet-length >=1000; }
            then { redirect 1.2.3.4; community [ 65000:1 ]; }
        }
        route {
            rd 65001:7;
            match { destination 10.7.0.0/24; }
            then { rate-limit 9600; }
        }
        route {
            match { destination 2001:db8:9::/48/0; next-header udp; }
            then { mark 46; }
        }
    }
'''

RECEIVER = Receiver(families=[(1, 1), (1, 133), (2, 133), (1, 134), (2, 134)],
                    neighbor='    family { ipv4 unicast; ipv4 flow; ipv6 flow; ipv4 flow-vpn; ipv6 flow-vpn; }\n',
                    show=FLOWS)


def main():
    j50, t50, cli, j42, t42 = capture_both('capture-flow-updates', RECEIVER, CASES, NOT_42)
    with open(OUT, 'w') as f:
        f.write('# FlowSpec UPDATEs (made by tools/capture_flow_updates.py, which says how) as ExaBGP 5.0.13\n'
                '# and Debian\'s 4.2.21 report them to JSON and text processes, and as `exabgp5 decode` prints\n'
                '# them. Blocks separated by "%%"; lines starting with "# " are comments.\n')
        write_cases(f, CASES, j50, t50, j42, t42, NOT_42)
    print(f'{OUT}: {len(CASES)} cases')
    write_show(SHOW_OUT, '# What ExaBGP 5.0.13 (`exabgp5 server`) answers a process for `show adj-rib in` after\n'
                         '# receiving the UPDATEs of src/api/testdata/flow_updates.txt, and for `show adj-rib out`\n'
                         '# with these routes configured for the neighbor (127.0.0.1, AS 65001):\n',
               FLOWS, 'tools/capture_flow_updates.py', cli)


if __name__ == '__main__':
    main()

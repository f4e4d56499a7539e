#!/usr/bin/env python3
"""Captures how ExaBGP 5.0 reports received MVPN (RFC 6514, SAFI 5
"mcast-vpn") and MUP (draft-mpmz-bess-mup-safi, SAFI 85 "mup") UPDATEs to
its processes, what `exabgp5 decode` prints for them, and what 5.0 answers
for `show adj-rib in|out [extensive|json]` afterwards (ROUTES: what it
announces). ExaBGP 4.2 knows neither family: 5.0 only.

A raw BGP speaker (tests/e2e/harness.py RawPeer) connects over iBGP (AS
65001) from 127.0.0.1 to the 5.0 oracle (`../shared/oracle/exabgp5 server`,
or $EXABGP5) on 127.0.0.2, which negotiates IPv4 unicast and the four
families and runs a JSON and a text process that only record what they
read. The speaker sends the UPDATEs of CASES, built here byte by byte from
RFC 4271 / 4760 / 6514 and the draft, each followed by a KEEPALIVE.

Output: src/api/testdata/mvpnmup_updates.txt (tools/oracle_updates.py
write_cases), src/api/testdata/mvpnmup_show_exabgp5.txt (`show adj-rib`).

Rerun: /usr/bin/python3 tools/capture_mvpnmup.py   (needs the oracle; not in CI)
"""
import os
import struct

from oracle_updates import (BASE, Receiver, attr, capture_both, ip, mp_reach, mp_unreach, update, write_cases,
                            write_show)

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(ROOT, 'src', 'api', 'testdata', 'mvpnmup_updates.txt')
SHOW_OUT = os.path.join(ROOT, 'src', 'api', 'testdata', 'mvpnmup_show_exabgp5.txt')


def rd0(asn, number):  # type 0: 2-byte AS, 4-byte number
    return struct.pack('!HHL', 0, asn, number)


def addr(text):  # RFC 6514 §4: length in bits, then the address
    b = ip(text)
    return bytes([len(b) * 8]) + b


def mvpn(kind, body):  # RFC 6514 §4: type, length, body
    return bytes([kind, len(body)]) + body


def mup(kind, body):  # draft-mpmz-bess-mup-safi §3: architecture 1, type, length, body
    return struct.pack('!BHB', 1, kind, len(body)) + body


def prefix(text, bits):
    return bytes([bits]) + ip(text)[:(bits + 7) // 8]


SOURCE_AD = mvpn(5, rd0(65000, 1) + addr('10.0.0.1') + addr('239.1.1.1'))
SHARED_JOIN = mvpn(6, rd0(65000, 2) + struct.pack('!L', 65001) + addr('10.0.0.3') + addr('239.1.1.2'))
SOURCE_JOIN6 = mvpn(7, rd0(65000, 3) + struct.pack('!L', 4200000001) + addr('2001:db8::3') + addr('ff0e::3'))
INTRA_AS = mvpn(1, rd0(65000, 4) + ip('10.0.0.9'))  # a type herald and 5.0 keep opaque
ISD = mup(1, rd0(100, 100) + prefix('10.1.0.0', 16))
DSD6 = mup(2, rd0(100, 100) + ip('2001::1'))
T1ST = mup(3, rd0(100, 100) + prefix('192.168.0.1', 32) + struct.pack('!LB', 12345, 9) + addr('10.0.0.1')
           + addr('10.0.1.1'))
T1ST_NOSOURCE = mup(3, rd0(100, 100) + prefix('192.168.0.0', 24) + struct.pack('!LB', 7, 1) + addr('10.0.0.1'))
T2ST = mup(4, rd0(100, 100) + bytes([32 + 12]) + ip('10.0.0.2') + struct.pack('!H', 5))
MUP_OTHER = struct.pack('!BHB', 2, 1, 2) + b'\xab\xcd'  # another architecture: opaque
MUP_EXT = attr(0xC0, 16, bytes.fromhex('0002000a0000000a') + bytes.fromhex('0c00000a0000000a'))

CASES = [
    ('mvpn-source-ad', update(BASE + attr(0xC0, 16, bytes.fromhex('0002fde800000001'))
                              + mp_reach(1, 5, ['10.0.0.2'], SOURCE_AD))),
    ('mvpn-shared-join', update(BASE + mp_reach(1, 5, ['10.0.0.2'], SHARED_JOIN))),
    ('mvpn-source-join6', update(BASE + mp_reach(2, 5, ['2001::2'], SOURCE_JOIN6))),
    ('mvpn-intra-as', update(BASE + mp_reach(1, 5, ['10.0.0.2'], INTRA_AS))),
    ('mvpn-withdraw', update(mp_unreach(1, 5, SOURCE_AD))),
    ('mup-isd-v6-next-hop', update(BASE + MUP_EXT + mp_reach(1, 85, ['2001::1'], ISD))),
    ('mup-dsd6', update(BASE + mp_reach(2, 85, ['2001::1'], DSD6))),
    ('mup-t1st', update(BASE + mp_reach(1, 85, ['10.0.0.2'], T1ST))),
    ('mup-t1st-no-source', update(BASE + mp_reach(1, 85, ['10.0.0.2'], T1ST_NOSOURCE))),
    ('mup-t2st-12-bits', update(BASE + mp_reach(1, 85, ['10.0.0.2'], T2ST))),
    ('mup-other-arch', update(BASE + mp_reach(1, 85, ['10.0.0.2'], MUP_OTHER))),
    ('mup-withdraw', update(mp_unreach(1, 85, ISD))),
    ('eor-mcast-vpn', update(mp_unreach(1, 5, b''))),
    ('eor-mup', update(mp_unreach(2, 85, b''))),
]

NOT_42 = {name for name, _ in CASES}  # 4.2 knows neither family

ROUTES = '''    announce {
        ipv4 {
            mcast-vpn source-ad source 10.0.0.1 group 239.1.1.1 rd 65000:1 next-hop 10.0.0.9;
            mup mup-dsd 10.0.0.1 rd 100:100 next-hop 10.0.0.9 extended-community [ mup:10:10 ];
        }
    }
'''

RECEIVER = Receiver(families=[(1, 1), (1, 5), (2, 5), (1, 85), (2, 85)],
                    neighbor='    family { ipv4 unicast; ipv4 mcast-vpn; ipv6 mcast-vpn; ipv4 mup; ipv6 mup; }\n',
                    show=ROUTES)


def main():
    j50, t50, cli, j42, t42 = capture_both('capture-mvpnmup', RECEIVER, CASES, NOT_42)
    with open(OUT, 'w') as f:
        f.write('# MVPN and MUP UPDATEs (made by tools/capture_mvpnmup.py, which says how) as ExaBGP 5.0.13\n'
                '# reports them to JSON and text processes, and as `exabgp5 decode` prints them (4.2 knows\n'
                '# neither family). Blocks separated by "%%"; lines starting with "# " are comments.\n')
        write_cases(f, CASES, j50, t50, j42, t42, NOT_42)
    print(f'{OUT}: {len(CASES)} cases')
    write_show(SHOW_OUT, '# What ExaBGP 5.0.13 (`exabgp5 server`) answers a process for `show adj-rib in` after\n'
                         '# receiving the UPDATEs of src/api/testdata/mvpnmup_updates.txt from 127.0.0.1 (AS 65001),\n'
                         '# and for `show adj-rib out` with these routes configured for the neighbor:\n',
               ROUTES, 'tools/capture_mvpnmup.py', cli)


if __name__ == '__main__':
    main()

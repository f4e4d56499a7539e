#!/usr/bin/env python3
"""Captures how ExaBGP 5.0 and 4.2 report received EVPN UPDATEs (RFC 7432,
RFC 9136, AFI 25 "l2vpn" / SAFI 70 "evpn") to their processes, what
`exabgp5 decode` prints for them, and what 5.0 answers for `show adj-rib in
[extensive|json]` afterwards.

A raw BGP speaker (tests/e2e/harness.py RawPeer) connects over iBGP (AS
65001) from 127.0.0.1 to the 5.0 oracle (`../shared/oracle/exabgp5 server`,
or $EXABGP5) on 127.0.0.2, then Debian's exabgp 4.2 on 127.0.0.3. Both
negotiate IPv4 unicast and l2vpn evpn and run a JSON and a text process that
only record what they read. The speaker sends the UPDATEs of CASES, built
here byte by byte from RFC 4271 / 4760 / 7432 / 9136, each followed by a
KEEPALIVE. ExaBGP has no configuration for EVPN routes, so `show adj-rib
out` has nothing to show.

Output: src/api/testdata/evpn_updates.txt, a block per case (see
tools/oracle_updates.py write_cases), then, after lines '%%', blocks for bare
NLRI (NLRI_CASES):
    nlri FAMILY
    hex NLRI-HEX
    decode50 LINE                  (`exabgp5 decode -n -f FAMILY NLRI-HEX`)
src/api/testdata/evpn_show_exabgp5.txt: the answers of `show adj-rib`.

Rerun: /usr/bin/python3 tools/capture_evpn_updates.py   (needs the oracle
and Debian's exabgp; not in CI)
"""
import os
import struct

from oracle_updates import (BASE, Receiver, attr, capture_both, decode50, ip, mp_reach, mp_unreach, update,
                            write_cases, write_show)

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(ROOT, 'src', 'api', 'testdata', 'evpn_updates.txt')
SHOW_OUT = os.path.join(ROOT, 'src', 'api', 'testdata', 'evpn_show_exabgp5.txt')


def rd0(asn, number):  # type 0: 2-byte AS, 4-byte number
    return struct.pack('!HHL', 0, asn, number)


def rd1(address, number):  # type 1: IPv4 address, 2-byte number
    return struct.pack('!H4sH', 1, ip(address), number)


def rd2(asn, number):  # type 2: 4-byte AS, 2-byte number
    return struct.pack('!HLH', 2, asn, number)


def label(value, bottom=True):
    return struct.pack('!L', value << 4 | (1 if bottom else 0))[1:]


ESI0 = bytes(10)
ESI1 = bytes.fromhex('00112233445566778899')


def route(code, body):  # RFC 7432 §7: route type, length, route-type specific
    return bytes([code, len(body)]) + body


def ead(rd, esi, etag, lab):  # type 1 (RFC 7432 §7.1)
    return route(1, rd + esi + struct.pack('!L', etag) + lab)


def macip(rd, esi, etag, mac, address, labels):  # type 2 (RFC 7432 §7.2)
    a = ip(address) if address else b''
    return route(2, rd + esi + struct.pack('!LB', etag, 48) + bytes.fromhex(mac.replace(':', ''))
                 + bytes([len(a) * 8]) + a + labels)


def imet(rd, etag, address):  # type 3 (RFC 7432 §7.3)
    a = ip(address)
    return route(3, rd + struct.pack('!LB', etag, len(a) * 8) + a)


def es(rd, esi, address):  # type 4 (RFC 7432 §7.4)
    a = ip(address)
    return route(4, rd + esi + bytes([len(a) * 8]) + a)


def prefix(rd, esi, etag, address, length, gateway, lab):  # type 5 (RFC 9136 §3.1)
    return route(5, rd + esi + struct.pack('!LB', etag, length) + ip(address) + ip(gateway) + lab)


# Route target 65001:7, MAC mobility sequence 5 sticky, encapsulation VXLAN
# (RFC 9012: 8), ESI label (RFC 7432 §7.5, type 6 subtype 1), router's MAC
# (RFC 9135 §8.1, type 6 subtype 3).
EXT = attr(0xC0, 16, bytes.fromhex('0002fde900000007') + bytes.fromhex('0600010000000005')
           + bytes.fromhex('030c000000000008') + bytes.fromhex('06010000000064' + '00')
           + bytes.fromhex('0603001122334455'))

T1 = ead(rd1('10.0.0.1', 5), ESI1, 0, label(100))
T2 = macip(rd0(65001, 7), ESI0, 10, '00:11:22:aa:bb:cc', '192.168.0.1', label(1000) + label(2000))
T2N = macip(rd2(4200000001, 9), ESI1, 0, '02:00:00:00:00:01', None, label(0, False))
T2V6 = macip(rd0(65001, 7), ESI0, 10, '00:11:22:aa:bb:cd', '2001:db8::1', label(1000))
T3 = imet(rd0(65001, 7), 10, '10.0.0.1')
T3V6 = imet(rd1('10.0.0.1', 7), 0, '2001:db8::2')
T4 = es(rd1('10.0.0.1', 1), ESI1, '10.0.0.1')
T5 = prefix(rd0(65001, 7), ESI0, 0, '10.1.0.0', 24, '0.0.0.0', label(3000))
T5V6 = prefix(rd0(65001, 7), ESI1, 5, '2001:db8:1::', 48, '2001:db8::fe', label(3001))
T9 = route(9, bytes.fromhex('0102030405'))

CASES = [
    ('evpn-ead', update(BASE + EXT + mp_reach(25, 70, ['10.0.0.1'], T1))),
    ('evpn-macip', update(BASE + EXT + mp_reach(25, 70, ['10.0.0.1'], T2))),
    ('evpn-macip-noip', update(BASE + mp_reach(25, 70, ['10.0.0.2'], T2N))),
    ('evpn-macip-v6', update(BASE + mp_reach(25, 70, ['10.0.0.1'], T2V6))),
    ('evpn-multicast', update(BASE + mp_reach(25, 70, ['10.0.0.1'], T3))),
    ('evpn-multicast-v6', update(BASE + mp_reach(25, 70, ['10.0.0.1'], T3V6))),
    ('evpn-segment', update(BASE + mp_reach(25, 70, ['10.0.0.1'], T4))),
    ('evpn-prefix', update(BASE + EXT + mp_reach(25, 70, ['10.0.0.1'], T5))),
    ('evpn-prefix-v6', update(BASE + mp_reach(25, 70, ['10.0.0.1'], T5V6))),
    ('evpn-unknown', update(BASE + mp_reach(25, 70, ['10.0.0.1'], T9))),
    ('evpn-several', update(BASE + mp_reach(25, 70, ['10.0.0.3'], T1 + T3 + T5))),
    ('evpn-withdraw', update(mp_unreach(25, 70, T2 + T5V6))),
    ('evpn-withdraw-rest', update(mp_unreach(25, 70, T1 + T2N + T3 + T4))),
    ('eor-evpn', update(mp_unreach(25, 70, b''))),
    ('evpn-withdraw-unknown', update(mp_unreach(25, 70, T9))),
]

# ExaBGP 4.2 closes the session on the withdrawal of an unknown route type.
NOT_42 = {'evpn-withdraw-unknown'}

NLRI_CASES = [('l2vpn evpn', n) for n in (T1, T2, T2N, T2V6, T3, T3V6, T4, T5, T5V6, T9)]

RECEIVER = Receiver(families=[(1, 1), (25, 70)],
                    neighbor='    family { ipv4 unicast; l2vpn evpn; }\n',
                    show='')


def main():
    j50, t50, cli, j42, t42 = capture_both('capture-evpn-updates', RECEIVER, CASES, NOT_42)
    with open(OUT, 'w') as f:
        f.write('# EVPN UPDATEs (made by tools/capture_evpn_updates.py, which says how) as ExaBGP 5.0.13 and\n'
                '# Debian\'s 4.2.21 report them to JSON and text processes, and as `exabgp5 decode` prints them.\n'
                '# Blocks separated by "%%"; lines starting with "# " are comments.\n')
        write_cases(f, CASES, j50, t50, j42, t42, NOT_42)
        for family, data in NLRI_CASES:
            f.write('%%\n')
            f.write(f'nlri {family}\n')
            f.write(f'hex {data.hex().upper()}\n')
            f.write(f'decode50 {decode50("-n", "-f", family, data.hex())}\n')
    print(f'{OUT}: {len(CASES)} cases')
    write_show(SHOW_OUT, '# What ExaBGP 5.0.13 (`exabgp5 server`) answers a process for `show adj-rib in` after\n'
                         '# receiving the UPDATEs of src/api/testdata/evpn_updates.txt from 127.0.0.1 (AS 65001):\n',
               '', 'tools/capture_evpn_updates.py', cli)


if __name__ == '__main__':
    main()

#!/usr/bin/env python3
"""Captures how ExaBGP 5.0 and 4.2 report received VPLS UPDATEs (RFC 4761,
AFI 25 "l2vpn" / SAFI 65 "vpls") to their processes, what `exabgp5 decode`
prints for them, and what 5.0 answers for `show adj-rib in|out
[extensive|json]` afterwards (ROUTES: what it announces).

A raw BGP speaker (tests/e2e/harness.py RawPeer) connects over iBGP (AS
65001) from 127.0.0.1 to the 5.0 oracle (`../shared/oracle/exabgp5 server`,
or $EXABGP5) on 127.0.0.2, then Debian's exabgp 4.2 on 127.0.0.3. Both
negotiate IPv4 unicast and l2vpn vpls and run a JSON and a text process that
only record what they read. The speaker sends the UPDATEs of CASES, built
here byte by byte from RFC 4271 / 4760 / 4761, each followed by a KEEPALIVE.

Output: src/api/testdata/vpls_updates.txt, a block per case (see
tools/oracle_updates.py write_cases), then, after lines '%%', blocks for bare
NLRI (NLRI_CASES):
    nlri FAMILY
    hex NLRI-HEX
    decode50 LINE                  (`exabgp5 decode -n -f FAMILY NLRI-HEX`)
src/api/testdata/vpls_show_exabgp5.txt: the answers of `show adj-rib`.

Rerun: /usr/bin/python3 tools/capture_vpls_updates.py   (needs the oracle
and Debian's exabgp; not in CI)
"""
import os
import struct

from oracle_updates import (BASE, Receiver, attr, capture_both, decode50, ip, mp_reach, mp_unreach, update,
                            write_cases, write_show)

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(ROOT, 'src', 'api', 'testdata', 'vpls_updates.txt')
SHOW_OUT = os.path.join(ROOT, 'src', 'api', 'testdata', 'vpls_show_exabgp5.txt')


def rd0(asn, number):  # type 0: 2-byte AS, 4-byte number
    return struct.pack('!HHL', 0, asn, number)


def rd1(address, number):  # type 1: IPv4 address, 2-byte number
    return struct.pack('!H4sH', 1, ip(address), number)


def rd2(asn, number):  # type 2: 4-byte AS, 2-byte number
    return struct.pack('!HLH', 2, asn, number)


def vpls(rd, endpoint, offset, size, base, bottom=True):
    """One NLRI (RFC 4761 §3.2.2): length 17, RD, VE ID, VE block offset,
    VE block size, label base (20 bits, then the bottom-of-stack bit)."""
    label = struct.pack('!L', base << 4 | (1 if bottom else 0))[1:]
    return struct.pack('!H', 17) + rd + struct.pack('!HHH', endpoint, offset, size) + label


# Route target 65001:7 and l2info (RFC 4761 §3.2.4: encaps 19, flags 0, MTU
# 1500, site preference 111).
EXT = attr(0xC0, 16, bytes.fromhex('0002fde900000007') + bytes.fromhex('800a130005dc006f'))

# ExaBGP 5.0 cannot read two VPLS NLRI in one MP_REACH_NLRI or MP_UNREACH_NLRI
# ("invalid payload", and it closes the session): one NLRI an UPDATE here
# (herald reads several: src/wire/vpls_test.cc; doc/compat.md).
CASES = [
    ('vpls-announce', update(BASE + EXT + mp_reach(25, 65, ['10.0.0.1'],
                                                   vpls(rd1('192.168.201.1', 123), 5, 1, 8, 10702)))),
    ('vpls-max', update(BASE + mp_reach(25, 65, ['10.0.0.1'], vpls(rd0(65001, 7), 65535, 65535, 65535, 1048575)))),
    ('vpls-rd2', update(BASE + mp_reach(25, 65, ['10.0.0.2'], vpls(rd2(4200000001, 9), 0, 0, 0, 0, False)))),
    ('vpls-withdraw', update(mp_unreach(25, 65, vpls(rd1('192.168.201.1', 123), 5, 1, 8, 10702)))),
    ('vpls-mixed', update(BASE + mp_unreach(25, 65, vpls(rd0(65001, 7), 65535, 65535, 65535, 1048575))
                          + mp_reach(25, 65, ['10.0.0.3'], vpls(rd0(65001, 8), 2, 3, 4, 500)))),
    ('eor-vpls', update(mp_unreach(25, 65, b''))),
]

NOT_42 = set()

NLRI_CASES = [
    ('l2vpn vpls', vpls(rd1('192.168.201.1', 123), 5, 1, 8, 10702)),
    ('l2vpn vpls', vpls(rd2(4200000001, 9), 0, 0, 0, 0, False)),
    ('l2vpn vpls', vpls(rd0(65001, 7), 65535, 65535, 65535, 1048575)),
]

ROUTES = '''    l2vpn {
        vpls rd 192.168.201.1:123 endpoint 5 base 10702 offset 1 size 8 next-hop 10.0.0.9 extended-community [ target:54591:6 l2info:19:0:1500:111 ];
        vpls rd 65001:9 endpoint 7 base 300 offset 2 size 10 next-hop 10.0.0.9 community 65000:1;
    }
'''

RECEIVER = Receiver(families=[(1, 1), (25, 65)],
                    neighbor='    family { ipv4 unicast; l2vpn vpls; }\n',
                    show=ROUTES)


def main():
    j50, t50, cli, j42, t42 = capture_both('capture-vpls-updates', RECEIVER, CASES, NOT_42)
    with open(OUT, 'w') as f:
        f.write('# VPLS UPDATEs (made by tools/capture_vpls_updates.py, which says how) as ExaBGP 5.0.13 and\n'
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
                         '# receiving the UPDATEs of src/api/testdata/vpls_updates.txt from 127.0.0.1 (AS 65001),\n'
                         '# and for `show adj-rib out` with these routes configured for the neighbor:\n',
               ROUTES, 'tools/capture_vpls_updates.py', cli)


if __name__ == '__main__':
    main()

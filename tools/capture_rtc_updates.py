#!/usr/bin/env python3
"""Captures how ExaBGP 5.0 and 4.2 report received RT-Constrain UPDATEs (RFC
4684, AFI 1 "ipv4" / SAFI 132 "rtc") to their processes, and what `exabgp5
decode` prints for them.

A raw BGP speaker (tests/e2e/harness.py RawPeer) connects over iBGP (AS
65001) from 127.0.0.1 to the 5.0 oracle on 127.0.0.2 (Debian's exabgp 4.2 has no
RT-Constrain). It takes `family { all; }` (the only way ExaBGP negotiates
ipv4 rtc) and run a JSON and a text process that record what they read. The
speaker offers IPv4 unicast and ipv4 rtc and sends the UPDATEs of CASES,
built here byte by byte from RFC 4271 / 4760 / 4684.

Output: src/api/testdata/rtc_updates.txt (tools/oracle_updates.py
write_cases), then, after lines '%%', blocks for bare NLRI (NLRI_CASES).

Rerun: /usr/bin/python3 tools/capture_rtc_updates.py   (needs the oracle and
Debian's exabgp; not in CI)
"""
import os
import struct

from oracle_updates import BASE, Receiver, capture_both, decode50, mp_reach, mp_unreach, update, write_cases

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(ROOT, 'src', 'api', 'testdata', 'rtc_updates.txt')


def rtc(origin, rt):
    """One full-length NLRI: 96 bits, origin AS, the 8-byte route target."""
    return struct.pack('!BL', 96, origin) + rt


WILDCARD = b'\x00'
RT_AS2 = bytes.fromhex('0002fde900000064')        # target:65001:100
RT_IP = bytes.fromhex('0102c0000201002a')         # target:192.0.2.1:42
RT_AS4 = bytes.fromhex('0202fa56ea000007')           # target:4200000000:7

CASES = [
    ('rtc-announce', update(BASE + mp_reach(1, 132, ['10.0.0.1'], rtc(65000, RT_AS2)))),
    ('rtc-wildcard', update(BASE + mp_reach(1, 132, ['10.0.0.1'], WILDCARD))),
    ('rtc-ip-as4', update(BASE + mp_reach(1, 132, ['10.0.0.2'], rtc(65000, RT_IP) + rtc(4200000001, RT_AS4)))),
    ('rtc-withdraw', update(mp_unreach(1, 132, rtc(65000, RT_AS2)))),
    ('eor-rtc', update(mp_unreach(1, 132, b''))),
]

# ExaBGP 4.2 has neither `family { all; }` nor ipv4 rtc: 5.0 only.
NOT_42 = {name for name, _ in CASES}

NLRI_CASES = [
    ('ipv4 rtc', rtc(65000, RT_AS2)),
    ('ipv4 rtc', WILDCARD),
]

RECEIVER = Receiver(families=[(1, 1), (1, 132)], neighbor='    family { all; }\n', show='')


def main():
    j50, t50, _cli, j42, t42 = capture_both('capture-rtc-updates', RECEIVER, CASES, NOT_42)
    with open(OUT, 'w') as f:
        f.write('# RT-Constrain UPDATEs (made by tools/capture_rtc_updates.py, which says how) as ExaBGP 5.0.13\n'
                '# and Debian\'s 4.2.21 report them to JSON and text processes, and as `exabgp5 decode` prints\n'
                '# them. Blocks separated by "%%"; lines starting with "# " are comments.\n')
        write_cases(f, CASES, j50, t50, j42, t42, NOT_42)
        for family, data in NLRI_CASES:
            f.write('%%\n')
            f.write(f'nlri {family}\n')
            f.write(f'hex {data.hex().upper()}\n')
            f.write(f'decode50 {decode50("-n", "-f", family, data.hex())}\n')
    print(f'{OUT}: {len(CASES)} cases')


if __name__ == '__main__':
    main()

#!/usr/bin/python3
"""Prints how ExaBGP 4.2 shows each extended community of a fixed list.

Runs Debian's ExaBGP classes (system python3); one line per community:
  HEX<TAB>json()<TAB>repr()
repr() is what the text encoder prints. A community ExaBGP fails to print
(it recurses forever on some) shows ERROR:<exception name>.
"""
import sys

from exabgp.bgp.message.update.attribute.community.extended import ExtendedCommunity

CASES = [
    '0002fde900000007',  # target, 2-byte AS
    '0102c000020100 08'.replace(' ', ''),  # target, IPv4 admin
    '0202fa56ea010009',  # target, 4-byte AS
    '4002fde900000007',  # non-transitive target
    '0003fde900000005',  # origin, 2-byte AS (shown as AS:IP)
    '0103c00002020006',  # origin, IPv4 admin (fields swapped when shown)
    '0203fa56ea02000a',  # origin, 4-byte AS
    '0013fde900000007',  # rt-record, 2-byte AS
    '0113c00002010008',  # rt-record, IPv4
    '0213fa56ea010009',  # rt-record, 4-byte AS
    '4004fde94cee6b28',  # link bandwidth (not registered in 4.2)
    '030c000000000008',  # encapsulation VXLAN
    '030c000000000063',  # encapsulation unknown type
    '800600004e6e6b28',  # traffic-rate 1e9 bytes/s
    '8006fde900000000',  # traffic-rate 0
    '8007000000000003',  # traffic-action sample+terminal
    '8007000000000000',  # traffic-action none
    '8008fde900000064',  # redirect 2-byte AS
    '8108c0000201000a',  # redirect IPv4 (not registered)
    '8208fa56ea010064',  # redirect 4-byte AS (ExaBGP recurses)
    '8009000000000012',  # mark
    '010cc00002090001',  # redirect-to-nexthop-ietf copy
    '010cc00002090000',  # redirect-to-nexthop-ietf
    '0800000000000001',  # copy-to-nexthop (simpson)
    '0800000000000000',  # redirect-to-nexthop
    '0600010000002a',  # mac-mobility sticky (7 bytes: padded below)
    '060000000000002b',  # mac-mobility
    '0314000000070000',  # consistent hash sort order
    '0702fde94005',  # interface-set (padded below)
    '0702000000fd4005',  # interface-set output
    '800a0102000a0000',  # l2info as 0x800a (type & 0x0f = 0)
    '000a0102000a0000',  # l2info
    '4377010203040506',  # unknown
    'ffffffffffffffff',  # unknown, all ones
]


def main():
    for case in CASES:
        data = bytes.fromhex(case.ljust(16, '0'))
        try:
            c = ExtendedCommunity.unpack(data)
            j = c.json()
            r = repr(c)
        except Exception as exc:  # noqa
            j = r = 'ERROR:%s' % type(exc).__name__
        sys.stdout.write('%s\t%s\t%s\n' % (data.hex(), j, r))


main()

#!/usr/bin/env python3
"""Captures how ExaBGP 5.0 decodes BGP-LS UPDATEs (RFC 9552, RFC 9514; AFI
16388, SAFI 71 and 72).

ExaBGP cannot originate BGP-LS, nor can the GoBGP installed here, so the
UPDATEs are built below, by hand, from the RFCs' layouts: node, link, IPv4
and IPv6 prefix and SRv6 SID NLRI, the VPN form, an NLRI type herald does not
parse, withdrawals, and BGP-LS attributes (type 29) with the TLVs ExaBGP 5.0
decodes, SRv6 ones (RFC 9514) and SR LAN adjacency SIDs included. Each goes
through `exabgp5 decode HEX` (the oracle, or $EXABGP5);
the lines go to src/api/testdata/bgpls_exabgp50.txt as

    # name
    HEX
    the oracle's JSON, from "message" on

which src/api/render_bgpls_test.cc decodes and renders with herald and
tests/e2e/test_bgpls.py sends from a raw peer.

Then a raw peer sends the same UPDATEs over iBGP (AS 65001) to the 5.0
oracle's server on 127.0.0.2, running a JSON and a text process that record
what they read: the text lines go to src/api/testdata/bgpls_text_exabgp50.txt
(the JSON lines are those of the decode). Debian's ExaBGP 4.2 is no use
here: its JSON process output stops in the middle of the first UPDATE.

Rerun: /usr/bin/python3 tools/capture_bgpls.py  (needs the oracles; not in CI)
"""
import os
import signal
import struct
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'tests', 'e2e'))
from harness import KEEPALIVE, RawPeer, Workdir, open_message, wait_for  # noqa: E402

from oracles import RECORDER, speaker_env  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
ORACLE = os.environ.get('EXABGP5', '/work/shared/oracle/exabgp5')
OUT = os.path.join(ROOT, 'src', 'api', 'testdata', 'bgpls_exabgp50.txt')

AFI_BGPLS = 16388


def tlv(t, v):
    return struct.pack('!HH', t, len(v)) + v


def attr(flags, code, v):
    if len(v) > 255:
        return struct.pack('!BBH', flags | 0x10, code, len(v)) + v
    return struct.pack('!BBB', flags, code, len(v)) + v


def nlri(kind, body, rd=b''):
    return struct.pack('!HH', kind, len(rd) + len(body)) + rd + body


def update(nlris, ls=None, safi=71, nh=bytes([10, 0, 0, 1]), withdraw=False):
    field = b''.join(nlris)
    if withdraw:
        attrs = attr(0x80, 15, struct.pack('!HB', AFI_BGPLS, safi) + field)
    else:
        mp = attr(0x80, 14, struct.pack('!HBB', AFI_BGPLS, safi, len(nh)) + nh + b'\x00' + field)
        attrs = attr(0x40, 1, b'\x00') + attr(0x40, 2, b'') + attr(0x40, 5, struct.pack('!I', 100)) + mp
        if ls is not None:
            attrs += attr(0x80, 29, ls)
    body = struct.pack('!HH', 0, len(attrs)) + attrs
    return (b'\xff' * 16 + struct.pack('!HB', 19 + len(body), 2) + body).hex()


def head(proto, ident=0):
    return struct.pack('!BQ', proto, ident)


def node_desc(code, *subs):
    return tlv(code, b''.join(subs))


ASN = tlv(512, struct.pack('!I', 65001))
LSID = tlv(513, struct.pack('!I', 7))
AREA = tlv(514, bytes([0, 0, 0, 1]))
ISIS1 = tlv(515, bytes.fromhex('192168000001'))
ISIS2 = tlv(515, bytes.fromhex('19216800000203'))
OSPF1 = tlv(515, bytes([10, 0, 0, 1]))
OSPFDR = tlv(515, bytes([10, 0, 0, 2, 10, 0, 0, 9]))
F32 = lambda x: struct.pack('!f', x)  # noqa: E731
# SRv6 (RFC 9514) and SR LAN adjacency (RFC 9085 §2.2.2) attribute TLVs.
SID1 = bytes.fromhex('fc000000000100e00000000000000000')
SID2 = bytes.fromhex('fc000000000100e10000000000000000')
SIDSTRUCT = tlv(1252, bytes([32, 16, 16, 0]))
SYSID2 = bytes.fromhex('192168000002')
LINK_ISIS = nlri(2, head(2) + node_desc(256, ASN, ISIS1) + node_desc(257, ASN, ISIS2) +
                 tlv(258, struct.pack('!II', 11, 12)))


def endx(behavior, flags, algorithm, weight, *rest):
    return struct.pack('!HBBBB', behavior, flags, algorithm, weight, 0) + b''.join(rest)

CASES = [
    ('node isis', update([nlri(1, head(2) + node_desc(256, ASN, LSID, ISIS1))],
                         tlv(1026, b'router1') + tlv(1024, b'\xa0') + tlv(1028, bytes([1, 1, 1, 1])) +
                         tlv(1029, bytes.fromhex('20010db8000000000000000000000001')) + tlv(1027, bytes.fromhex('490001')))),
    ('node ospf with dr, sr capabilities and algorithms',
     update([nlri(1, head(3, 5) + node_desc(256, ASN, AREA, OSPFDR))],
            tlv(1034, bytes.fromhex('8000') + bytes.fromhex('000fa0') + tlv(1161, bytes.fromhex('003e80')) +
                bytes.fromhex('000064') + tlv(1161, bytes.fromhex('00010000'))) +
            tlv(1035, bytes([0, 1])) + tlv(1025, b'op\x00aque') + tlv(1045, bytes.fromhex('abcd')) +
            tlv(1045, bytes.fromhex('ef')))),
    ('node pseudonode', update([nlri(1, head(1) + node_desc(256, ASN, ISIS2))], tlv(1024, b'\x00'))),
    ('link', update([nlri(2, head(2) + node_desc(256, ASN, ISIS1) + node_desc(257, ASN, ISIS2) +
                          tlv(258, struct.pack('!II', 11, 12)) + tlv(259, bytes([10, 1, 1, 1])) +
                          tlv(260, bytes([10, 1, 1, 2])) + tlv(263, struct.pack('!H', 2)))],
                    tlv(1088, struct.pack('!I', 5)) + tlv(1089, F32(1e9)) + tlv(1090, F32(125000000.0)) +
                    tlv(1091, b''.join(F32(x) for x in (1e9, 0.5, 1.25e6, 3.0, 0.0, 1e-5, 7.5e15, 1e17))) +
                    tlv(1092, struct.pack('!I', 20)) + tlv(1093, b'\x40\x00') + tlv(1094, b'\xc0') +
                    tlv(1095, bytes([0, 0, 10])) + tlv(1096, struct.pack('!II', 100, 200)) +
                    tlv(1097, b'\x01\x02') + tlv(1098, b'eth0') + tlv(1030, bytes([2, 2, 2, 2])) +
                    tlv(1031, bytes.fromhex('20010db8000000000000000000000002')) +
                    tlv(1099, bytes.fromhex('30000000') + bytes.fromhex('003e81')) +
                    tlv(1099, bytes.fromhex('00050000') + struct.pack('!I', 17)))),
    ('link ipv6 addresses', update([nlri(2, head(6) + node_desc(256, ASN, OSPF1) + node_desc(257, ASN, OSPF1) +
                                         tlv(261, bytes.fromhex('20010db8000000000000000000000001')) +
                                         tlv(262, bytes.fromhex('20010db8000000000000000000000002')))],
                                   tlv(1095, bytes([0, 10])) + tlv(1095, bytes([7])))),
    ('prefix v4', update([nlri(3, head(3) + node_desc(256, ASN, AREA, OSPF1) + tlv(264, b'\x01') +
                               tlv(265, bytes([24, 10, 2, 3])))],
                         tlv(1152, b'\x80') + tlv(1153, struct.pack('!II', 1, 2)) +
                         tlv(1154, struct.pack('!Q', 3)) + tlv(1155, struct.pack('!I', 10)) +
                         tlv(1156, bytes([10, 0, 0, 5])) + tlv(1157, b'xyz') +
                         tlv(1158, bytes.fromhex('0c000000') + bytes.fromhex('003e82')) +
                         tlv(1170, b'\x40') + tlv(1171, bytes([1, 2, 3, 4])))),
    ('prefix v4 index sid', update([nlri(3, head(2) + node_desc(256, ASN, ISIS1) + tlv(265, bytes([32, 10, 0, 0, 1])))],
                                   tlv(1158, bytes.fromhex('40000000') + struct.pack('!I', 101)))),
    ('prefix v6', update([nlri(4, head(2) + node_desc(256, ASN, ISIS1) + tlv(263, struct.pack('!H', 2)) +
                               tlv(265, bytes([64]) + bytes.fromhex('20010db800010002')))],
                         tlv(1155, struct.pack('!I', 10)), nh=bytes.fromhex('20010db8000000000000000000000001'))),
    ('prefix v6 odd bytes', update([nlri(4, head(2) + node_desc(256, ASN, ISIS1) +
                                         tlv(265, bytes([40]) + bytes.fromhex('20010db800')))])),
    ('srv6 sid', update([nlri(6, head(2) + node_desc(256, ASN, ISIS1) + tlv(263, struct.pack('!H', 2)) +
                              tlv(518, bytes.fromhex('fc000000000100000000000000000000')) + tlv(600, b'\x01'))])),
    ('unknown nlri type', update([nlri(9, bytes.fromhex('0203040506'))])),
    ('two nlri', update([nlri(1, head(2) + node_desc(256, ASN, ISIS1)), nlri(1, head(2) + node_desc(256, LSID, ISIS2))])),
    ('vpn node', update([nlri(1, head(2) + node_desc(256, ASN, ISIS1), rd=bytes.fromhex('0000fde900000007'))],
                        safi=72, nh=bytes(8) + bytes([10, 0, 0, 1]))),
    ('withdraw node', update([nlri(1, head(2) + node_desc(256, ASN, ISIS1))], withdraw=True)),
    ('withdraw prefix v4', update([nlri(3, head(3) + node_desc(256, ASN, OSPF1) + tlv(265, bytes([24, 10, 2, 3])))],
                                  withdraw=True)),
    # SRv6 capabilities with no flag set: 5.0 reads the O flag from the wrong
    # bit (doc/compat.md), so the case with it set is a unit test of herald's.
    ('node srv6 capabilities', update([nlri(1, head(2) + node_desc(256, ASN, ISIS1))],
                                      tlv(1038, bytes(4)) + tlv(1035, bytes([0])))),
    ('link sr lan adjacency sids', update([LINK_ISIS],
                                          tlv(1100, bytes.fromhex('30050000') + SYSID2 + bytes.fromhex('003e84')) +
                                          tlv(1095, bytes([0, 0, 10])) +
                                          tlv(1100, bytes(4) + SYSID2 + struct.pack('!I', 21)) +
                                          tlv(1100, bytes.fromhex('20010000') + SYSID2 + bytes.fromhex('0102030405')))),
    ('link srv6 end.x sids', update([LINK_ISIS],
                                    tlv(1106, endx(57, 0x80, 0, 10, SID1, SIDSTRUCT)) + tlv(1095, bytes([0, 0, 10])) +
                                    tlv(1106, endx(9, 0x60, 128, 0, SID2, tlv(1999, b'\xab\xcd'), SIDSTRUCT)))),
    ('link isis srv6 lan end.x sids', update([LINK_ISIS],
                                             tlv(1107, endx(57, 0x40, 0, 1, SYSID2, SID1, SIDSTRUCT)) +
                                             tlv(1107, endx(59, 0x20, 1, 2, SYSID2, SID2, tlv(1999, b'\x01'))))),
    # (5.0 reads the OSPFv3 LAN End.X SID 4 bytes early: a unit test of herald's.)
    ('prefix v6 srv6 locator', update([nlri(4, head(2) + node_desc(256, ASN, ISIS1) + tlv(263, struct.pack('!H', 2)) +
                                            tlv(265, bytes([48]) + bytes.fromhex('fc0000000001')))],
                                      tlv(1162, bytes.fromhex('80800000') + struct.pack('!I', 10)) + tlv(1152, b'\x00'),
                                      nh=bytes.fromhex('20010db8000000000000000000000001'))),
    ('srv6 sid endpoint behavior and structure',
     update([nlri(6, head(2) + node_desc(256, ASN, ISIS1) + tlv(263, struct.pack('!H', 2)) + tlv(518, SID1))],
            tlv(1250, struct.pack('!HBB', 48, 0, 0)) + SIDSTRUCT)),
]


def oracle(hexmsg):
    out = subprocess.run([ORACLE, 'decode', hexmsg], capture_output=True, text=True, timeout=60).stdout.strip()
    line = out.splitlines()[-1] if out else ''
    at = line.find('"message": ')
    return line[at:] if at >= 0 else line


RECEIVER = '''process json {{
    run /usr/bin/python3 {recorder} {json_out};
    encoder json;
}}
process text {{
    run /usr/bin/python3 {recorder} {text_out};
    encoder text;
}}
neighbor 127.0.0.1 {{
    router-id {address};
    local-address {address};
    local-as 65001;
    peer-as 65001;
    connect {port};
    family {{ bgp-ls bgp-ls; bgp-ls bgp-ls-vpn; }}
    api {{ processes [ json text ]; receive {{ parsed; update; }} }}
}}
'''


def live(work, name, argv, address):
    """What a speaker's processes read when a raw peer on 127.0.0.1 sends it
    every case, one session."""
    peer = RawPeer('127.0.0.1')
    json_out, text_out = work.join(f'{name}.json'), work.join(f'{name}.text')
    for f in (json_out, text_out):
        open(f, 'w').close()
        os.chmod(f, 0o666)
    conf = work.file(f'{name}.conf', RECEIVER.format(recorder=work.join('recorder.py'), json_out=json_out,
                                                     text_out=text_out, address=address, port=peer.port))
    with open(work.join(f'{name}.log'), 'w') as log:
        proc = subprocess.Popen([*argv, conf], stdout=log, stderr=subprocess.STDOUT,
                                env=speaker_env(peer.port, ''), start_new_session=True)
    try:
        peer.accept(30)
        assert peer.read_until(1) is not None
        caps = [bytes([1, 4]) + struct.pack('!HBB', AFI_BGPLS, 0, safi) for safi in (71, 72)]
        caps.append(bytes([65, 4]) + struct.pack('!L', 65001))
        peer.send(open_message(65001, '10.0.0.2', caps=caps))
        peer.send(KEEPALIVE)
        for _, hexmsg in CASES:
            peer.send(bytes.fromhex(hexmsg))
            time.sleep(0.3)
        peer.send(KEEPALIVE)
        time.sleep(3)
    finally:
        peer.close()
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(proc.pid, signal.SIGKILL)
    return [l for l in open(text_out).read().splitlines() if ' update ' in l]


def main():
    with open(OUT, 'w') as f:
        f.write('# Captured by tools/capture_bgpls.py: UPDATEs built by hand and decoded by\n'
                '# `exabgp5 decode` (ExaBGP 5.0.13). Per case: "# name", the hex, the JSON from\n'
                '# "message" on.\n')
        for name, hexmsg in CASES:
            f.write(f'# {name}\n{hexmsg}\n{oracle(hexmsg)}\n')
    print(f'{OUT}: {len(CASES)} cases')
    work = Workdir('capture-bgpls')
    os.chmod(work.path, 0o755)
    work.file('recorder.py', RECORDER)
    try:
        lines = live(work, 'bgpls_text_exabgp50', [ORACLE, 'server'], '127.0.0.2')
        path = os.path.join(ROOT, 'src', 'api', 'testdata', 'bgpls_text_exabgp50.txt')
        with open(path, 'w') as f:
            f.write('# Captured by tools/capture_bgpls.py: ExaBGP 5.0.13 receiving the UPDATEs of\n'
                    '# bgpls_exabgp50.txt in order over iBGP from a raw peer: its text lines.\n')
            for line in lines:
                f.write(line + '\n')
        print(f'{path}: {len(lines)} lines')
    finally:
        if not os.environ.get('KEEP'):
            work.cleanup()


if __name__ == '__main__':
    main()

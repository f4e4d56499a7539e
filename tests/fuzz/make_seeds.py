#!/usr/bin/env python3
"""Writes seed inputs for the fuzz targets into a folder per target.

    tests/fuzz/make_seeds.py OUT_DIR

Sources: the captured messages in src/wire/testdata/*.hex and peers/*.hex, the FlowSpec
NLRIs and rules of src/wire/testdata/flowspec_exabgp.txt, the FlowSpec
UPDATEs of src/api/testdata/flow_updates.txt, the IPv6 extended community
and Prefix-SID UPDATEs of src/api/testdata/pfxsid_exabgp50.txt, the BGP-LS
UPDATEs of src/api/testdata/bgpls_exabgp50.txt, and
src/api/testdata/exabgp42_sent.hex, the API lines quoted in the unit and
end-to-end tests, the configurations in tests/fuzz/configs/ and ExaBGP's
examples (/usr/share/doc/exabgp/examples, when installed). tools/fuzz.sh
runs it before fuzzing; what is kept in git (tests/fuzz/corpus/) is the
minimized result of a run plus the findings.
"""
import glob
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')

# The session byte of fuzz_check.h: asn4, IPv4 and IPv6 unicast; the same
# without asn4; and with extended messages and route refresh.
SESSIONS = [0x21, 0x20, 0x2f]


def messages():
    """(name, bytes) of every captured whole message."""
    for path in sorted(glob.glob(os.path.join(ROOT, 'src/wire/testdata/*.hex'))):
        text = ''.join(l.strip() for l in open(path) if not l.startswith('#'))
        yield os.path.basename(path)[:-4], bytes.fromhex(text)
    sent = os.path.join(ROOT, 'src/api/testdata/exabgp42_sent.hex')
    for i, line in enumerate(open(sent)):
        parts = line.split()
        if line.startswith('#') or len(parts) != 3:
            continue
        yield 'exabgp42-%d-%s' % (i, parts[1]), bytes.fromhex(parts[2])


def split_stream(data):
    """The whole messages of a .hex file (some hold several)."""
    out = []
    while len(data) >= 19:
        n = int.from_bytes(data[16:18], 'big')
        if n < 19 or n > len(data):
            break
        out.append(data[:n])
        data = data[n:]
    return out


def capabilities(open_msg):
    """The capabilities of an OPEN as (code, length, value) bytes."""
    body = open_msg[19:]
    params, out = body[10:10 + body[9]], b''
    while len(params) >= 2:
        ptype, plen = params[0], params[1]
        value, params = params[2:2 + plen], params[2 + plen:]
        if ptype == 2:
            out += value
    return out


def api_lines():
    lines = set()
    for path in glob.glob(os.path.join(ROOT, 'src/api/*_test.cc')) + glob.glob(os.path.join(ROOT, 'tests/e2e/*.py')):
        for m in re.finditer(r'"((?:neighbor|announce|withdraw|teardown|shutdown|reload|restart|version|#)[^"\\]*)', open(path).read()):
            lines.add(m.group(1).strip())
    return sorted(l for l in lines if l)


def fsm_seeds(opens):
    """Event lists (fuzz_fsm.cc): config byte, connect, the peer's OPEN, ..."""
    seeds = {}
    for name, body in opens:
        if len(body) > 255:
            continue
        for cfg in (0x01 | 0x08 | 0x20 | 0x80, 0x03 | 0x0c):
            ev = bytes([cfg, 0, 1, len(body)]) + body
            seeds['fsm-%s-%02x-up' % (name, cfg)] = ev + bytes([2, 2, 8, 4, 5, 4, 0, 1, 1, 0, 9])
            seeds['fsm-%s-%02x-hold' % (name, cfg)] = ev + bytes([7])
            seeds['fsm-%s-%02x-notify' % (name, cfg)] = ev + bytes([2, 3, 2, 6, 2])
    seeds['fsm-stop'] = bytes([0x01, 0, 10, 0, 2])
    seeds['fsm-errors'] = bytes([0x01, 0, 6, 3, 1, 2, 4])
    return seeds


def main():
    out = sys.argv[1]
    targets = ['message', 'capability', 'update', 'render', 'command', 'config', 'fsm', 'flow', 'flowmatch',
               'labeled']
    for t in targets:
        os.makedirs(os.path.join(out, t), exist_ok=True)

    def write(target, name, data):
        with open(os.path.join(out, target, 'seed-' + re.sub(r'[^A-Za-z0-9_.-]', '_', name)), 'wb') as f:
            f.write(data)

    opens = []
    for name, data in messages():
        for k, msg in enumerate(split_stream(data)):
            mname = '%s-%d' % (name, k)
            session = SESSIONS[1] if 'asn2' in name else SESSIONS[0]
            if 'ibgp' in name or 'reflected' in name:
                session |= 0x10
            write('message', mname, bytes([session]) + msg)
            write('render', mname, bytes([session]) + msg)
            if msg[18] == 2:
                for s in (session, SESSIONS[2]):
                    write('update', '%s-%02x' % (mname, s), bytes([s]) + msg[19:])
            if msg[18] == 1:
                write('capability', mname, capabilities(msg))
                opens.append((mname, msg[19:]))
    for name, msg in pfxsid_updates():
        # iBGP, asn4: IPv6 extended communities and Prefix-SIDs.
        write('render', 'pfxsid-' + name, bytes([0x31]) + msg)
        write('update', 'pfxsid-' + name, bytes([0x31]) + msg[19:])
    for name, msg in bgpls_updates():
        # iBGP, asn4; fuzz_update.cc and fuzz_render.cc negotiate every
        # generic family, BGP-LS's included.
        write('render', 'bgpls-' + name, bytes([0x31]) + msg)
        write('update', 'bgpls-' + name, bytes([0x31]) + msg[19:])
    for name, msg in flow_updates():
        # iBGP, asn4 (the capture's session); fuzz_render.cc negotiates the
        # FlowSpec families; the last byte picks the 5.0 or 4.x format.
        write('render', 'flow-' + name, bytes([0x31]) + msg)
        write('render', 'flow-' + name + '-4x', bytes([0x31]) + msg + b'\x01')
        write('update', 'flow-' + name, bytes([0x31]) + msg[19:])
    for path in sorted(glob.glob(os.path.join(ROOT, 'src/wire/testdata/peers/*.hex'))):
        # BIRD's FlowSpec and FRR's VPN, labeled and RFC 8950 UPDATEs (eBGP,
        # asn4), for the renderer (which negotiates these families) and the
        # UPDATE decoder.
        name = 'peers-' + os.path.basename(path)[:-4]
        msg = bytes.fromhex(''.join(l.strip() for l in open(path) if not l.startswith('#')))
        write('render', name, bytes([0x21]) + msg)
        write('update', name, bytes([0x21]) + msg[19:])
    for name, ev in fsm_seeds(opens).items():
        write('fsm', name, ev)
    for i, line in enumerate(api_lines()):
        write('command', 'line-%d' % i, line.encode())
    configs = glob.glob(os.path.join(ROOT, 'tests/fuzz/configs/*.conf'))
    configs += glob.glob('/usr/share/doc/exabgp/examples/*.conf')
    for path in sorted(configs):
        data = open(path, 'rb').read()
        if len(data) <= 16384:
            write('config', os.path.basename(path), data)
    for name, body in LABELED_UPDATES + VPLS_UPDATES + EVPN_UPDATES + MVPN_MUP_UPDATES:
        body = bytes.fromhex(body)
        msg = b'\xff' * 16 + (19 + len(body)).to_bytes(2, 'big') + b'\x02' + body
        write('update', 'labeled-' + name, bytes([0x31]) + body)
        write('render', 'labeled-' + name, bytes([0x31]) + msg)
        write('render', 'labeled-' + name + '-4x', bytes([0x31]) + msg + b'\x01')
    for name, head, hexa in LABELED:
        write('labeled', name, bytes([head]) + bytes.fromhex(hexa))
    for kind, name, family, match, hexa in flow_golden():
        head = (1 if family.startswith('ipv6') else 0) | (2 if 'flow-vpn' in family else 0)
        write('flow', name, bytes([head]) + bytes.fromhex(hexa))
        if kind == 'match':
            write('flowmatch', name, match.encode())
            write('flowmatch', name + '-line', (match.replace(';', '') + ' discard').encode())


# (name, family byte, NLRIs) for the labeled target: src/wire/labeled_test.cc.
LABELED = [
    ('vpn4', 0x04, '700006410000fde8000000010a0000' '88000640000c8100010102030400c80a0000'),
    ('vpn4-withdraw', 0x04, '7080000000020001000000070a0000'),
    ('vpn6', 0x05, '780006410000fde80000000120010db8'),
    ('labeled4', 0x02, '300006410a0000' '2f0006410a00ff'),
    ('multicast4', 0x00, '180a0000' '00'),
    ('multicast6', 0x01, '2020010db8'),
]

# UPDATE bodies of those families (src/wire/labeled_test.cc).
LABELED_UPDATES = [
    ('vpn4', '0000002a40010100400200800e200001800c0000000000000000c000020100700006410000fde8000000010a0000'),
    ('vpn6', '0000003740010100400200800e2d00028018000000000000000020010db8000000000000000000000001007800064100'
             '00fde80000000120010db8'),
    ('labeled4', '0000001a40010100400200800e1000010404c000020100300006410a0000'),
    ('multicast4', '0000001740010100400200800e0d00010204c000020100180a0000'),
    ('vpn4-withdraw', '0000001c40010100400200800f120001807080000000020001000000070a0000'),
]


def pfxsid_updates():
    """(name, whole UPDATE) of src/api/testdata/pfxsid_exabgp50.txt."""
    path = os.path.join(ROOT, 'src/api/testdata/pfxsid_exabgp50.txt')
    for i, line in enumerate(open(path)):
        m = re.search(r'"header": "0x([0-9A-F]*)".*"body": "0x([0-9A-F]*)"', line)
        if m and len(m.group(2)) > 8:
            yield str(i), bytes.fromhex(m.group(1) + m.group(2))


# A BGP-LS UPDATE not in the capture (ExaBGP 5.0 misreads it, doc/compat.md):
# an OSPFv3 link with an SRv6 LAN End.X SID (TLV 1108) and its SID structure.
BGPLS_OSPF_LAN_ENDX = (
    'ffffffffffffffffffffffffffffffff00ab02000000944001010040020040050400000064800e5a400447040a00000100'
    '0002004d06000000000000000001000018020000040000fde90202000400000001020300040a0000010101001802000004'
    '0000fde90202000400000001020300040a000002010200080000000b0000000c801d26045400220039800003000a000002'
    'fc000000000100e0000000000000000004e4000420101000')


def bgpls_updates():
    """(name, whole UPDATE) of src/api/testdata/bgpls_exabgp50.txt, and
    BGPLS_OSPF_LAN_ENDX."""
    name = None
    for line in open(os.path.join(ROOT, 'src/api/testdata/bgpls_exabgp50.txt')):
        if line.startswith('# '):
            name = re.sub(r'[^a-z0-9]+', '-', line[2:].strip().lower())
        elif line.startswith('ffff') and name:
            yield name, bytes.fromhex(line.strip())
    yield 'link-ospfv3-srv6-lan-end-x-sid', bytes.fromhex(BGPLS_OSPF_LAN_ENDX)


# VPLS UPDATE bodies (src/wire/vpls_test.cc): conf-l2vpn.conf's route as
# ExaBGP 5.0 sends it, a withdrawal, two NLRI in one MP_REACH_NLRI.
VPLS_UPDATES = [
    ('vpls', '0000007e4001010040021e0207000078140000781400007814000078140000781400007814000078148004040000'
             '07d040050400000064c00804d53f007b800904c0a81601800a0803030303c0a8c901c010100002d53f00000006'
             '800a130005dc006f800e1c00194104c0a8c901000011'
             '0001c0a8c901007b000500010008029ce1'),
    ('vpls-withdraw', '00000019800f1600194100110001c0a8c901007b000500010008029ce1'),
    ('vpls-two', '0000003940010100400200800e2f001941040a000001000011' '0001c0a8c901007b000500010008029ce1'
                 '00110000fde900000007fffffffffffffffff1'),
]


# EVPN UPDATE bodies (src/wire/evpn_test.cc): route types 1 to 5 and an
# unknown one in one MP_REACH_NLRI, an IPv6 next hop, a withdrawal.
EVPN_NLRI = ('011900010a00000100050011223344556677889900000000000641'
             '02280000fde900000007000000000000000000000000000a30001122aabbcc20c0a80001003e81007d01'
             '03110000fde9000000070000000a200a000001'
             '041700010a000001000100112233445566778899200a000001'
             '05220000fde9000000070000000000000000000000000000180a0100000000000000bb81'
             '09050102030405')


def _evpn_reach(nh):
    mp = '001946' + '%02x' % (len(nh) // 2) + nh + '00' + EVPN_NLRI
    attrs = '40010100' '400200' '800e' + '%02x' % (len(mp) // 2) + mp
    return '0000' + '%04x' % (len(attrs) // 2) + attrs


EVPN_UPDATES = [
    ('evpn', _evpn_reach('0a000001')),
    ('evpn-v6', _evpn_reach('20010db8000000000000000000000001')),
    ('evpn-withdraw', '00000019800f16001946' '03110000fde9000000070000000a200a000001'),
]

# MVPN and MUP UPDATE bodies (src/wire/mvpn_test.cc, mup_test.cc): ExaBGP
# 5.0's for the routes of tools/capture_mvpnmup.py, and a withdrawal of each.
MVPN_MUP_UPDATES = [
    ('mvpn-sourcead4', '00000040400101004002004003040a00000240050400000064c010080002fde800000001800e1d000105040a00000200'
             '05120000fde800000001200a00000120ef010101'),
    ('mvpn-sharedjoin4', '00000039400101004002004003040a00000240050400000064800e21000105040a000002000616000101020304000500'
             '00fde9200a00000320ef010102'),
    ('mvpn-sourcejoin4', '00000039400101004002004003040a00000240050400000064800e21000105040a0000020007160002fa56ea000007fa'
             '56ea01200a00000420ef010103'),
    ('mup-isd4', '000000704001010040020040050400000064c010100002000a0000000a0c00000a0000000ac028250500220001001e00'
             '20010db800010001000000000000000000004800010006401810000000800e2400015510200100000000000000000000'
             '00000001000100010b0000006400000064100a01'),
    ('mup-dsd4', '000000714001010040020040050400000064c010100002000a0000000a0c00000a0000000ac028250500220001001e00'
             '20010db800020002000000000000000000004600010006401810000000800e2500015510200100000000000000000000'
             '00000001000100020c00000064000000640a000001'),
    ('mup-t1st4', '0000004c400101004002004003040a00000240050400000064c010080002000a0000000a800e29000155040a00000200'
             '0100031c000000640000006420c0a800010000303909200a000001200a000101'),
    ('mup-t2st4', '00000041400101004002004003040a00000240050400000064c010080002000a0000000a800e1e000155040a00000200'
             '010004110000006400000064400a00000100003039'),
    ('mup-t2st4-12bit', '0000003f400101004002004003040a00000240050400000064c010080002000a0000000a800e1c000155040a00000200'
             '0100040f00000064000000642c0a0000020005'),
    ('mvpn-sourcead6', '000000524001010040020040050400000064800e41000205102001000000000000000000000000000200052a0000fde8'
             '000000018020010db800000000000000000000000180ff0e0000000000000000000000000001'),
    ('mup-dsd6', '0000004d4001010040020040050400000064c010080c00000a0000000a800e3100025510200100000000000000000000'
             '000000010001000218000000640000006420010000000000000000000000000001'),
    ('mup-t1st6', '0000006a4001010040020040050400000064800e59000255102001000000000000000000000000000100010003400000'
             '0064000000648020010db800010001000000000000000100003039098020010000000000000000000000000001802001'
             '0000000000000000000000000002'),
    ('mup-t2st6-noteid', '000000434001010040020040050400000064800e32000255102001000000000000000000000000000100010004190000'
             '0064000000648020010000000000000000000000000002'),
    ('mvpn-withdraw', '0000001a800f1700010505120000fde800000001200a00000120ef010101'),
    ('mup-withdraw', '00000023800f200002550100041900000064000000648020010000000000000000000000000002'),
]


def flow_updates():
    """(name, whole UPDATE) of src/api/testdata/flow_updates.txt."""
    name = None
    for line in open(os.path.join(ROOT, 'src/api/testdata/flow_updates.txt')):
        if line.startswith('case '):
            name = line.split()[1]
        elif line.startswith('hex ') and name:
            yield name, bytes.fromhex(line.split()[1])


def flow_golden():
    """(kind, name, family, match, hex) of the FlowSpec golden file."""
    for line in open(os.path.join(ROOT, 'src/wire/testdata/flowspec_exabgp.txt')):
        f = line.rstrip('\n').split('\t')
        if not line.startswith('#') and len(f) == 7:
            yield f[:5]


if __name__ == '__main__':
    main()

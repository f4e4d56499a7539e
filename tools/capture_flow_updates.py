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

Output: src/api/testdata/flow_updates.txt, blocks separated by lines '%%':
    case NAME
    hex UPDATE-HEX                 (the whole message, header included)
    decode50 LINE                  (`exabgp5 decode UPDATE-HEX`)
    json50 LINE / text50 LINES     (what the 5.0 receiver's processes read)
    json42 LINE / text42 LINES     (the same for 4.2)
Times, pids and host names are kept as captured; the tests replace them.
src/api/render_flow_update_test.cc and src/daemon/tool_decode_test.cc compare
herald against this file.

Rerun: /usr/bin/python3 tools/capture_flow_updates.py   (needs the oracle and
Debian's exabgp; not in CI)
"""
import os
import signal
import socket
import struct
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, 'tests', 'e2e'))
from harness import KEEPALIVE, RawPeer, Workdir, free_port, open_message, message, wait_for  # noqa: E402

from oracles import DEBIAN, ORACLE, RECORDER, speaker_env  # noqa: E402

OUT = os.path.join(ROOT, 'src', 'api', 'testdata', 'flow_updates.txt')
SHOW_OUT = os.path.join(ROOT, 'src', 'api', 'testdata', 'flow_show_exabgp5.txt')


def attr(flags, code, value):
    if len(value) > 255:
        flags |= 0x10
    if flags & 0x10:
        return struct.pack('!BBH', flags, code, len(value)) + value
    return struct.pack('!BBB', flags, code, len(value)) + value


def update(attrs=b'', withdrawn=b'', nlri=b''):
    return message(2, struct.pack('!H', len(withdrawn)) + withdrawn + struct.pack('!H', len(attrs)) + attrs + nlri)


def ip(text):
    return socket.inet_pton(socket.AF_INET6 if ':' in text else socket.AF_INET, text)


def mp_reach(afi, safi, nhs, nlri):
    nh = b''.join(ip(n) for n in nhs)
    return attr(0x80, 14, struct.pack('!HBB', afi, safi, len(nh)) + nh + b'\x00' + nlri)


def mp_unreach(afi, safi, nlri):
    return attr(0x80, 15, struct.pack('!HB', afi, safi) + nlri)


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


ORIGIN = attr(0x40, 1, b'\x00')
AS_PATH = attr(0x40, 2, b'')
LOCAL_PREF = attr(0x40, 5, struct.pack('!L', 100))
BASE = ORIGIN + AS_PATH + LOCAL_PREF


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

RECEIVER = '''process json {{
    run /usr/bin/python3 {recorder} {json_out};
    encoder json;
}}
process text {{
    run /usr/bin/python3 {recorder} {text_out};
    encoder text;
}}
neighbor 127.0.0.1 {{
    router-id 10.0.0.2;
    local-address {address};
    local-as 65001;
    peer-as 65001;
    passive;
    listen {port};
    family {{ ipv4 unicast; ipv4 flow; ipv6 flow; ipv4 flow-vpn; ipv6 flow-vpn; }}
    api {{ processes [ json text ]; receive {{ parsed; update; }} }}
{flows}}}
'''

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

CLI_PROCESS = '''process cli {{
    run /usr/bin/python3 {cli} {trigger} {cli_out};
    encoder text;
}}
'''

# The process that asks the 5.0 receiver what its adj-RIBs hold, once the
# speaker has sent everything (the trigger file exists), and records the
# answers (sections "# COMMAND").
CLI = '''import os, select, sys, time
trigger, out = sys.argv[1], sys.argv[2]
while not os.path.exists(trigger):
    time.sleep(0.1)
with open(out, "a") as f:
    for command in ("show adj-rib in", "show adj-rib in extensive", "show adj-rib in json",
                    "show adj-rib out", "show adj-rib out extensive", "show adj-rib out json"):
        f.write("# " + command + "\\n")
        sys.stdout.write(command + "\\n")
        sys.stdout.flush()
        # ExaBGP writes the answer a line at a time, and its "done" may come
        # before the last lines, seconds apart: the answer ends with a "done" and 10 quiet seconds.
        deadline, done, last = time.time() + 60, False, time.time()
        while time.time() < deadline and not (done and time.time() - last > 10):
            if not select.select([sys.stdin], [], [], 0.2)[0]:
                continue
            line = sys.stdin.readline()
            if not line:
                break
            last = time.time()
            if line.strip() == "done":
                done = True
            else:
                f.write(line)
        f.flush()
    f.write("# end\\n")
while True:
    time.sleep(1)
'''

FAMILIES = [(1, 1), (1, 133), (2, 133), (1, 134), (2, 134)]


def speak(address, port, cases, trigger=None):
    caps = [bytes([1, 4]) + struct.pack('!HBB', afi, 0, safi) for afi, safi in FAMILIES]
    caps.append(bytes([65, 4]) + struct.pack('!L', 65001))
    peer = wait_for(lambda: try_connect(address, port), 30, what=f'{address}:{port} to listen')
    try:
        peer.send(open_message(65001, '10.0.0.1', caps=caps))
        peer.read_until(1)
        peer.send(KEEPALIVE)
        peer.read_until(4)
        for _name, data in cases:
            peer.send(data)
            peer.send(KEEPALIVE)
            time.sleep(0.3)
        time.sleep(2)
        if trigger:  # the session must stay up while the CLI asks
            open(trigger, 'w').close()
            deadline = time.monotonic() + 240
            while time.monotonic() < deadline and '# end' not in open(trigger[:-len('.sent')] + '.cli').read():
                peer.send(KEEPALIVE)
                time.sleep(0.5)
    finally:
        peer.close()


def try_connect(address, port):
    try:
        peer = RawPeer('127.0.0.1')
        peer.server.close()
        peer.server = None
        return peer.connect(address, port, source='127.0.0.1')
    except OSError:
        return None


def capture(work, name, argv, address, cases, show=False):
    """(json lines, text blocks) of the UPDATEs of `cases`, in order; with
    `show`, also the receiver's answers to the CLI commands."""
    port = free_port(address)
    json_out, text_out = work.join(f'{name}.json'), work.join(f'{name}.text')
    for f in (json_out, text_out):
        open(f, 'w').close()
        os.chmod(f, 0o666)
    trigger, cli_out = work.join(f'{name}.sent'), work.join(f'{name}.cli')
    open(cli_out, 'w').close()
    os.chmod(cli_out, 0o666)
    conf = RECEIVER.format(recorder=work.join('recorder.py'), json_out=json_out, text_out=text_out, address=address,
                           port=port, flows=FLOWS + '    api { processes [ cli ]; }\n' if show else '')
    if show:
        conf = CLI_PROCESS.format(cli=work.join('cli.py'), trigger=trigger, cli_out=cli_out) + conf
    conf = work.file(f'{name}.conf', conf)
    with open(work.join(f'{name}.log'), 'w') as log:
        proc = subprocess.Popen([*argv, conf], stdout=log, stderr=subprocess.STDOUT,
                                env=speaker_env(port, address), start_new_session=True)
    try:
        speak(address, port, cases, trigger if show else None)
        wait_for(lambda: open(text_out).read().count(' update end') >= len(cases), 30,
                 what=f'{name} to report every UPDATE')
        if show:
            wait_for(lambda: '# end' in open(cli_out).read(), 240, what=f'{name} to answer the CLI')
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(proc.pid, signal.SIGKILL)
    json_lines = [l for l in open(json_out).read().splitlines() if '"type": "update"' in l]
    blocks, current = [], []
    for line in open(text_out).read().splitlines():
        if ' update start' in line:
            current = []
        elif ' update end' in line:
            blocks.append(current)
        elif line and ' update ' in line:
            current.append(line)
    return json_lines, blocks, open(cli_out).read()


def decode50(hexa):
    r = subprocess.run([ORACLE, 'decode', hexa], capture_output=True, text=True, timeout=60)
    lines = [l for l in r.stdout.splitlines() if l.strip()]
    return lines[-1] if lines else '-'


def main():
    work = Workdir('capture-flow-updates')
    os.chmod(work.path, 0o755)  # the speakers may run their process as another user
    work.file('recorder.py', RECORDER)
    work.file('cli.py', CLI)
    try:
        j50, t50, cli = capture(work, 'exabgp50', [ORACLE, 'server'], '127.0.0.2', CASES, show=True)
        cases42 = [c for c in CASES if c[0] not in NOT_42]
        j42, t42, _ = capture(work, 'exabgp42', [DEBIAN], '127.0.0.3', cases42)
        assert len(j50) == len(t50) == len(CASES), (len(j50), len(t50))
        assert len(j42) == len(t42) == len(cases42), (len(j42), len(t42))
        j42, t42 = iter(j42), iter(t42)
        with open(OUT, 'w') as f:
            f.write('# FlowSpec UPDATEs (made by tools/capture_flow_updates.py, which says how) as ExaBGP 5.0.13\n'
                    '# and Debian\'s 4.2.21 report them to JSON and text processes, and as `exabgp5 decode` prints\n'
                    '# them. Blocks separated by "%%"; lines starting with "# " are comments.\n')
            for i, (name, data) in enumerate(CASES):
                f.write('%%\n')
                f.write(f'case {name}\n')
                f.write(f'hex {data.hex().upper()}\n')
                f.write(f'decode50 {decode50(data.hex())}\n')
                f.write(f'json50 {j50[i]}\n')
                for line in t50[i]:
                    f.write(f'text50 {line}\n')
                if name in NOT_42:
                    continue
                f.write(f'json42 {next(j42)}\n')
                for line in next(t42):
                    f.write(f'text42 {line}\n')
        print(f'{OUT}: {len(CASES)} cases')
        with open(SHOW_OUT, 'w') as f:
            f.write('# What ExaBGP 5.0.13 (`exabgp5 server`) answers a process for `show adj-rib in` after\n'
                    '# receiving the UPDATEs of src/api/testdata/flow_updates.txt, and for `show adj-rib out`\n'
                    '# with these routes configured for the neighbor (127.0.0.1, AS 65001):\n')
            for line in FLOWS.splitlines():
                f.write('# ' + line + '\n')
            f.write('# Made by tools/capture_flow_updates.py; rerun it to refresh. Sections start "# COMMAND".\n')
            f.write(cli)
        print(f'{SHOW_OUT}: written')
    finally:
        if not os.environ.get('KEEP'):
            work.cleanup()


if __name__ == '__main__':
    main()

#!/usr/bin/env python3
"""Captures which text API lines ExaBGP 5.0 takes for FlowSpec routes, and
what it sends for each, as src/api/testdata/flow_api_exabgp.txt, which
herald's API command parser (src/api/command_flow_test.cc) is tested against.

ExaBGP 5.0 (`../shared/oracle/exabgp5 server`, or $EXABGP5) runs a neighbor
with every flow family whose process writes the CASES lines, one every
0.3 s, then `announce route 192.0.2.255/32 next-hop 10.0.0.1` as an end
marker; a BGP sink (tools/capture_flow.py's) records every UPDATE. Each
case's rule matches `destination 10.0.N.0/24` (N its index), which tells its
NLRI apart; a case whose NLRI never arrives was refused.

Output lines (tab separated):
  NAME  LINE  ACTION  FAMILY  NLRI-HEX  NEXT-HOP  COMMUNITIES(8)  EXTENDED(16)  LARGE(32)
ACTION is announce or withdraw (MP_REACH or MP_UNREACH), FAMILY "ipv4 flow"
etc.; NLRI-HEX as sent (RD included for flow-vpn); "-" for what is absent;
a refused line is `NAME LINE refused`.

Rerun: /usr/bin/python3 tools/capture_flow_api.py   (needs the oracle; not in CI)
"""
import os
import re
import struct
import subprocess
import sys
import tempfile
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from capture_flow import Sink  # noqa: E402
from oracles import ORACLE, speaker_env  # noqa: E402

OUT = os.path.join(ROOT, 'src', 'api', 'testdata', 'flow_api_exabgp.txt')

# (name, line with {d} for the case's destination 10.0.N.0/24).
CASES = [
    ('route-discard', 'announce flow route destination {d} source 10.1.0.0/16 protocol tcp discard'),
    ('route-ports', 'announce flow route destination {d} destination-port [ =80 =443 ] rate-limit 9600'),
    ('route-redirect-ip', 'announce flow route destination {d} redirect 1.2.3.4'),
    ('route-redirect-asn', 'announce flow route destination {d} redirect 65000:12 community [ 1:2 ]'),
    ('route-mark-action', 'announce flow route destination {d} mark 10 action sample-terminal'),
    ('route-copy', 'announce flow route destination {d} copy 1.2.3.5 large-community 1:2:3'),
    ('route-accept', 'announce flow route destination {d} accept'),
    ('route-no-then', 'announce flow route destination {d} packet-length >200&<300'),
    ('route-rd', 'announce flow route rd 65000:7 destination {d} discard'),
    ('route-next-hop', 'announce flow route next-hop 1.2.3.6 destination {d} redirect-to-nexthop'),
    ('route-braces', 'announce flow route {{ match {{ destination {d}; }} then {{ discard; }} }}'),
    ('ipv4-flow', 'announce ipv4 flow destination {d} discard'),
    ('ipv4-flow-route', 'announce ipv4 flow route destination {d} discard'),
    ('ipv4-flow-vpn', 'announce ipv4 flow-vpn destination {d} discard'),
    ('ipv4-flow-vpn-rd', 'announce ipv4 flow-vpn rd 65000:8 destination {d} discard'),
    ('neighbor-prefix', 'neighbor 127.0.0.2 announce flow route destination {d} discard'),
    ('announce-then-withdraw', 'announce flow route destination {d} source 10.9.0.0/16 discard'),
    # the rule of announce-then-withdraw (its destination written out)
    ('withdraw', 'withdraw flow route destination 10.0.16.0/24 source 10.9.0.0/16 discard'),
    ('announce-2', 'announce flow route destination {d} source 10.9.0.0/16 discard'),
    ('withdraw-no-then', 'withdraw flow route destination 10.0.18.0/24 source 10.9.0.0/16'),
]

MARKER = 'announce route 192.0.2.255/32 next-hop 10.0.0.1'


class ApiSink(Sink):
    """Records reach and unreach NLRIs with their attributes; done at the
    marker route."""

    def __init__(self, port):
        self.records = []  # (action, afi, safi, nlri, nexthop, others)
        super().__init__(port)

    def update(self, body):
        wlen = struct.unpack('!H', body[:2])[0]
        alen = struct.unpack('!H', body[2 + wlen:4 + wlen])[0]
        attrs = body[4 + wlen:4 + wlen + alen]
        nlri = body[4 + wlen + alen:]
        if nlri == bytes([32, 192, 0, 2, 255]):
            self.done.set()
            return
        others, at = {}, 0
        found = []
        while at < len(attrs):
            flags, code = attrs[at], attrs[at + 1]
            if flags & 0x10:
                length, at = struct.unpack('!H', attrs[at + 2:at + 4])[0], at + 4
            else:
                length, at = attrs[at + 2], at + 3
            value, at = attrs[at:at + length], at + length
            if code == 14:
                afi, safi, nhlen = struct.unpack('!HBB', value[:4])
                found.append(('announce', afi, safi, value[4:4 + nhlen], value[5 + nhlen:]))
            elif code == 15:
                afi, safi = struct.unpack('!HB', value[:3])
                found.append(('withdraw', afi, safi, b'', value[3:]))
            elif code in (8, 16, 32):
                others[code] = value
        for action, afi, safi, nexthop, rest in found:
            while rest:
                size, head = rest[0], 1
                if size & 0xF0 == 0xF0:
                    size, head = ((size & 0x0F) << 8) | rest[1], 2
                self.records.append((action, afi, safi, rest[:head + size], nexthop, others))
                rest = rest[head + size:]


def main():
    work = tempfile.mkdtemp(prefix='capture-flow-api-')
    os.chmod(work, 0o755)  # the speaker runs its process as another user
    port = 18900 + os.getpid() % 1000
    lines = [line.format(d=f'10.0.{i}.0/24') for i, (_name, line) in enumerate(CASES)]
    script = os.path.join(work, 'api.py')
    with open(script, 'w') as f:
        f.write('import sys, time\ntime.sleep(3)\n')
        for line in lines + [MARKER]:
            f.write(f'sys.stdout.write({line!r} + "\\n"); sys.stdout.flush(); time.sleep(0.3)\n')
        f.write('time.sleep(30)\n')
    os.chmod(script, 0o755)
    conf = os.path.join(work, 'api.conf')
    with open(conf, 'w') as f:
        f.write(f'process api {{ run {sys.executable} {script}; encoder text; }}\n'
                'neighbor 127.0.0.2 {\n  router-id 10.0.0.1;\n  local-address 127.0.0.1;\n'
                f'  local-as 65001;\n  peer-as 65001;\n  hold-time 90;\n  connect {port};\n'
                '  family { ipv4 unicast; ipv4 flow; ipv4 flow-vpn; ipv6 flow; ipv6 flow-vpn; }\n'
                '  api { processes [ api ]; }\n}\n')
    sink = ApiSink(port)
    log = open(os.path.join(work, 'oracle.log'), 'w')
    oracle = subprocess.Popen([ORACLE, 'server', conf], env=speaker_env(port=port), stdout=log,
                              stderr=subprocess.STDOUT)
    try:
        sink.done.wait(60)
    finally:
        oracle.terminate()
        try:
            oracle.wait(10)
        except subprocess.TimeoutExpired:
            oracle.kill()
            oracle.wait()
        sink.server.close()
    families = {(1, 133): 'ipv4 flow', (1, 134): 'ipv4 flow-vpn', (2, 133): 'ipv6 flow', (2, 134): 'ipv6 flow-vpn'}
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as f:
        f.write('# Which FlowSpec text API lines ExaBGP 5.0.13 takes, and what it sends for each\n'
                '# (`exabgp5 server` with a process writing the lines, to a sink). Made by\n'
                '# tools/capture_flow_api.py; rerun it to refresh. Values in hex, "-" if absent.\n'
                '# name\tline\taction\tfamily\tnlri\tnext-hop\tcommunities(8)\textended(16)\tlarge(32)\n')
        for i, (name, _line) in enumerate(CASES):
            third = int(re.search(r'destination 10\.0\.(\d+)\.0/24', lines[i]).group(1))
            marker = bytes([1, 24, 10, 0, third])
            want = 'withdraw' if lines[i].split()[0] == 'withdraw' or ' withdraw ' in lines[i] else 'announce'
            hits = [r for r in sink.records if marker in r[3] and r[0] == want]
            if not hits:
                f.write(f'{name}\t{lines[i]}\trefused\n')
                print(f'{name}: refused')
                continue
            action, afi, safi, nlri, nexthop, others = hits[-1]
            cols = [action, families.get((afi, safi), f'{afi}/{safi}'), nlri.hex(), nexthop.hex() or '-']
            cols += [others[c].hex() if action == 'announce' and c in others else '-' for c in (8, 16, 32)]
            f.write('\t'.join([name, lines[i]] + cols) + '\n')
            print(f'{name}: ' + ' '.join(cols))
    print(f'log: {work}/oracle.log')


if __name__ == '__main__':
    main()

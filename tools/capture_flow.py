#!/usr/bin/env python3
"""Captures how ExaBGP encodes and prints FlowSpec NLRIs, as the golden file
src/wire/testdata/flowspec_exabgp.txt that herald's FlowSpec codec
(src/wire/flowspec_test.cc), match grammar (src/grammar/flow_parser_test.cc)
and renderer (src/api/render_flow_test.cc) are tested against.

Two sources of NLRIs:
  - `match` cases: ExaBGP 5.0 (`../shared/oracle/exabgp5 server`, or
    $EXABGP5) runs a configuration with one `flow-vpn` route per case (the
    route distinguisher 65000:N tells the cases apart; the components are
    encoded as in SAFI 133) and sends them to a small BGP sink written here
    from RFC 4271 / RFC 4760, which records the NLRIs of each MP_REACH_NLRI;
  - `hex` cases: NLRIs written by hand, byte by byte, for what no
    configuration makes (every operator, odd lengths, 2-byte NLRI lengths).
Every NLRI is then printed by both oracles: `exabgp5 decode -n -f FAMILY HEX`
(5.0's JSON object, whose "string" is its text form) and Debian's
`exabgp --decode UPDATE CONF` (4.2, the same object inside an update).

Output lines (tab separated):
  match  NAME  FAMILY  MATCH-TEXT  NLRI-HEX  JSON-5.0  JSON-4.2
  hex    NAME  FAMILY  -           NLRI-HEX  JSON-5.0  JSON-4.2
where FAMILY is "ipv4 flow", "ipv6 flow" (or "... flow-vpn" for a few hex
cases), MATCH-TEXT is the body of the
configuration's `match { }` (statements separated by ';'), and NLRI-HEX is
the NLRI as SAFI 133 encodes it (the RD of flow-vpn removed, the length
field fixed to match). A JSON is "-" where that oracle refused the NLRI.

It also records what ExaBGP 5.0 sends for each `then` action (THENS): the
attributes and next hop of a route with it, as
src/grammar/testdata/flow_then_exabgp.txt, which the action encodings
(src/grammar/flow_then_test.cc) are tested against.

Rerun: /usr/bin/python3 tools/capture_flow.py [--then]   (needs the oracle
and Debian's exabgp; not in CI; --then: only the actions)
"""
import json
import os
import re
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from oracles import DEBIAN, ORACLE, speaker_env  # noqa: E402

OUT = os.path.join(ROOT, 'src', 'wire', 'testdata', 'flowspec_exabgp.txt')
THEN_OUT = os.path.join(ROOT, 'src', 'grammar', 'testdata', 'flow_then_exabgp.txt')

# (name, family, match body). Each becomes a flow-vpn route of its own.
MATCHES = [
    ('source', 'ipv4', 'source 10.0.0.0/24'),
    ('destination', 'ipv4', 'destination 192.168.0.1/32'),
    ('both-prefixes', 'ipv4', 'source 10.0.0.1/32; destination 10.0.0.2/32'),
    ('prefix-zero', 'ipv4', 'destination 0.0.0.0/0'),
    ('prefix-odd', 'ipv4', 'source 10.1.128.0/17'),
    ('conf-flow-first', 'ipv4', 'source 10.0.0.1/32; destination 10.0.0.2/32; destination-port =3128; protocol tcp'),
    ('conf-flow-redirect', 'ipv4', 'source 10.0.0.9/32; destination 192.168.0.1/32; port [ =80 =8080 ]; '
     'destination-port [ >8080&<8088 =3128 ]; source-port >1024; protocol [ udp tcp ]'),
    ('neq', 'ipv4', 'source 10.0.0.10/32; destination 192.168.0.1/32; port [ !=0 ]; destination-port [ !=443 ]; '
     'source-port [ !=80 !=8080 ]; protocol [ !=tcp ]'),
    ('tcp-flags-conf', 'ipv4', 'destination-port =3128; protocol tcp; tcp-flags [SYN RST&FIN&!=push]'),
    ('tcp-flags-plus', 'ipv4', 'tcp-flags [ syn+ack =fin !rst !=urg ]'),
    ('tcp-flags-names', 'ipv4', 'tcp-flags [ ece cwr ns urgent push ]'),
    ('tcp-flags-hex', 'ipv4', 'tcp-flags 0x12'),
    ('packet-length', 'ipv4', 'packet-length [ >200&<300 >400&<500 ]'),
    ('packet-length-wide', 'ipv4', 'packet-length [ >=1000 <=65535 ]'),
    ('fragment-all', 'ipv4', 'fragment [ dont-fragment is-fragment first-fragment last-fragment ]'),
    ('fragment-ops', 'ipv4', 'fragment [ !is-fragment =first-fragment&!=last-fragment ]'),
    ('dscp', 'ipv4', 'dscp 46'),
    ('dscp-list', 'ipv4', 'dscp [ =10 >=40&<=48 ]'),
    ('icmp', 'ipv4', 'protocol icmp; icmp-type [ echo-request echo-reply ]; icmp-code [ 0 host-unreachable ]'),
    ('icmp-numbers', 'ipv4', 'icmp-type 3; icmp-code 13'),
    ('protocol-names', 'ipv4', 'protocol [ gre esp ah ospf sctp 99 ]'),
    ('ports-named', 'ipv4', 'destination-port [ =http =https ]; source-port =ssh'),
    ('ports-range', 'ipv4', 'port >1024&<2048'),
    ('ports-ge-le', 'ipv4', 'destination-port >=1024&<=65535'),
    ('ipv6-source', 'ipv6', 'source 2001:db8::/32'),
    ('ipv6-offset', 'ipv6', 'source ::1/128/120'),
    ('ipv6-conf-flow', 'ipv6', 'source ::1/128/120; destination 2a02:b80:15::7aca:39ff:feae:a87a/128/0; '
     'next-header udp; traffic-class 101; flow-label 2013'),
    ('ipv6-ports', 'ipv6', 'destination 2001:db8:1::/48; next-header tcp; destination-port [ =80 =443 ]'),
    ('ipv6-flow-label', 'ipv6', 'destination ::/0; flow-label [ >100&<2000 =1048575 ]'),
    ('ipv6-icmp', 'ipv6', 'destination 2001:db8::1/128; next-header 58; icmp-type 128'),
]

# (name, family, hex): NLRIs no configuration makes.
HEX = [
    # destination 10.0.0.0/8, protocol with a 2-byte value (len 1) =6
    ('value-two-bytes', 'ipv4', '0701080a039100' '06'),
    # every numeric operator on port: =1, >2, >=3, <4, <=5, !=6, true 7, false 8 (or-ed)
    ('numeric-ops', 'ipv4', '1104' '0101' '0202' '0303' '0404' '0505' '0606' '0707' '8008'),
    # and-ed numeric operators, including &true and &false
    ('numeric-and', 'ipv4', '0904' '0101' '4702' '4003' 'c104'),
    # a 4-byte and an 8-byte value on packet-length
    ('value-wide', 'ipv4', '0f0a' '2000010000' 'b00000000000000002'),
    # bitmask operators on tcp-flags, every combination, 2-byte flag value
    ('bitmask-ops', 'ipv4', '0c09' '0002' '0101' '0204' '4308' '9101' '00'),
    # tcp-flags 0 and bits without a name
    ('bitmask-unnamed', 'ipv4', '0609' '0000' '9102' '01'),
    # fragment =0 and !is-fragment (4.2 names 0 "not-a-fragment")
    ('fragment-zero', 'ipv4', '05' '0c' '0100' '8202'),
    # fragment with a reserved bit
    ('fragment-reserved', 'ipv4', '030c' '8118'),
    # unknown protocol and icmp numbers
    ('unnamed-values', 'ipv4', '0803' '81fe' '07' '01ff' '8101'),
    # the first pair carries an and-bit (RFC 8955: ignored on receipt)
    ('first-and', 'ipv4', '0305' 'c150'),
    # an NLRI of 240 bytes and more takes a 2-byte length (0xF0F1)
    ('long-length', 'ipv4', 'f0f1' '04' + '0150' * 119 + '8150'),
    # IPv6 destination with offset: pattern of bits 64..127 (RFC 8956)
    ('ipv6-offset-pattern', 'ipv6', '0e' '01' '8040' '0000000000000001' '0381' '11'),
    # IPv6 prefix of odd length
    ('ipv6-odd', 'ipv6', '0802' '2100' '20010db880'),
    # flow-vpn: route distinguishers of type 0, 1, 2 and 3
    ('vpn-rd0', 'ipv4 flow-vpn', '0e' '0000ffff00010000' '02200a000003'),
    ('vpn-rd1', 'ipv4 flow-vpn', '0e' '00010102030400ff' '02200a000003'),
    ('vpn-rd2', 'ipv6 flow-vpn', '0e' '000200010000ffff' '0381060581bb'),
    ('vpn-rd3', 'ipv4 flow-vpn', '0b' '0003000000000001' '038111'),
]


# (name, then body): what each action sends.
THENS = [
    ('accept', 'accept'),
    ('discard', 'discard'),
    ('rate-limit-0', 'rate-limit 0'),
    ('rate-limit-9600', 'rate-limit 9600'),
    ('rate-limit-1m', 'rate-limit 1000000'),
    ('rate-limit-odd', 'rate-limit 123457'),
    ('rate-limit-max', 'rate-limit 1000000000000'),
    ('redirect-asn2', 'redirect 65500:12345'),
    ('redirect-asn2-big', 'redirect 258:33756718'),
    ('redirect-asn4', 'redirect 4200000000:100'),
    ('redirect-ip', 'redirect 1.2.3.4'),
    ('redirect-to-nexthop', 'redirect-to-nexthop'),
    ('redirect-to-nexthop-ietf', 'redirect-to-nexthop-ietf 1.2.3.4'),
    ('copy', 'copy 1.2.3.4'),
    ('mark', 'mark 10'),
    ('mark-46', 'mark 46'),
    ('action-sample', 'action sample'),
    ('action-terminal', 'action terminal'),
    ('action-sample-terminal', 'action sample-terminal'),
    ('community', 'community [ 30740:0 30740:30740 ]'),
    ('extended-community', 'extended-community target:65000:1'),
    ('large-community', 'large-community 1:2:3'),
    ('several', 'discard; mark 46; action terminal; community [ 65000:2 65000:1 ]'),
    ('rate-and-redirect', 'rate-limit 9600; redirect 65500:12345'),
]


def message(mtype, body):
    return b'\xff' * 16 + struct.pack('!HB', 19 + len(body), mtype) + body


class Sink:
    """Accepts one session, answers the OPEN with the speaker's own
    capabilities, and records the NLRIs of every MP_REACH_NLRI (as
    (afi, safi, nlri bytes)) until an End-of-RIB for each family arrives."""

    def __init__(self, port):
        self.port = port
        self.nlris = []
        self.attributes = []  # per NLRI: (MP_REACH next hop bytes, {code: value} of 8, 16, 25, 32)
        self.eors = set()
        self.families = set()
        self.done = threading.Event()
        self.server = socket.socket()
        self.server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.server.bind(('127.0.0.2', port))
        self.server.listen(1)
        self.server.settimeout(30)
        threading.Thread(target=self.serve, daemon=True).start()

    def read(self, conn):
        def exactly(n):
            data = b''
            while len(data) < n:
                chunk = conn.recv(n - len(data))
                if not chunk:
                    raise EOFError
                data += chunk
            return data
        head = exactly(19)
        length, mtype = struct.unpack('!HB', head[16:19])
        return mtype, exactly(length - 19)

    def serve(self):
        try:
            conn, _ = self.server.accept()
        except OSError:
            return
        with conn:
            try:
                mtype, body = self.read(conn)
                params = body[10:10 + body[9]]
                caps, at = [], 0
                while at + 2 <= len(params):
                    if params[at] == 2:
                        p = params[at + 2:at + 2 + params[at + 1]]
                        i = 0
                        while i + 2 <= len(p):
                            caps.append(p[i:i + 2 + p[i + 1]])
                            if p[i] == 1:
                                self.families.add(struct.unpack('!HxB', p[i + 2:i + 6]))
                            i += 2 + p[i + 1]
                    at += 2 + params[at + 1]
                mine = b''.join(bytes([2, len(c)]) + c for c in caps)
                conn.sendall(message(1, struct.pack('!BHH', 4, 65001, 90) + socket.inet_aton('10.0.0.2')
                                     + bytes([len(mine)]) + mine) + message(4, b''))
                while not self.done.is_set():
                    mtype, body = self.read(conn)
                    if mtype == 4:
                        conn.sendall(message(4, b''))
                    elif mtype == 2:
                        self.update(body)
                        if self.families and self.eors >= self.families:
                            self.done.set()
            except (EOFError, OSError) as e:
                print(f'sink: session ended: {e!r}', file=sys.stderr)
        self.done.set()

    def update(self, body):
        wlen = struct.unpack('!H', body[:2])[0]
        alen = struct.unpack('!H', body[2 + wlen:4 + wlen])[0]
        attrs = body[4 + wlen:4 + wlen + alen]
        reach, others = None, {}
        at = 0
        while at < len(attrs):
            flags, code = attrs[at], attrs[at + 1]
            if flags & 0x10:
                length, at = struct.unpack('!H', attrs[at + 2:at + 4])[0], at + 4
            else:
                length, at = attrs[at + 2], at + 3
            value, at = attrs[at:at + length], at + length
            if code == 14:
                afi, safi, nhlen = struct.unpack('!HBB', value[:4])
                reach = (afi, safi, value[4:4 + nhlen], value[5 + nhlen:])
            elif code in (8, 16, 25, 32):
                others[code] = value
            elif code == 15 and len(value) == 3:
                self.eors.add(struct.unpack('!HB', value))
        if alen == 0 and wlen == 0:
            self.eors.add((1, 1))
        if reach:
            afi, safi, nexthop, rest = reach
            while rest:
                size = rest[0]
                head = 1
                if size & 0xF0 == 0xF0:
                    size, head = ((size & 0x0F) << 8) | rest[1], 2
                self.nlris.append((afi, safi, rest[:head + size]))
                self.attributes.append((nexthop, others))
                rest = rest[head + size:]


def encode_length(size):
    return bytes([size]) if size < 240 else struct.pack('!H', 0xF000 | size)


def strip_rd(nlri):
    """A flow-vpn NLRI without its RD, as SAFI 133 carries it; and the RD's number."""
    size, head = nlri[0], 1
    if size & 0xF0 == 0xF0:
        size, head = ((size & 0x0F) << 8) | nlri[1], 2
    body = nlri[head:head + size]
    return encode_length(len(body) - 8) + body[8:], struct.unpack('!I', body[4:8])[0]


def run_oracle(work, routes, port):
    """The sink after ExaBGP 5.0 sent it `routes` (flow-vpn route statements)."""
    conf = os.path.join(work, 'flow.conf')
    with open(conf, 'w') as f:
        f.write('neighbor 127.0.0.2 {\n  router-id 10.0.0.1;\n  local-address 127.0.0.1;\n'
                '  local-as 65001;\n  peer-as 65001;\n  hold-time 90;\n  connect ' + str(port) + ';\n'
                '  family { ipv4 flow-vpn; ipv6 flow-vpn; }\n  flow {\n' + '\n'.join(routes) + '\n  }\n}\n')
    sink = Sink(port)
    log = open(os.path.join(work, 'oracle.log'), 'w')
    oracle = subprocess.Popen([ORACLE, 'server', conf], env=speaker_env(port=port), stdout=log,
                              stderr=subprocess.STDOUT)
    try:
        sink.done.wait(40)
    finally:
        oracle.terminate()
        try:
            oracle.wait(10)
        except subprocess.TimeoutExpired:
            oracle.kill()
            oracle.wait()
        sink.server.close()
    return sink


def capture_matches(work):
    routes = []
    for i, (name, _family, match) in enumerate(MATCHES):
        routes.append(f'    route r{i} {{ rd 65000:{i}; match {{ {match}; }} then {{ discard; }} }}')
    sink = run_oracle(work, routes, 17900 + os.getpid() % 1000)
    found = {}
    for afi, safi, nlri in sink.nlris:
        plain, number = strip_rd(nlri)
        found[number] = plain
    out = []
    for i, (name, family, match) in enumerate(MATCHES):
        if i not in found:
            print(f'{name}: ExaBGP 5.0 sent nothing (see {work}/oracle.log)')
            continue
        out.append(('match', name, f'{family} flow', match, found[i].hex()))
    return out


def decode50(family, hexa):
    r = subprocess.run([ORACLE, 'decode', '-n', '-f', family, hexa], capture_output=True, text=True, timeout=60)
    lines = [line for line in r.stdout.splitlines() if line.startswith('{')]
    return lines[-1] if lines else '-'


DEBIAN_CONF = '''neighbor 127.0.0.1 {
  router-id 1.2.3.4; local-address 127.0.0.1; local-as 1; peer-as 1;
  family { ipv4 flow; ipv6 flow; ipv4 flow-vpn; ipv6 flow-vpn; }
}
'''


def decode42(work, family, hexa):
    nlri = bytes.fromhex(hexa)
    afi = 1 if family.startswith('ipv4') else 2
    value = struct.pack('!HBBB', afi, 134 if 'vpn' in family else 133, 0, 0) + nlri
    attr = struct.pack('!BBH', 0x90, 14, len(value)) + value
    update = message(2, struct.pack('!HH', 0, len(attr)) + attr)
    conf = os.path.join(work, 'debian.conf')
    with open(conf, 'w') as f:
        f.write(DEBIAN_CONF)
    r = subprocess.run([DEBIAN, '--decode', update.hex(), conf], capture_output=True, text=True, timeout=60,
                       env=speaker_env())
    # The object exactly as 4.2 prints it (it may not be valid JSON).
    m = re.search(r'update json .*"no-nexthop": \[ (\{.*\}) \] \} \} \} \} \} \}\s*$', r.stdout + r.stderr, re.M)
    return m.group(1) if m else '-'


def capture_thens(work):
    """What ExaBGP 5.0 sends for each THENS case: the attributes and the
    next hop of a flow-vpn route `match { destination 10.0.0.1/32; }`."""
    routes = [f'    route t{i} {{ rd 65001:{i}; match {{ destination 10.0.0.1/32; }} then {{ {then}; }} }}'
              for i, (_name, then) in enumerate(THENS)]
    sink = run_oracle(work, routes, 18900 + os.getpid() % 1000)
    found = {}
    for (afi, safi, nlri), attributes in zip(sink.nlris, sink.attributes):
        found[strip_rd(nlri)[1]] = attributes
    with open(THEN_OUT, 'w') as f:
        f.write('# What ExaBGP 5.0.13 sends for FlowSpec `then` actions: a flow-vpn route\n'
                '# `match { destination 10.0.0.1/32; }` with each, sent by `exabgp5 server` to a sink.\n'
                '# Made by tools/capture_flow.py; rerun it to refresh. Attribute values in hex, "-" if absent;\n'
                '# the next hop is MP_REACH_NLRI\'s.\n'
                '# name\tthen\tnext-hop\tcommunities(8)\textended-communities(16)\tipv6-extended(25)\tlarge(32)\n')
        for i, (name, then) in enumerate(THENS):
            if i not in found:
                print(f'{name}: ExaBGP 5.0 sent nothing (see {work}/oracle.log)')
                continue
            nexthop, others = found[i]
            cols = [nexthop.hex() or '-'] + [others[c].hex() if c in others else '-' for c in (8, 16, 25, 32)]
            f.write('\t'.join([name, then] + cols) + '\n')
            print(f'{name}: ' + ' '.join(cols))


def main():
    work = tempfile.mkdtemp(prefix='capture-flow-')
    capture_thens(work)
    if sys.argv[1:] == ['--then']:
        return
    rows = capture_matches(work)
    rows += [('hex', name, family if ' ' in family else f'{family} flow', '-', hexa) for name, family, hexa in HEX]
    with open(OUT, 'w') as f:
        f.write('# FlowSpec NLRIs as ExaBGP 5.0.13 encodes them (match cases: sent by `exabgp5 server`\n'
                '# to a sink) and as ExaBGP 5.0.13 (`exabgp5 decode -n`) and Debian\'s 4.2.21\n'
                '# (`exabgp --decode`) print them. Made by tools/capture_flow.py; rerun it to refresh.\n'
                '# kind\tname\tfamily\tmatch\tnlri-hex\tjson-5.0\tjson-4.2\n')
        for kind, name, family, match, hexa in rows:
            j50 = decode50(family, hexa)
            j42 = decode42(work, family, hexa)
            f.write('\t'.join([kind, name, family, match, hexa, j50, j42]) + '\n')
            print(f'{name}: {hexa} {"5.0 ok" if j50 != "-" else "5.0 refused"} '
                  f'{"4.2 ok" if j42 != "-" else "4.2 refused"}')


if __name__ == '__main__':
    main()

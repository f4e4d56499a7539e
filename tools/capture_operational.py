#!/usr/bin/env python3
"""Captures how ExaBGP 5.0 and Debian's ExaBGP 4.2 encode, decode and report
OPERATIONAL messages (BGP message type 6), for herald's golden files.

ExaBGP 5.0.13 cannot exchange OPERATIONAL messages on a live session: its
per-peer statistics have no 'receive-operational' / 'send-operational'
counter, so reading or writing one raises KeyError and ends the session
(see doc/compat.md). Its codec and its API encoders are sound, so this tool
runs them directly: each ExaBGP's own modules are imported in a child
python3 (5.0 from the oracle's tree, 4.2 from /usr/lib/python3/dist-packages)
and asked to
  - parse `announce operational ...` commands the way the API does
    (formated(line).split(' '), tokens after the third word) and encode them
    for a session whose OPEN carried router id 10.0.0.1 ("command"/"wire"
    lines; "refused" when the parser raises);
  - decode message bodies and report them for a neighbor 127.0.0.1 (AS
    65001, router id 10.0.0.1) -> 127.0.0.2 (AS 65002), received, with the
    JSON and text encoders, with and without the header/body of `consolidate;
    packets;` ("body"/"json"/"text" lines; "error C S DATA" for a decode
    error, "ignored" for a type ExaBGP drops).
Time, pid, ppid and host vary: the JSON lines keep them, tests mask them.
Writes src/wire/testdata/operational_exabgp{50,42}.txt.

Rerun: /usr/bin/python3 tools/capture_operational.py  (needs the oracle for
5.0; not in CI)
"""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from oracles import ORACLE  # noqa: E402

ORACLE_SRC = os.path.join(os.path.dirname(ORACLE), 'exabgp-5.0', 'src')

COMMANDS = [
    'announce operational adm afi ipv4 safi unicast advisory hello',
    'announce operational ASM AFI ipv6 SAFI unicast ADVISORY Hello',
    'announce operational adm afi ipv4 safi unicast advisory',
    'announce operational asm afi ipv4 safi unicast advisory ' + 'x' * 2100,
    'announce operational rpcq afi ipv4 safi unicast sequence 7',
    'announce operational rpcq afi ipv4 safi unicast sequence 0',
    'announce operational apcq afi ipv6 safi unicast sequence 4294967295',
    'announce operational lpcq afi ipv4 safi unicast sequence 1',
    'announce operational rpcp afi ipv4 safi unicast sequence 8 counter 99',
    'announce operational apcp afi ipv6 safi unicast sequence 0 counter 0',
    'announce operational lpcp afi ipv4 safi unicast sequence 3 counter 4294967295',
    'announce operational rpcq afi ipv4 safi unicast',
    'announce operational rpcq afi ipv4 safi unicast sequence 4294967296',
    'announce operational rpcq afi ipv4 safi unicast router-id 1.2.3.4 sequence 7',
    'announce operational rpcp afi ipv4 safi unicast counter 99 sequence 8',
    'announce operational rpcq afi ipv7 safi unicast sequence 3',
    'announce operational adm afi ipv4 safi unicast "hello"',
]

BODIES = [
    '0001000800010168656c6c6f',                      # ADM ipv4 unicast "hello"
    '000200090002016974277322',                      # ASM ipv6 unicast it's"
    '0001000800010141ffc3a9',                        # ADM, not UTF-8 then e-acute
    '00010005000202410a',                            # ADM ipv6 multicast "A\n"
    '0001000000010141424344',                        # ADM, Length 0: empty advisory
    '000100ff0001014142',                            # ADM, Length past the end
    '0001000300010100',                              # ADM, empty text, a byte after
    '0003000b0001010102030400000007',                # RPCQ
    '0005000b0002010a000001ffffffff',                # APCQ ipv6
    '0007000b000101010203040000000700aa',            # LPCQ, a byte after
    '0004000f000101010203040000000800000063',        # RPCP
    '0006000f0002010a0000010000000000000000',        # APCP, sequence 0
    '0008000f0001010000000000000001ffffffff',        # LPCP
    '0009000b0001010102030400000007',                # type 9 (SSQ): not decoded
    'fffe0000',                                      # type 65534 (MP)
    '',                                              # no header
    '000100',                                        # short header
    '000100080001',                                  # advisory without its family
    '0003000b00010101020304000000',                  # short query
    '0004000f0001010102030400000008000000',          # short counter
]

CHILD = r'''
import sys, json
from exabgp.configuration.operational.parser import operational
try:
    from exabgp.configuration.core.tokeniser import Iterator
except ImportError:  # 4.2
    from exabgp.configuration.core.tokeniser import Tokeniser
    Iterator = Tokeniser.Iterator
from exabgp.configuration.core.format import formated
from exabgp.bgp.message.open.routerid import RouterID
from exabgp.bgp.message.operational import Operational
from exabgp.bgp.message.direction import Direction
from exabgp.reactor.api.response import Response

version = sys.argv[1]
commands, bodies = json.load(sys.stdin)

class Open:
    router_id = RouterID('10.0.0.1')

class Negotiated:
    sent_open = Open()

for line in commands:
    tokens = formated(line).split(' ')
    it = Iterator()
    it.replenish(tokens[3:])
    print('command ' + line)
    try:
        m = operational(tokens[2].lower(), it)
        print('wire ' + m.message(Negotiated()).hex())
    except Exception as exc:
        print('refused %s: %s' % (type(exc).__name__, str(exc).splitlines()[0] if str(exc) else ''))

if version == '5':
    class N(dict):
        uid = '1'
    neighbor = N({'local-address': '127.0.0.1', 'peer-address': '127.0.0.2', 'local-as': 65001,
                  'peer-as': 65002, 'router-id': '10.0.0.1'})
    json_encoder, text_encoder = Response.JSON('5.0.0'), Response.Text('5.0.0')
else:
    from exabgp.configuration.environment import environment

    class Api:  # what 4.2's encoders read of the environment (api.compact, default False)
        compact = False

    class Settings:
        api = Api()

    environment.settings = staticmethod(lambda: Settings())

    class N:
        uid = '1'
        local_address = '127.0.0.1'
        peer_address = '127.0.0.2'
        local_as = 65001
        peer_as = 65002
    neighbor = N()
    json_encoder, text_encoder = Response.JSON('4.0.1'), Response.Text('4.0.1')

for h in bodies:
    body = bytes.fromhex(h)
    print('body ' + h)
    try:
        m = Operational.unpack_message(body, Direction.IN, None)
    except Exception as exc:
        code, subcode, data = getattr(exc, 'code', '?'), getattr(exc, 'subcode', '?'), getattr(exc, 'data', b'')
        print('error %s %s %s' % (code, subcode, data.hex() if isinstance(data, bytes) else data))
        continue
    if m is None:
        print('ignored')
        continue
    header = bytes.fromhex('ff' * 16) + (19 + len(body)).to_bytes(2, 'big') + b'\x06'
    for raw in (False, True):
        h_, b_ = (header, body) if raw else (b'', b'')
        for kind, enc in (('json', json_encoder), ('text', text_encoder)):
            try:
                line = enc.operational(neighbor, 'receive', m.category, m, None, h_, b_)
            except Exception as exc:
                line = 'FAILS %s: %s' % (type(exc).__name__, exc)
            print('%s%s %s' % (kind, '-packets' if raw else '', line))
'''


def run(version, pythonpath):
    import json
    env = dict(os.environ, PYTHONPATH=pythonpath)
    out = subprocess.run(['/usr/bin/python3', '-c', CHILD, version], input=json.dumps([COMMANDS, BODIES]),
                         capture_output=True, text=True, env=env, timeout=120, cwd='/tmp')
    if out.returncode:
        sys.exit(out.stderr)
    return out.stdout


def main():
    for version, path, name in (('5', ORACLE_SRC, 'ExaBGP 5.0.13 (the oracle)'),
                                ('4', '/usr/lib/python3/dist-packages', "Debian's ExaBGP 4.2")):
        text = run(version, path)
        target = os.path.join(ROOT, 'src', 'wire', 'testdata', f'operational_exabgp{version}{"0" if version == "5" else "2"}.txt')
        with open(target, 'w') as f:
            f.write(f'# Produced by tools/capture_operational.py from {name}: its own parser, codec and API\n'
                    '# encoders run in-process. "command" lines are encoded for a session whose OPEN had\n'
                    '# router id 10.0.0.1 ("wire": the whole message; "refused": the parser raised);\n'
                    '# "body" lines are decoded and reported for neighbor 127.0.0.2 (json/text; -packets:\n'
                    '# with the header and body of consolidate; packets;). time/pid/ppid/host vary.\n')
            f.write(text)
        print(f'{target}: {text.count(chr(10))} lines')


if __name__ == '__main__':
    main()

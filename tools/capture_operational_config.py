#!/usr/bin/env python3
"""Captures which neighbor `operational { ... }` blocks ExaBGP 5.0 loads,
for herald's golden file src/config/testdata/operational_block_exabgp50.txt.

Each case is a neighbor holding the block; `exabgp5 validate -nrv` is run on
it and the case is recorded as
    accepted <block>
    refused <block> | <ExaBGP's last error line>
ExaBGP 5.0.13 accepts an empty block (and prints nothing of it back with
-r). Every statement it knows (asm, adm, rpcq, rpcp, apcq, apcp, lpcq,
lpcp) is checked for syntax, then loading the neighbor fails with "'tuple'
object has no attribute 'afi_safi'": a configured OPERATIONAL message is
never sent. Whether `capability { operational; }` is given makes no
difference (both are recorded).

The blocks it loads are then run: `exabgp5 server` connects to a sink on
127.0.0.2 that answers its OPEN with capability 185 (operational) and a
KEEPALIVE, and records the types of the messages after the OPEN up to the
End-of-RIB, recorded as
    sent <block> | <types>
(4 2: a KEEPALIVE, then the End-of-RIB: no OPERATIONAL message, type 6).

Rerun: /usr/bin/python3 tools/capture_operational_config.py  (needs the
oracle; not in CI)
"""
import os
import socket
import struct
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from oracles import ORACLE, speaker_env  # noqa: E402

TARGET = os.path.join(ROOT, 'src', 'config', 'testdata', 'operational_block_exabgp50.txt')

# One line each: what goes inside the neighbor, after its mandatory settings.
CASES = [
    'operational { }',
    'capability { operational; } operational { }',
    'operational { asm afi ipv4 safi unicast advisory "hello world"; }',
    'operational { adm afi ipv4 safi unicast advisory dump; }',
    'operational { rpcq afi ipv4 safi unicast sequence 10; }',
    'operational { rpcp afi ipv4 safi unicast sequence 11 counter 12; }',
    'operational { apcq afi ipv6 safi unicast sequence 1; }',
    'operational { apcp afi ipv4 safi unicast sequence 2 counter 3; }',
    'operational { lpcq afi ipv4 safi unicast sequence 4; }',
    'operational { lpcp afi ipv4 safi unicast sequence 5 counter 6; }',
    'capability { operational; } operational { rpcq afi ipv4 safi unicast sequence 1; }',
    'capability { operational; } operational { asm afi ipv4 safi unicast advisory x; }',
    'operational { rpcq afi ipv4 safi unicast sequence 1 router-id 2.2.2.2; }',
    'operational { rpcq afi ipv4 safi unicast; }',
    'operational { rpcq safi unicast afi ipv4 sequence 1; }',
    'operational { rpcq afi ipv4 safi unicast sequence 99999999999; }',
    'operational { bogus 1; }',
    'operational;',
]

NEIGHBOR = '''neighbor 127.0.0.1 {{
  router-id 1.1.1.1;
  local-address 127.0.0.1;
  local-as 65001;
  peer-as 65002;
  {}
}}
'''


def capture(case):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, 'op.conf')
        with open(path, 'w') as f:
            f.write(NEIGHBOR.format(case))
        done = subprocess.run([ORACLE, 'validate', '-nrv', path], capture_output=True, text=True,
                              timeout=120, cwd=tmp)
    if done.returncode == 0:
        return f'accepted {case}'
    lines = [line.strip() for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    return f'refused {case} | {lines[-1] if lines else ""}'


def _message(mtype, body):
    return b'\xff' * 16 + struct.pack('!HB', 19 + len(body), mtype) + body


def sent(case):
    """The types of what ExaBGP 5.0 sends after its OPEN, to the End-of-RIB."""
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(('127.0.0.2', 0))
    server.listen(1)
    server.settimeout(60)
    port = server.getsockname()[1]
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, 'op.conf')
        with open(path, 'w') as f:
            f.write(NEIGHBOR.format(f'connect {port}; family {{ ipv4 unicast; }} {case}')
                    .replace('127.0.0.1 {', '127.0.0.2 {'))
        speaker = subprocess.Popen([ORACLE, 'server', path], env=speaker_env(), cwd=tmp, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            conn, _ = server.accept()
            caps = bytes([1, 4, 0, 1, 0, 1, 65, 4, 0, 0, 0xfd, 0xea, 185, 0])
            params = bytes([2, len(caps)]) + caps
            conn.sendall(_message(1, bytes([4]) + struct.pack('!HH', 65002, 180) + bytes([10, 0, 0, 2, len(params)])
                                  + params) + _message(4, b''))
            conn.settimeout(30)
            buffer, types, deadline = b'', [], time.monotonic() + 30
            while time.monotonic() < deadline:
                while len(buffer) >= 19 and len(buffer) >= struct.unpack('!H', buffer[16:18])[0]:
                    length, mtype = struct.unpack('!HB', buffer[16:19])
                    body, buffer = buffer[19:length], buffer[length:]
                    if mtype != 1:
                        types.append(mtype)
                    if mtype == 2 and body == bytes(4):
                        return ' '.join(str(t) for t in types)
                data = conn.recv(65536)
                if not data:
                    break
                buffer += data
            return 'no End-of-RIB: ' + ' '.join(str(t) for t in types)
        finally:
            os.killpg(speaker.pid, 15)
            speaker.wait(30)
            server.close()


def main():
    out = ['# neighbor operational { } blocks and what ExaBGP 5.0.13 `validate -nrv` does with them,',
           '# and what `server` sends for those it loads (message types after the OPEN, to the End-of-RIB)',
           '# generated by tools/capture_operational_config.py; do not edit']
    out += [capture(case) for case in CASES]
    out += [f'sent {line.split(" ", 1)[1]} | {sent(line.split(" ", 1)[1])}' for line in list(out)
            if line.startswith('accepted ')]
    os.makedirs(os.path.dirname(TARGET), exist_ok=True)
    with open(TARGET, 'w') as f:
        f.write('\n'.join(out) + '\n')
    print(f'wrote {TARGET}')


if __name__ == '__main__':
    main()

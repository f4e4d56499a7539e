#!/usr/bin/env python3
"""Captures the OPEN ExaBGP 5.0 sends for a few capability configurations.

For each case below, runs the oracle (`../shared/oracle/exabgp5 server`, or
$EXABGP5) with a one-neighbor configuration against a passive peer on
127.0.0.1 that only reads the OPEN, and writes `name HEX` lines (the whole
message, header included) to src/session/testdata/exabgp50_opens.txt, which
src/session/negotiate_test.cc compares herald's OPENs with.

Then has the oracle decode (`exabgp5 decode -o`) a peer's OPEN carrying the
capabilities herald shows (graceful restart, long-lived graceful restart,
a non-ASCII software version, multisession) and writes the hex and the JSON
line to src/api/testdata/exabgp50_open_decode.txt, which
src/api/render_json_test.cc compares herald's rendering with.

Rerun: /usr/bin/python3 tools/capture_oracle_opens.py  (needs the oracle; not in CI)
"""
import os
import socket
import subprocess
import sys
import tempfile
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
ORACLE = os.environ.get('EXABGP5', os.path.join(ROOT, '..', '..', 'shared', 'oracle', 'exabgp5'))
if not os.path.exists(ORACLE):
    ORACLE = '/work/shared/oracle/exabgp5'
OUT = os.path.join(ROOT, 'src', 'session', 'testdata', 'exabgp50_opens.txt')
DECODE_OUT = os.path.join(ROOT, 'src', 'api', 'testdata', 'exabgp50_open_decode.txt')

# name, hold-time, families, capability block body[, more of the neighbor]
CASES = [
    ('gr-120-two-families', 180, 'ipv4 unicast; ipv6 unicast;', 'graceful-restart 120;'),
    ('gr-bare-hold-90', 90, 'ipv4 unicast;', 'graceful-restart;'),
    ('gr-zero-ipv6', 180, 'ipv6 unicast;', 'graceful-restart 0;'),
    ('gr-disable', 180, 'ipv4 unicast;', 'graceful-restart disable;'),
    ('multi-session', 180, 'ipv4 unicast;', 'multi-session;'),
    ('operational', 180, 'ipv4 unicast;', 'operational;'),
    ('software-version', 180, 'ipv4 unicast;', 'software-version enable;'),
    ('software-version-bare', 180, 'ipv4 unicast;', 'software-version;'),
    ('add-path-both-two-families', 180, 'ipv4 unicast; ipv6 unicast;', 'add-path send/receive;'),
    ('add-path-receive', 180, 'ipv4 unicast;', 'add-path receive;'),
    ('add-path-send-ipv6', 180, 'ipv6 unicast;', 'add-path send;'),
    ('everything', 90, 'ipv4 unicast; ipv6 unicast;',
     'graceful-restart; route-refresh; operational; multi-session; software-version enable;'),
    # Families: `all` and an empty block (every family ExaBGP knows), and
    # ADD-PATH with FlowSpec families (not announced for them), and with
    # multicast, labeled unicast and VPN families (announced for the last
    # two); compared by src/config/flow_section_test.cc.
    ('family-all', 180, 'all;', ''),
    ('family-empty', 180, '', ''),
    ('flow-addpath', 180, 'ipv4 unicast; ipv4 flow; ipv6 flow-vpn;', 'add-path send;'),
    ('vpn-addpath', 180, 'ipv4 unicast; ipv4 mpls-vpn; ipv4 nlri-mpls; ipv6 mpls-vpn; ipv4 multicast;',
     'add-path send/receive;'),
    # RFC 8950 extended next hop (5): the capability alone (empty), the
    # `nexthop` block alone (announces it), both with IPv6-over-IPv4 entries
    # (left out), entries of families the neighbor lacks, switched off, and
    # multicast and labeled unicast entries (which ExaBGP 5.0 leaves out);
    # compared by src/config/next_hop_section_test.cc.
    ('nexthop-capability', 180, 'ipv4 unicast; ipv6 unicast;', 'nexthop true;'),
    ('nexthop-block', 180, 'ipv4 unicast; ipv6 unicast;', '', 'nexthop { ipv4 unicast ipv6; }'),
    ('nexthop-both', 180, 'ipv4 unicast; ipv4 mpls-vpn; ipv6 unicast; ipv6 mpls-vpn;',
     'nexthop true; add-path send;',
     'nexthop { ipv6 unicast ipv4; ipv4 mpls-vpn ipv6; ipv4 unicast ipv6; }'),
    ('nexthop-other-family', 180, 'ipv6 unicast;', 'nexthop true;', 'nexthop { ipv4 unicast ipv6; }'),
    ('nexthop-disabled', 180, 'ipv4 unicast;', 'nexthop false;', 'nexthop { ipv4 unicast ipv6; }'),
    ('nexthop-multicast-labeled', 180, 'ipv4 unicast; ipv4 multicast; ipv4 nlri-mpls;', 'nexthop true;',
     'nexthop { ipv4 multicast ipv6; ipv4 nlri-mpls ipv6; ipv4 unicast ipv6; }'),
]

CONF = '''neighbor 127.0.0.1 {{
	router-id 10.0.0.1;
	local-address 127.0.0.1;
	local-as 65001;
	peer-as 65002;
	hold-time {hold};
	connect {port};
	family {{ {families} }}
	capability {{ {caps} }}
	{extra}
}}
'''


def read_open(listener, result):
    try:
        conn, _ = listener.accept()
        conn.settimeout(10)
        buf = b''
        while len(buf) < 19 or len(buf) < int.from_bytes(buf[16:18], 'big'):
            data = conn.recv(4096)
            if not data:
                break
            buf += data
        result.append(buf[:int.from_bytes(buf[16:18], 'big')])
        conn.close()
    except OSError as e:
        result.append(e)


def capture(name, hold, families, caps, extra=''):
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(('127.0.0.1', 0))
    listener.listen(1)
    listener.settimeout(20)
    port = listener.getsockname()[1]
    result = []
    reader = threading.Thread(target=read_open, args=(listener, result))
    reader.start()
    with tempfile.NamedTemporaryFile('w', suffix='.conf') as conf:
        conf.write(CONF.format(hold=hold, port=port, families=families, caps=caps, extra=extra))
        conf.flush()
        env = dict(os.environ)
        env.update({'exabgp.daemon.user': 'root', 'exabgp.daemon.drop': 'false', 'exabgp.api.cli': 'false',
                    'exabgp.tcp.bind': '', 'exabgp.log.destination': 'stdout'})
        proc = subprocess.Popen([ORACLE, 'server', conf.name], env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        reader.join(25)
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    listener.close()
    if not result or isinstance(result[0], Exception) or not result[0]:
        sys.exit(f'{name}: no OPEN captured ({result})')
    return result[0].hex().upper()


def peer_open():
    """An OPEN from AS 65002, router id 10.0.0.2, hold time 90."""
    def cap(code, value):
        return bytes([2, len(value) + 2, code, len(value)]) + value
    caps = cap(1, bytes.fromhex('00010001')) + cap(65, (65002).to_bytes(4, 'big'))
    caps += cap(64, bytes.fromhex('8078' '00010180' '00020100'))  # GR: R, 120 s, ipv4 F, ipv6
    caps += cap(71, bytes.fromhex('0001018000012c' '00020100000e10'))  # LLGR: ipv4 F 300 s, ipv6 3600 s
    version = 'FRRouting/8.4 caf\u00e9 \U0001F600'.encode()
    caps += cap(75, bytes([len(version)]) + version)
    caps += cap(68, b'\x00') + cap(68, b'\x01')
    body = bytes([4]) + (65002).to_bytes(2, 'big') + (90).to_bytes(2, 'big') + bytes([10, 0, 0, 2])
    body += bytes([len(caps)]) + caps
    return b'\xff' * 16 + (19 + len(body)).to_bytes(2, 'big') + b'\x01' + body


def decode_golden(version):
    hex_open = peer_open().hex().upper()
    out = subprocess.run([ORACLE, 'decode', '-o', hex_open], capture_output=True, text=True, check=True).stdout
    line = [l for l in out.splitlines() if l.startswith('{')][-1]
    with open(DECODE_OUT, 'w') as f:
        f.write('# A peer OPEN (made by tools/capture_oracle_opens.py) and what '
                + version.replace(' : ', ' ').strip() + " prints for it (`decode -o`).\n")
        f.write(hex_open + '\n' + line + '\n')
    print(line)


def main():
    version = subprocess.run([ORACLE, 'version'], capture_output=True, text=True).stdout.splitlines()[0]
    lines = [
        '# OPEN messages sent by ' + version.replace(' : ', ' ').strip() + ', captured by tools/capture_oracle_opens.py',
        '# (one neighbor: router-id 10.0.0.1, local-as 65001, peer-as 65002; see CASES in the script).',
        '# name hex',
    ]
    for name, hold, families, caps, *extra in CASES:
        lines.append(f'{name} {capture(name, hold, families, caps, *extra)}')
        print(lines[-1])
    with open(OUT, 'w') as f:
        f.write('\n'.join(lines) + '\n')
    decode_golden(version)


if __name__ == '__main__':
    main()

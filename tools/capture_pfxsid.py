#!/usr/bin/env python3
"""Captures how ExaBGP 5.0 and 4.2 report received IPv6 Address Specific
Extended Communities (RFC 5701, attribute 25) and BGP Prefix-SIDs (RFC 8669,
RFC 9252, attribute 40).

The 5.0 oracle (`../shared/oracle/exabgp5 server`, or $EXABGP5) sends, over
iBGP (AS 65001) from 127.0.0.1, the static routes below to two receivers: the
5.0 oracle on 127.0.0.2 and Debian's exabgp 4.2 on 127.0.0.3. Each receiver
runs a JSON process (parsed updates and packets) and a text process that only
record what they read. The lines go to src/api/testdata/pfxsid_exabgp50.txt
and pfxsid_exabgp42.txt, which src/api/render_pfxsid_test.cc compares herald's
decoding and rendering with.

Rerun: /usr/bin/python3 tools/capture_pfxsid.py  (needs the oracle and Debian's
exabgp; not in CI)
"""
import os
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, 'tests', 'e2e'))
from harness import Workdir, free_port, wait_for  # noqa: E402

from oracles import DEBIAN, ORACLE, RECORDER, speaker_env  # noqa: E402

# IPv6 extended communities go as generic attributes (0x19): one known to
# ExaBGP (redirect-to-nexthop-ietf), then three out of order (a copy flag, an
# RFC 5701 route target 0x0002, a type 0x80 0x0B), then Prefix-SIDs in each
# form the 5.0 configuration takes, one with an unknown TLV (type 4), an
# Originator SRGB TLV alone, and an SRv6 service with an unknown sub-TLV.
ROUTES = [
    'route 10.0.0.0/8 next-hop 1.1.1.1 attribute [ 0x19 0xc0 0x000C2A020B800000000100000000000000010000 ];',
    'route 10.1.0.0/16 next-hop 1.1.1.1 attribute [ 0x19 0xc0 0x000C20010DB80000000000000000000000020001'
    '000220010DB80000000000000000000000010064800B20010DB80000000000000000000000030005 ];',
    'route 10.2.0.0/16 next-hop 1.1.1.1 bgp-prefix-sid [ 777 ];',
    'route 10.3.0.0/16 next-hop 1.1.1.1 bgp-prefix-sid [ 300, [ ( 800000,4096 ), ( 1000000,5000 ) ] ];',
    'route 10.4.0.0/16 next-hop 1.1.1.1 bgp-prefix-sid-srv6 ( l3-service 2001:db8::10 );',
    'route 10.5.0.0/16 next-hop 1.1.1.1 bgp-prefix-sid-srv6 ( l3-service 2001:db8::20 0x13 [ 64, 24, 16, 0, 16, 64 ] );',
    'route 10.6.0.0/16 next-hop 1.1.1.1 bgp-prefix-sid-srv6 ( l2-service 2001:db8::30 17 );',
    'route 10.7.0.0/16 next-hop 1.1.1.1 attribute [ 0x28 0xc0 0x0100070000000000000A040002ABCD ];',
    'route 10.8.0.0/16 next-hop 1.1.1.1 attribute [ 0x28 0xc0 0x03000800000C3500001000 ];',
    'route 10.9.0.0/16 next-hop 1.1.1.1 attribute [ 0x28 0xc0 0x05000600020002ABCD ];',
]
# ExaBGP 4.2 cannot decode the second route's three IPv6 extended
# communities, nor the SRv6 or unknown TLVs (its session goes down and up
# again, forever): it gets the others.
ROUTES_42 = ROUTES[:1] + ROUTES[2:4]

SENDER = '''neighbor {peer} {{
    router-id 10.0.0.1;
    local-address 127.0.0.1;
    local-as 65001;
    peer-as 65001;
    connect {port};
    family {{ ipv4 unicast; }}
    static {{
        {routes}
    }}
}}
'''

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
    passive;
    listen {port};
    family {{ ipv4 unicast; }}
    api {{ processes [ json ]; receive {{ parsed; packets; update; }} }}
    api {{ processes [ text ]; receive {{ parsed; update; }} }}
}}
'''


def env_for(port, bind):
    return speaker_env(port, bind)


def capture(work, name, argv, address, routes):
    port = free_port(address)
    json_out, text_out = work.join(f'{name}.json'), work.join(f'{name}.text')
    for f in (json_out, text_out):
        open(f, 'w').close()
        os.chmod(f, 0o666)
    rconf = work.file(f'{name}-receiver.conf', RECEIVER.format(recorder=work.join('recorder.py'), json_out=json_out,
                                                                text_out=text_out, address=address, port=port))
    sconf = work.file(f'{name}-sender.conf', SENDER.format(peer=address, port=port,
                                                            routes='\n        '.join(routes)))
    procs = []
    try:
        with open(work.join(f'{name}-receiver.log'), 'w') as log:
            procs.append(subprocess.Popen([*argv, rconf], stdout=log, stderr=subprocess.STDOUT,
                                          env=env_for(port, address), start_new_session=True))
        time.sleep(2)
        with open(work.join(f'{name}-sender.log'), 'w') as log:
            procs.append(subprocess.Popen([ORACLE, 'server', sconf], stdout=log, stderr=subprocess.STDOUT,
                                          env=env_for(port, ''), start_new_session=True))
        wait_for(lambda: open(text_out).read().count(' announced ') >= len(routes), 60,
                 what=f'{name} to get the routes')
        time.sleep(1)
    finally:
        for p in procs:
            try:
                os.killpg(p.pid, signal.SIGTERM)
                p.wait(20)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(p.pid, signal.SIGKILL)
    json_lines = [l for l in open(json_out).read().splitlines() if '"type": "update"' in l and '"eor"' not in l]
    text_lines = [l for l in open(text_out).read().splitlines() if ' announced ' in l]
    return json_lines + text_lines


def main():
    work = Workdir('capture-pfxsid')
    os.chmod(work.path, 0o755)  # the speakers may run their process as another user
    work.file('recorder.py', RECORDER)
    try:
        for name, argv, address, version, routes in (('pfxsid_exabgp50', [ORACLE, 'server'], '127.0.0.2', '5.0.13', ROUTES),
                                             ('pfxsid_exabgp42', [DEBIAN], '127.0.0.3', '4.2', ROUTES_42)):
            lines = capture(work, name, argv, address, routes)
            path = os.path.join(ROOT, 'src', 'api', 'testdata', name + '.txt')
            with open(path, 'w') as f:
                f.write(f'# Captured by tools/capture_pfxsid.py: ExaBGP {version} receiving over iBGP\n'
                        f'# these routes from the 5.0 oracle:\n')
                for r in routes:
                    f.write(f'#   {r}\n')
                f.write('# JSON lines (each UPDATE as packets, and parsed, in the order received), then\n'
                        '# text lines. Lines starting with "# " are these comments.\n')
                for l in lines:
                    f.write(l + '\n')
            print(f'{path}: {len(lines)} lines')
    finally:
        if not os.environ.get('KEEP'):
            work.cleanup()


if __name__ == '__main__':
    main()

#!/usr/bin/env python3
"""Captures how ExaBGP 5.0 and 4.2 report a received AIGP attribute (RFC 7311).

The 5.0 oracle (`../shared/oracle/exabgp5 server`, or $EXABGP5) sends, over
iBGP (AS 65001) from 127.0.0.1, static routes with `aigp N` to two receivers
configured with `capability { aigp enable; }`: the 5.0 oracle on 127.0.0.2 and
Debian's exabgp 4.2 on 127.0.0.3 (which shows no AIGP: its `capability { aigp }`
does not reach the neighbor setting its decoder reads). Each receiver runs a JSON process (parsed
updates and packets) and a text process that only record what they read.
The lines go to src/api/testdata/aigp_exabgp50.txt and aigp_exabgp42.txt,
which src/api/render_aigp_test.cc compares herald's decoding and rendering
with.

Rerun: /usr/bin/python3 tools/capture_aigp.py  (needs the oracle and Debian's
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

# The routes the sender announces (the `aigp` values: small, large, all ones).
ROUTES = [
    'route 10.0.0.0/8 next-hop 1.1.1.1 aigp 100;',
    'route 10.1.0.0/16 next-hop 1.1.1.1 med 5 aigp 0x123456789abcdef0 large-community 1:2:3;',
    'route 10.2.0.0/16 next-hop 1.1.1.1 aigp 18446744073709551615;',
]

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
    capability {{ aigp enable; }}
    api {{ processes [ json ]; receive {{ parsed; packets; update; }} }}
    api {{ processes [ text ]; receive {{ parsed; update; }} }}
}}
'''


def env_for(port, bind):
    return speaker_env(port, bind)


def capture(work, name, argv, address):
    port = free_port(address)
    json_out, text_out = work.join(f'{name}.json'), work.join(f'{name}.text')
    for f in (json_out, text_out):
        open(f, 'w').close()
        os.chmod(f, 0o666)
    rconf = work.file(f'{name}-receiver.conf', RECEIVER.format(recorder=work.join('recorder.py'), json_out=json_out,
                                                                text_out=text_out, address=address, port=port))
    sconf = work.file(f'{name}-sender.conf', SENDER.format(peer=address, port=port,
                                                            routes='\n        '.join(ROUTES)))
    procs = []
    try:
        with open(work.join(f'{name}-receiver.log'), 'w') as log:
            procs.append(subprocess.Popen([*argv, rconf], stdout=log, stderr=subprocess.STDOUT,
                                          env=env_for(port, address), start_new_session=True))
        time.sleep(2)
        with open(work.join(f'{name}-sender.log'), 'w') as log:
            procs.append(subprocess.Popen([ORACLE, 'server', sconf], stdout=log, stderr=subprocess.STDOUT,
                                          env=env_for(port, ''), start_new_session=True))
        wait_for(lambda: open(text_out).read().count(' announced ') >= len(ROUTES), 60,
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
    work = Workdir('capture-aigp')
    os.chmod(work.path, 0o755)  # the speakers may run their process as another user
    work.file('recorder.py', RECORDER)
    try:
        for name, argv, address, version in (('aigp_exabgp50', [ORACLE, 'server'], '127.0.0.2', '5.0.13'),
                                             ('aigp_exabgp42', [DEBIAN], '127.0.0.3', '4.2')):
            lines = capture(work, name, argv, address)
            path = os.path.join(ROOT, 'src', 'api', 'testdata', name + '.txt')
            with open(path, 'w') as f:
                f.write(f'# Captured by tools/capture_aigp.py: ExaBGP {version} receiving over iBGP, with\n'
                        f'# capability {{ aigp enable; }}, these routes from the 5.0 oracle:\n')
                for r in ROUTES:
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

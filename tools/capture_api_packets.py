#!/usr/bin/env python3
"""Captures what ExaBGP 5.0 and 4.2 tell a process for `packets`: raw
messages alone (`receive { packets; open; ... }`), raw and parsed
(`parsed; packets;`), and `consolidate; packets;` (the parsed message
carrying its "header" and "body").

A GoBGP (AS 65002, 127.0.0.2, passive, one route 10.9.0.0/24) peers with
the 5.0 oracle (`../shared/oracle/exabgp5 server`, or $EXABGP5; from
127.0.0.1) and with Debian's exabgp 4.2 (from 127.0.0.3). ExaBGP merges the
api flags of all the api blocks of a neighbor, so each mode is its own run:
the speaker has one static route and two processes that only record what
they read, `json` and `txt`, both with that mode's flags. Once the speaker
received GoBGP's route, it gets SIGTERM. The lines go to
src/api/testdata/packets_exabgp50.{json,txt} and packets_exabgp42.{json,txt}
("# mode M" starts the lines of a mode), which
src/api/render_packets_test.cc compares herald's rendering with.

Rerun: /usr/bin/python3 tools/capture_api_packets.py  (needs the oracle and
gobgpd; not in CI)
"""
import os
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, 'tests', 'e2e'))
from harness import Gobgp, Workdir, free_port, wait_for  # noqa: E402

from oracles import DEBIAN, ORACLE, RECORDER, speaker_env  # noqa: E402

MESSAGES = 'open; update; keepalive; notification; refresh;'

CONF = '''process json {{
    run /usr/bin/python3 {recorder} {out}.json;
    encoder json;
}}
process txt {{
    run /usr/bin/python3 {recorder} {out}.txt;
    encoder text;
}}
neighbor 127.0.0.2 {{
    router-id 10.0.0.1;
    local-address {local};
    local-as 65001;
    peer-as 65002;
    hold-time 90;
    {connect}
    family {{ ipv4 unicast; }}
    capability {{ route-refresh; }}
    static {{ route 10.1.0.0/24 next-hop 10.0.0.1 med 5 community 65001:7; }}
    api {{ processes [ json txt ]; receive {{ {mode} {messages} }} send {{ {mode} {messages} }} }}
}}
'''


MODES = {'packets': 'packets;', 'parsed-packets': 'parsed; packets;', 'consolidate': 'consolidate; packets;'}


def capture(work, name, argv, local, port, mode):
    out = work.join(f'{name}-{mode}.out')
    for kind in ('json', 'txt'):
        open(f'{out}.{kind}', 'w').close()
        os.chmod(f'{out}.{kind}', 0o666)
    conf = work.file(f'{name}-{mode}.conf', CONF.format(recorder=work.join('recorder.py'), out=out, local=local,
                                                 messages=MESSAGES, mode=MODES[mode],
                                                 connect=f'connect {port};' if 'exabgp50' in name else ''))
    env = speaker_env(port)
    with open(work.join(f'{name}-{mode}.log'), 'w') as log:
        p = subprocess.Popen([*argv, conf], stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
        try:
            wait_for(lambda: '0A0900' in open(f'{out}.txt').read(), 60, what=f'{name} to receive the route')
            time.sleep(2)
            os.kill(p.pid, signal.SIGTERM)
            p.wait(30)
        finally:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
    return {kind: open(f'{out}.{kind}').read().splitlines() for kind in ('json', 'txt')}


def main():
    work = Workdir('capture-packets')
    os.chmod(work.path, 0o755)  # the speakers may run their process as another user
    work.file('recorder.py', RECORDER)
    port = free_port('127.0.0.2')
    g = Gobgp(work, 65002, '10.0.0.2', '127.0.0.2', port,
              [{'address': '127.0.0.1', 'asn': 65001, 'families': ['ipv4-unicast']},
               {'address': '127.0.0.3', 'asn': 65001, 'families': ['ipv4-unicast']}]).start()
    g.cli('global', 'rib', 'add', '10.9.0.0/24', '-a', 'ipv4', 'nexthop', '10.0.0.2', 'med', '3')
    try:
        for name, argv, local, version in (('packets_exabgp50', [ORACLE, 'server'], '127.0.0.1', '5.0.13'),
                                           ('packets_exabgp42', [DEBIAN], '127.0.0.3', '4.2')):
            got = {mode: capture(work, name, argv, local, port, mode) for mode in MODES}
            for ext in ('json', 'txt'):
                path = os.path.join(ROOT, 'src', 'api', 'testdata', f'{name}.{ext}')
                with open(path, 'w') as f:
                    f.write(f'# Captured by tools/capture_api_packets.py from ExaBGP {version} against GoBGP\n'
                            f'# (AS 65002, route refresh, IPv4 unicast, one route). Lines starting with "# " are\n'
                            f'# comments; "# mode M" starts the lines of api mode M ({", ".join(MODES)}).\n')
                    for mode in MODES:
                        f.write(f'# mode {mode}\n')
                        for l in got[mode][ext]:
                            f.write(l + '\n')
                print(f'{path}: {sum(len(got[m][ext]) for m in MODES)} lines')
    finally:
        g.stop()
        if not os.environ.get("KEEP"): work.cleanup()


if __name__ == '__main__':
    main()

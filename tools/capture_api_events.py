#!/usr/bin/env python3
"""Captures what ExaBGP 5.0 and 4.2 tell a process for `api { negotiated;
fsm; signal; }`: the `negotiated`, `fsm` and `signal` JSON messages.

A GoBGP (AS 65002, 127.0.0.2, passive) peers with the 5.0 oracle
(`../shared/oracle/exabgp5 server`, or $EXABGP5; from 127.0.0.1) and with
Debian's exabgp 4.2 (from 127.0.0.3). Each runs one JSON process that only
records what it reads. Once the session is up, the speaker gets SIGUSR1
(reload: a `signal` message), then SIGTERM. The lines go to
src/api/testdata/events_exabgp50.json and events_exabgp42.json, which
src/api/render_events_test.cc compares herald's rendering with.

Rerun: /usr/bin/python3 tools/capture_api_events.py  (needs the oracle and
gobgpd; not in CI)
"""
import os
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, 'tests', 'e2e'))
from harness import Gobgp, Workdir, free_port, wait_for  # noqa: E402

from oracles import DEBIAN, ORACLE, RECORDER, speaker_env  # noqa: E402

CONF = '''process rec {{
    run /usr/bin/python3 {recorder} {out};
    encoder json;
}}
neighbor 127.0.0.2 {{
    router-id 10.0.0.1;
    local-address {local};
    local-as 65001;
    peer-as 65002;
    hold-time 90;
    {connect}
    family {{ ipv4 unicast; ipv6 unicast; }}
    capability {{ route-refresh; }}
    api {{ processes [ rec ]; negotiated; fsm; signal; }}
}}
'''


def capture(work, name, argv, local, port):
    out = work.join(f'{name}.out')
    open(out, 'w').close()
    os.chmod(out, 0o666)
    conf = work.file(f'{name}.conf', CONF.format(recorder=work.join('recorder.py'), out=out, local=local,
                                                 connect=f'connect {port};' if 'events_exabgp50' == name else ''))
    env = speaker_env(port)
    with open(work.join(f'{name}.log'), 'w') as log:
        p = subprocess.Popen([*argv, conf], stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
        try:
            wait_for(lambda: '"state": "ESTABLISHED"' in open(out).read(), 60, what=f'{name} to establish')
            time.sleep(1)
            os.kill(p.pid, signal.SIGUSR1)
            wait_for(lambda: '"type": "signal"' in open(out).read(), 30, what=f'{name} to report the signal')
            time.sleep(1)
            os.kill(p.pid, signal.SIGTERM)
            p.wait(30)
        finally:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
    return [l for l in open(out).read().splitlines()
            if any(f'"type": "{t}"' in l for t in ('negotiated', 'fsm', 'signal'))]


def main():
    work = Workdir('capture-events')
    os.chmod(work.path, 0o755)  # the speakers may run their process as another user
    work.file('recorder.py', RECORDER)
    port = free_port('127.0.0.2')
    g = Gobgp(work, 65002, '10.0.0.2', '127.0.0.2', port,
              [{'address': '127.0.0.1', 'asn': 65001}, {'address': '127.0.0.3', 'asn': 65001}]).start()
    try:
        for name, argv, local, version in (('events_exabgp50', [ORACLE, 'server'], '127.0.0.1', '5.0.13'),
                                           ('events_exabgp42', [DEBIAN], '127.0.0.3', '4.2')):
            lines = capture(work, name, argv, local, port)
            path = os.path.join(ROOT, 'src', 'api', 'testdata', name + '.json')
            with open(path, 'w') as f:
                f.write(f'# Captured by tools/capture_api_events.py from ExaBGP {version}: api {{ negotiated; fsm;\n'
                        f'# signal; }} against GoBGP (AS 65002, route refresh, IPv4 and IPv6 unicast), then\n'
                        f'# SIGUSR1, then SIGTERM. Lines starting with "# " are these comments.\n')
                for l in lines:
                    f.write(l + '\n')
            print(f'{path}: {len(lines)} lines')
    finally:
        g.stop()
        if not os.environ.get("KEEP"): work.cleanup()


if __name__ == '__main__':
    main()

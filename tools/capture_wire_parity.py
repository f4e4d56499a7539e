#!/usr/bin/env python3
"""Records what ExaBGP 5.0 sends for each of Debian's static-route example
configurations and for herald's API scripts (tests/e2e/parity.py: the
configuration aimed at a sink that decodes every UPDATE into per-prefix
routes), as the golden files
tests/e2e/testdata/wire_parity/NAME.json that tests/e2e/test_wire_parity.py
compares herald with.

Rerun: /usr/bin/python3 tools/capture_wire_parity.py [NAME...]
(needs the oracle, ../shared/oracle/exabgp5 or $EXABGP5, and a built herald
to read the configurations' neighbors; not in CI)
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, 'tests', 'e2e'))
from harness import HERALD, Workdir, free_port  # noqa: E402
import parity  # noqa: E402

from oracles import ORACLE, speaker_env  # noqa: E402
OUT = os.path.join(ROOT, 'tests', 'e2e', 'testdata', 'wire_parity')


def main():
    names = sys.argv[1:] or parity.CONFIGS + list(parity.API_SCRIPTS)
    os.makedirs(OUT, exist_ok=True)
    work = Workdir('capture-parity')
    os.chmod(work.path, 0o755)
    env = speaker_env()
    try:
        for name in names:
            port = free_port('127.0.1.1')
            ribs = parity.run(work, name, [ORACLE, 'server'], env, HERALD, port)
            if ribs is None:
                print(f'{name}: no End-of-RIB from ExaBGP 5.0 (see {work.join(name + ".log")})')
                continue
            with open(os.path.join(OUT, name + '.json'), 'w') as f:
                json.dump({'captured': 'tools/capture_wire_parity.py, ExaBGP 5.0.13', 'ribs': ribs}, f,
                          indent=1, sort_keys=True)
                f.write('\n')
            print(f'{name}: ' + ', '.join(f'{a} {len(r)} routes' for a, r in sorted(ribs.items())))
    finally:
        if not os.environ.get('KEEP'):
            work.cleanup()


if __name__ == '__main__':
    main()

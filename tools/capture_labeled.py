#!/usr/bin/env python3
"""Records the NLRI bytes ExaBGP 5.0 makes for labeled unicast and VPN
routes written in a `static { }` block, as src/grammar/testdata/labeled_exabgp.txt
(read by src/grammar/labeled_route_test.cc): `exabgp5 validate -nrv` on a
one-route configuration prints each NLRI's payload.

Rerun: /usr/bin/python3 tools/capture_labeled.py
(needs the oracle, ../shared/oracle/exabgp5 or $EXABGP5; not in CI)
"""
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
ORACLE = os.environ.get('EXABGP5', os.path.join(ROOT, '..', '..', 'shared', 'oracle', 'exabgp5'))
if not os.path.exists(ORACLE):
    ORACLE = '/work/shared/oracle/exabgp5'
OUT = os.path.join(ROOT, 'src', 'grammar', 'testdata', 'labeled_exabgp.txt')

ROUTES = [
    '10.0.0.0/24 rd 65000:1 label 1000 next-hop 200.10.0.101 split /25',
    '10.8.0.0/24 rd 65000:1 label [ 9 10 ] next-hop 192.0.2.1',
    '10.1.0.0/24 rd 1.2.3.4:5 label [ 100 200 ] next-hop 192.0.2.1',
    '10.2.0.0/16 rd 70000:5 label 16 next-hop 192.0.2.1',
    '10.3.0.0/24 rd 65000:4294967295 label 1048575 next-hop 192.0.2.1',
    '10.6.0.0/24 label 5 next-hop 192.0.2.1',
    '10.2.0.0/24 label 300 next-hop 192.0.2.1',
    '10.4.0.0/22 label [ 1 2 3 ] next-hop 192.0.2.1 split /23',
    '0.0.0.0/0 label 0 next-hop 192.0.2.1',
    '10.5.5.5/32 rd 65000:1 label 7 next-hop 192.0.2.1',
]

CONFIG = """neighbor 127.0.0.1 {{
  router-id 1.1.1.1; local-address 127.0.0.1; local-as 65000; peer-as 65000;
  family {{ ipv4 unicast; ipv4 nlri-mpls; ipv4 mpls-vpn; }}
  static {{ route {route}; }}
}}
"""


def main():
    lines = ['# The NLRI ExaBGP 5.0.13 makes for `static { route ROUTE; }`: `exabgp5 validate -nrv`',
             '# ("NLRI ... payload" lines). Made by tools/capture_labeled.py; rerun it to refresh.',
             '# route<TAB>family<TAB>NLRI hex, one per prefix, space separated']
    with tempfile.TemporaryDirectory() as work:
        path = os.path.join(work, 'route.conf')
        for route in ROUTES:
            with open(path, 'w') as f:
                f.write(CONFIG.format(route=route))
            r = subprocess.run([ORACLE, 'validate', '-nrv', path], capture_output=True, text=True, timeout=60)
            found = re.findall(r'NLRI\s+(ipv4 \S+)\s+without path-information\s+payload ([0-9A-F ]+)',
                               r.stdout + r.stderr)
            if not found:
                print(f'{route}: no NLRI from ExaBGP 5.0', file=sys.stderr)
                continue
            family = found[0][0]
            nlri = ' '.join(p.replace(' ', '').lower() for _, p in found)
            lines.append(f'{route}\t{family}\t{nlri}')
            print(lines[-1])
    with open(OUT, 'w') as f:
        f.write('\n'.join(lines) + '\n')


if __name__ == '__main__':
    main()

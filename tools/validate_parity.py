#!/usr/bin/env python3
"""Does `herald validate` accept exactly the configurations ExaBGP 5.0's
`validate -nrv` accepts? Runs both on Debian's example configurations and
on every configuration the end-to-end tests start herald with, and prints
each one on which they disagree, with the first lines each printed.

The tests' configurations are collected by running the e2e suite with
HERALD_E2E_COLLECT=DIR (tests/e2e/harness.py copies each test's directory
there as herald starts): give DIR as the argument, or --collect to run the
suite first (about 7 minutes).

Rerun: /usr/bin/python3 tools/validate_parity.py [--collect] [DIR]
(needs the oracle, ../shared/oracle/exabgp5 or $EXABGP5; not in CI)
"""
import glob
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from oracles import ORACLE, speaker_env  # noqa: E402

HERALD = os.environ.get('HERALD_BIN', os.path.join(ROOT, 'build', 'herald'))
EXAMPLES = '/usr/share/doc/exabgp/examples'


def verdict(argv, env=None):
    r = subprocess.run(argv, capture_output=True, text=True, timeout=120, env=env)
    lines = [l for l in (r.stderr + r.stdout).splitlines() if l.strip()]
    return r.returncode == 0, lines


def main():
    args = sys.argv[1:]
    collect = '--collect' in args
    args = [a for a in args if a != '--collect']
    into = args[0] if args else tempfile.mkdtemp(prefix='herald-validate-parity-')
    if collect:
        env = dict(os.environ, HERALD_E2E_COLLECT=into, HERALD_BIN=HERALD)
        subprocess.run([sys.executable, '-m', 'pytest', '-q', '-p', 'no:cacheprovider', '.'],
                       cwd=os.path.join(ROOT, 'tests', 'e2e'), env=env, check=False)
    configs = sorted(glob.glob(os.path.join(EXAMPLES, '*.conf')))
    # Only the configurations herald was started with (not a peer's).
    for listing in sorted(glob.glob(os.path.join(into, '*', 'herald-configs.txt'))):
        names = sorted(set(open(listing).read().split()))
        configs += [os.path.join(os.path.dirname(listing), n) for n in names]
    env = speaker_env()
    differ = 0
    for path in configs:
        ours, our_lines = verdict([HERALD, 'validate', path])
        theirs, their_lines = verdict([ORACLE, 'validate', '-nrv', path], env)
        if ours == theirs:
            continue
        differ += 1
        print(f'{path}: herald {"accepts" if ours else "refuses"}, ExaBGP 5.0 {"accepts" if theirs else "refuses"}')
        for l in (our_lines if not ours else [])[:3]:
            print(f'    herald: {l}')
        for l in ([l for l in their_lines if 'rror' in l or 'invalid' in l.lower()] if not theirs else [])[:3]:
            print(f'    5.0:    {l}')
    print(f'{len(configs)} configurations, {differ} verdicts differ')


if __name__ == '__main__':
    main()

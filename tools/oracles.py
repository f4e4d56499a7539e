"""What the capture tools (tools/capture_*.py) share: where the two ExaBGP
oracles are, the recorder a speaker runs as its process (it appends what it
reads on stdin to a file), and the environment a speaker runs with on
loopback (root, no privilege drop, no CLI pipes, log to stdout)."""
import os

ORACLE = os.environ.get('EXABGP5', '/work/shared/oracle/exabgp5')  # ExaBGP 5.0.13: `ORACLE server CONF`
DEBIAN = '/usr/sbin/exabgp'  # Debian's ExaBGP 4.2: `DEBIAN CONF`

RECORDER = '''import sys
with open(sys.argv[1], "a") as out:
    for line in sys.stdin:
        out.write(line)
        out.flush()
'''


def speaker_env(port=None, bind=''):
    """The environment of a speaker that connects to `port` (if given) and
    listens on `bind` (empty: does not listen)."""
    settings = {'exabgp.tcp.bind': bind, 'exabgp.daemon.user': 'root', 'exabgp.daemon.drop': 'false',
                'exabgp.api.cli': 'false', 'exabgp.log.destination': 'stdout'}
    if port is not None:
        settings['exabgp.tcp.port'] = str(port)
    return dict(os.environ, **settings)

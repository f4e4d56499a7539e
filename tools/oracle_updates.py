"""What the UPDATE capture tools (tools/capture_flow_updates.py,
tools/capture_labeled_updates.py) share: building UPDATEs byte by byte
(RFC 4271 / 4760), a raw speaker that sends them to a receiving ExaBGP, the
receiver's configuration with a JSON and a text recorder, the CLI process
that asks the 5.0 receiver `show adj-rib in|out [extensive|json]`, and
`exabgp5 decode`.

A tool describes its receiver with a Receiver (families negotiated, the
neighbor statements naming them, the routes configured for the `show` run)
and calls capture_both(), then write_cases() and write_show()."""
import os
import signal
import socket
import struct
import subprocess
import sys
import time
from dataclasses import dataclass, field

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, 'tests', 'e2e'))
from harness import KEEPALIVE, RawPeer, Workdir, free_port, message, open_message, wait_for  # noqa: E402

from oracles import DEBIAN, ORACLE, RECORDER, speaker_env  # noqa: E402


def attr(flags, code, value):
    if len(value) > 255:
        flags |= 0x10
    if flags & 0x10:
        return struct.pack('!BBH', flags, code, len(value)) + value
    return struct.pack('!BBB', flags, code, len(value)) + value


def update(attrs=b'', withdrawn=b'', nlri=b''):
    return message(2, struct.pack('!H', len(withdrawn)) + withdrawn + struct.pack('!H', len(attrs)) + attrs + nlri)


def ip(text):
    return socket.inet_pton(socket.AF_INET6 if ':' in text else socket.AF_INET, text)


def mp_reach(afi, safi, nhs, nlri):
    nh = b''.join(ip(n) for n in nhs)
    return attr(0x80, 14, struct.pack('!HBB', afi, safi, len(nh)) + nh + b'\x00' + nlri)


def mp_unreach(afi, safi, nlri):
    return attr(0x80, 15, struct.pack('!HB', afi, safi) + nlri)


ORIGIN = attr(0x40, 1, b'\x00')
AS_PATH = attr(0x40, 2, b'')
LOCAL_PREF = attr(0x40, 5, struct.pack('!L', 100))
BASE = ORIGIN + AS_PATH + LOCAL_PREF


@dataclass
class Receiver:
    """families: (AFI, SAFI) the speaker offers; add_path: those it sends
    path identifiers for; neighbor: the receiver's statements for them
    (`family { ... }` and more); show: what the 5.0 receiver is configured to
    announce in the run that asks its CLI."""
    families: list
    neighbor: str
    show: str
    add_path: list = field(default_factory=list)


RECEIVER = '''process json {{
    run /usr/bin/python3 {recorder} {json_out};
    encoder json;
}}
process text {{
    run /usr/bin/python3 {recorder} {text_out};
    encoder text;
}}
neighbor 127.0.0.1 {{
    router-id 10.0.0.2;
    local-address {address};
    local-as 65001;
    peer-as 65001;
    passive;
    listen {port};
{neighbor}    api {{ processes [ json text ]; receive {{ parsed; update; }} }}
{extra}}}
'''

CLI_PROCESS = '''process cli {{
    run /usr/bin/python3 {cli} {trigger} {cli_out};
    encoder text;
}}
'''

# The process that asks the 5.0 receiver what its adj-RIBs hold, once the
# speaker has sent everything (the trigger file exists), and records the
# answers (sections "# COMMAND").
CLI = '''import os, select, sys, time
trigger, out = sys.argv[1], sys.argv[2]
while not os.path.exists(trigger):
    time.sleep(0.1)
pending = b""
with open(out, "a") as f:
    for command in ("show adj-rib in", "show adj-rib in extensive", "show adj-rib in json",
                    "show adj-rib out", "show adj-rib out extensive", "show adj-rib out json"):
        f.write("# " + command + "\\n")
        sys.stdout.write(command + "\\n")
        sys.stdout.flush()
        # The answer ends with a "done" and 3 quiet seconds. Read with
        # os.read: select() cannot see lines already in sys.stdin's buffer
        # (a readline() after select() left the last lines of an answer
        # there until the next command's answer came).
        deadline, done, last = time.time() + 60, False, time.time()
        while time.time() < deadline and not (done and time.time() - last > 3):
            if not select.select([0], [], [], 0.2)[0]:
                continue
            chunk = os.read(0, 65536)
            if not chunk:
                break
            last = time.time()
            pending += chunk
            while b"\\n" in pending:
                line, pending = pending.split(b"\\n", 1)
                text = line.decode()
                if text.strip() == "done":
                    done = True
                else:
                    f.write(text + "\\n")
        f.flush()
    f.write("# end\\n")
while True:
    time.sleep(1)
'''


def try_connect(address, port):
    try:
        peer = RawPeer('127.0.0.1')
        peer.server.close()
        peer.server = None
        return peer.connect(address, port, source='127.0.0.1')
    except OSError:
        return None


def speak(receiver, address, port, cases, trigger=None):
    caps = [bytes([1, 4]) + struct.pack('!HBB', afi, 0, safi) for afi, safi in receiver.families]
    caps.append(bytes([65, 4]) + struct.pack('!L', 65001))
    if receiver.add_path:
        ap = b''.join(struct.pack('!HBB', afi, safi, 2) for afi, safi in receiver.add_path)
        caps.append(bytes([69, len(ap)]) + ap)
    peer = wait_for(lambda: try_connect(address, port), 30, what=f'{address}:{port} to listen')
    try:
        peer.send(open_message(65001, '10.0.0.1', caps=caps))
        peer.read_until(1)
        peer.send(KEEPALIVE)
        peer.read_until(4)
        for _name, data in cases:
            peer.send(data)
            peer.send(KEEPALIVE)
            time.sleep(0.3)
        time.sleep(2)
        if trigger:  # the session must stay up while the CLI asks
            open(trigger, 'w').close()
            deadline = time.monotonic() + 240
            while time.monotonic() < deadline and '# end' not in open(trigger[:-len('.sent')] + '.cli').read():
                peer.send(KEEPALIVE)
                time.sleep(0.5)
    finally:
        peer.close()


def capture(work, receiver, name, argv, address, cases, show=False):
    """(json lines, text blocks, CLI answers) of the UPDATEs of `cases`, in
    order; the CLI answers are empty unless `show`."""
    port = free_port(address)
    json_out, text_out = work.join(f'{name}.json'), work.join(f'{name}.text')
    trigger, cli_out = work.join(f'{name}.sent'), work.join(f'{name}.cli')
    for f in (json_out, text_out, cli_out):
        open(f, 'w').close()
        os.chmod(f, 0o666)
    conf = RECEIVER.format(recorder=work.join('recorder.py'), json_out=json_out, text_out=text_out, address=address,
                           port=port, neighbor=receiver.neighbor,
                           extra=receiver.show + '    api { processes [ cli ]; }\n' if show else '')
    if show:
        conf = CLI_PROCESS.format(cli=work.join('cli.py'), trigger=trigger, cli_out=cli_out) + conf
    conf = work.file(f'{name}.conf', conf)
    with open(work.join(f'{name}.log'), 'w') as log:
        proc = subprocess.Popen([*argv, conf], stdout=log, stderr=subprocess.STDOUT,
                                env=speaker_env(port, address), start_new_session=True)
    try:
        speak(receiver, address, port, cases, trigger if show else None)
        wait_for(lambda: open(text_out).read().count(' update end') >= len(cases), 30,
                 what=f'{name} to report every UPDATE')
        if show:
            wait_for(lambda: '# end' in open(cli_out).read(), 240, what=f'{name} to answer the CLI')
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(proc.pid, signal.SIGKILL)
    json_lines = [l for l in open(json_out).read().splitlines() if '"type": "update"' in l]
    blocks, current = [], []
    for line in open(text_out).read().splitlines():
        if ' update start' in line:
            current = []
        elif ' update end' in line:
            blocks.append(current)
        elif line and ' update ' in line:
            current.append(line)
    return json_lines, blocks, open(cli_out).read()


def decode50(*args):
    """The last line `exabgp5 decode ARGS...` prints ('-' if none)."""
    r = subprocess.run([ORACLE, 'decode', *args], capture_output=True, text=True, timeout=60)
    lines = [l for l in r.stdout.splitlines() if l.strip()]
    return lines[-1] if lines else '-'


def capture_both(name, receiver, cases, not_42=()):
    """Sends `cases` to ExaBGP 5.0 (on 127.0.0.2, then asked its CLI) and to
    4.2 (on 127.0.0.3, but the cases named in `not_42`), in a work directory
    `name` (kept if $KEEP is set): (5.0's json lines, text blocks and CLI
    answers, 4.2's json lines and text blocks)."""
    work = Workdir(name)
    os.chmod(work.path, 0o755)  # the speakers may run their process as another user
    work.file('recorder.py', RECORDER)
    work.file('cli.py', CLI)
    try:
        j50, t50, cli = capture(work, receiver, 'exabgp50', [ORACLE, 'server'], '127.0.0.2', cases, show=True)
        cases42 = [c for c in cases if c[0] not in not_42]
        j42, t42 = [], []
        if cases42:  # (some families 4.2 does not know at all)
            j42, t42, _ = capture(work, receiver, 'exabgp42', [DEBIAN], '127.0.0.3', cases42)
    finally:
        if not os.environ.get('KEEP'):
            work.cleanup()
    assert len(j50) == len(t50) == len(cases), (len(j50), len(t50))
    assert len(j42) == len(t42) == len(cases42), (len(j42), len(t42))
    return j50, t50, cli, j42, t42


def write_cases(f, cases, j50, t50, j42, t42, not_42=()):
    """One block per case, each after a line '%%':
        case NAME
        hex UPDATE-HEX                 (the whole message, header included)
        decode50 LINE                  (`exabgp5 decode UPDATE-HEX`)
        json50 LINE / text50 LINES     (what the 5.0 receiver's processes read)
        json42 LINE / text42 LINES     (the same for 4.2, unless in `not_42`)
    Times, pids and host names are kept as captured; the tests replace them."""
    j42, t42 = iter(j42), iter(t42)
    for i, (name, data) in enumerate(cases):
        f.write('%%\n')
        f.write(f'case {name}\n')
        f.write(f'hex {data.hex().upper()}\n')
        f.write(f'decode50 {decode50(data.hex())}\n')
        f.write(f'json50 {j50[i]}\n')
        for line in t50[i]:
            f.write(f'text50 {line}\n')
        if name in not_42:
            continue
        f.write(f'json42 {next(j42)}\n')
        for line in next(t42):
            f.write(f'text42 {line}\n')


def write_show(path, heading, config, tool, cli):
    """The 5.0 receiver's CLI answers, after `heading` and the routes it was
    configured with (`config`), as comments."""
    with open(path, 'w') as f:
        f.write(heading)
        for line in config.splitlines():
            f.write('# ' + line + '\n')
        f.write(f'# Made by {tool}; rerun it to refresh. Sections start "# COMMAND".\n')
        f.write(cli)
    print(f'{path}: written')

"""The herald command line: validate, --test, decode, env, version, help,
bad configs, as ExaBGP 5.0's tools behave; and herald cli's interactive shell
on a pseudo-terminal."""

import fcntl
import os
import re
import select
import struct
import subprocess
import termios
import time

from harness import HERALD, Herald, free_port

# No system env file, whatever the machine has in /etc/exabgp.
CLEAN = {"PATH": "/usr/bin:/bin", "HERALD_SYSTEM_ENV_FILE": "",
         # A sanitizer build's settings (tools/test.sh) go through.
         **{k: v for k, v in os.environ.items() if k in ("ASAN_OPTIONS", "LSAN_OPTIONS", "UBSAN_OPTIONS")}}


def run(*args, env=None, **kw):
    return subprocess.run([HERALD, *args], capture_output=True, text=True, timeout=30,
                          env={**CLEAN, **(env or {})}, **kw)


GOOD = """
process watcher {
    run /bin/cat;
    encoder json;
}
neighbor 127.0.0.2 {
    router-id 10.0.0.1;
    local-address 127.0.0.1;
    local-as 65001;
    peer-as 65002;
    family { ipv4 unicast; ipv6 unicast; }
    api { processes [ watcher ]; neighbor-changes; receive { parsed; update; } }
    static { route 10.0.0.0/24 next-hop 198.51.100.1 med 10 community [ 65001:1 ]; }
}
"""


def test_version():
    r = run("version")
    assert r.returncode == 0
    assert re.match(r"herald \d+\.\d+\.\d+", r.stdout)


def test_help_for_each_command():
    for args in (["--help"], ["server", "--help"], ["validate", "--help"], ["demo", "--help"],
                 ["decode", "--help"], ["env", "--help"]):
        r = run(*args)
        assert r.returncode == 0, args
        assert "Usage" in r.stdout or "usage" in r.stdout.lower(), args


def test_help_names_the_program_commands_signals_and_settings():
    r = run("--help")
    assert r.returncode == 0
    assert r.stdout.startswith("herald: ")
    for word in ("validate", "decode", "env", "SIGUSR1", "SIGTERM", "/etc/exabgp/exabgp.env", "EXABGP_ENVFILE"):
        assert word in r.stdout, word
    # No command at all: the help, and argparse's usage exit code.
    r = run()
    assert r.returncode == 2 and "validate" in r.stderr


def test_validate_accepts_a_good_config(work):
    path = work.file("good.conf", GOOD)
    for args in (["validate", path], ["--test", path]):
        r = run(*args)
        assert r.returncode == 0, r.stderr
        # ExaBGP 5.0's lines, on stderr; nothing on stdout.
        assert r.stderr == f"configuration   loading {path}\nconfiguration   \u2713 loading\n"
        assert r.stdout == ""


def test_validate_neighbors_and_routes_combined(work):
    path = work.file("good.conf", GOOD)
    for flags in (["-nrv"], ["-n", "-r", "-v"]):
        r = run("validate", *flags, path)
        assert r.returncode == 0, r.stderr
        lines = r.stderr.splitlines()
        assert "configuration   checking neighbors" in lines
        assert "configuration   \u2713 neighbor  127.0.0.2" in lines
        assert "configuration   checking routes" in lines
        assert "parser          parsed route 10.0.0.0/24 next-hop 198.51.100.1 med 10 community [ 65001:1 ]" in lines
        assert lines[-1] == "configuration   \u2713 routes"
    r = run("validate", "-x", path)
    assert r.returncode == 2


def test_validate_reports_file_line_column(work):
    bad = GOOD.replace("peer-as 65002;", "peer-as 65002;\n    frobnicate yes;").replace(
        "med 10", "med ten")
    path = work.file("bad.conf", bad)
    for args in (["validate", path], ["--test", path]):
        r = run(*args)
        assert r.returncode != 0
        errors = r.stderr.strip().splitlines()
        assert any(re.match(re.escape(path) + r":11:5: .*frobnicate", e) for e in errors), r.stderr
        assert any(re.match(re.escape(path) + r":14:\d+: .*ten", e) for e in errors), r.stderr


def test_server_refuses_a_bad_config(work):
    path = work.file("bad.conf", GOOD.replace("local-as 65001;", "local-as banana;"))
    r = run(path, env={"PATH": "/usr/bin:/bin", "exabgp.daemon.drop": "false"})
    assert r.returncode != 0
    assert f"{path}:" in r.stdout + r.stderr


UPDATE = ("ffffffffffffffffffffffffffffffff0051020000003a4001010240020602010000fdea80040400000014"
          "c00804fdea0006800e1c0002011020010db8000000000000000000000072003020010db80072")


def test_decode_prints_what_a_process_gets():
    for payload in (UPDATE, UPDATE[38:]):  # with and without the header
        r = run("decode", payload)
        assert r.returncode == 0, r.stderr
        line = re.sub(r'"time": [0-9.]+, "host" : "[^"]*", "pid" : \d+, "ppid" : \d+', "ENV", r.stdout)
        assert line == (
            '{ "exabgp": "5.0.0", ENV, "counter": 1, "type": "update", "neighbor": { "address": '
            '{ "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65533, "peer": 65533 }, '
            '"router-id": "10.0.0.2" , "direction": "in", "message": { "update": { "attribute": '
            '{ "origin": "incomplete", "as-path": {"0": {"element": "as-sequence", "value": [65002]}}, '
            '"med": 20, "community": [ [ 65002, 6 ] ] }, "announce": { "ipv6 unicast": '
            '{ "2001:db8::72": [ { "nlri": "2001:db8:72::/48" } ] } } } } } }\n')
    r = run("decode", "-n", "-f", "ipv6 unicast", "3020010db80072")
    assert (r.returncode, r.stdout) == (0, '{ "nlri": "2001:db8:72::/48" }\n')
    r = run("decode", "-n", "-f", "ipv6 rtc", "00")
    assert r.returncode == 1 and "family ipv6 rtc is not supported by herald yet" in r.stderr
    r = run("decode", "0000")
    assert (r.returncode, r.stdout) == (1, "invalid payload\n")
    r = run("decode", "not-hex")
    assert r.returncode == 1 and "hexadecimal" in r.stderr


def test_env_forms_and_files(work):
    r = run("env")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("\n[exabgp.api]\nack = true\n")
    r = run("env", "-d", env={"exabgp_tcp_port": "1790"})
    assert r.stdout == "\n[exabgp.tcp]\nport = 1790\n"
    r = run("env", "-de", env={"exabgp_tcp_port": "1790"})
    assert r.stdout == "exabgp.tcp.port=1790\n"
    # The env file: --env-file (before or after the command), else
    # $EXABGP_ENVFILE, else the system file.
    a = work.file("a.env", "[exabgp.tcp]\nport = 1001\n")
    b = work.file("b.env", "[exabgp.tcp]\nport = 1002\n")
    system = work.file("system.env", "[exabgp.tcp]\nport = 1003\n")
    both = {"EXABGP_ENVFILE": b, "HERALD_SYSTEM_ENV_FILE": system}
    assert run("--env-file", a, "env", "-de", env=both).stdout == "exabgp.tcp.port=1001\n"
    assert run("env", "-de", "--env-file", a, env=both).stdout == "exabgp.tcp.port=1001\n"
    assert run("env", "-de", env=both).stdout == "exabgp.tcp.port=1002\n"
    assert run("env", "-de", env={"HERALD_SYSTEM_ENV_FILE": system}).stdout == "exabgp.tcp.port=1003\n"
    missing = {"HERALD_SYSTEM_ENV_FILE": os.path.join(work.path, "none.env")}
    assert run("env", "-de", env=missing).stdout == ""


def test_settings_not_acted_on_warn_at_start(work):
    env_file = work.file("herald.env", "[exabgp.api]\ncli = true\nchunk = 2\n[exabgp.reactor]\nspeed = 2.0\n")
    r = run("env", "-d", env={"EXABGP_ENVFILE": env_file, "exabgp.api.pipename": "other"})
    assert r.returncode == 0
    assert "api.cli" not in r.stderr and "pipename" not in r.stderr, r.stderr  # the CLI's pipes
    for where in (f"{env_file}:3: api.chunk", f"{env_file}:5: reactor.speed"):
        assert re.search(re.escape(where) + r".* is not supported by herald yet", r.stderr), (where, r.stderr)


def test_validate_prints_what_exabgp50_prints_for_the_tests_configs(work):
    """src/daemon/testdata/validate_tests.golden: `exabgp validate -n -r` on
    the module-level configs of these tests (tools/tools_golden.py)."""
    import ast
    import glob
    here = os.path.dirname(os.path.abspath(__file__))
    golden, name = {}, None
    with open(os.path.join(here, "..", "..", "src", "daemon", "testdata", "validate_tests.golden")) as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("> "):
                golden[name][1].append(line[2:])
            elif line and not line.startswith("#"):
                name, rc = line.split("\trc ")
                golden[name] = (int(rc), [])
    configs = {}
    for path in sorted(glob.glob(os.path.join(here, "test_*.py"))):
        for node in ast.parse(open(path).read()).body:
            if (isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
                    and isinstance(node.value.value, str) and "neighbor " in node.value.value
                    and "{{" not in node.value.value):
                for t in node.targets:
                    configs[f"{os.path.basename(path)}:{t.id}"] = node.value.value
    assert set(configs) == set(golden), "run tools/tools_golden.py"
    for name, (rc, lines) in golden.items():
        path = work.file("config.conf", configs[name])
        r = run("validate", "-n", "-r", path)
        assert r.returncode == (0 if rc == 0 else 1), (name, r.stderr)
        if rc == 0:
            # herald's own warnings (file:line:column) aside.
            got = [l.replace(path, "CONFIG") for l in r.stderr.splitlines() if not l.startswith(path + ":")]
            assert got == lines, name


# --- herald cli's interactive shell, on a pseudo-terminal -------------------

class Terminal:
    """`herald cli` with stdin and stdout on a pseudo-terminal, as a user at a
    terminal runs it. Every read is bounded; close() ends the process by pid."""

    def __init__(self, args, env):
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 200, 0, 0))
        self.initial = termios.tcgetattr(slave)  # what the shell must leave behind
        self.proc = subprocess.Popen([HERALD, "cli", *args], stdin=slave, stdout=slave, stderr=slave,
                                     env=env, start_new_session=True)
        os.close(slave)
        self.master = master
        self.seen = b""  # everything the terminal showed
        self.at = 0      # where the next expect() starts looking

    def type(self, keys):
        os.write(self.master, keys.encode())

    def _read(self, timeout):
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return False
        try:
            data = os.read(self.master, 65536)
        except OSError:  # EIO: the process has gone
            return False
        self.seen += data
        return bool(data)

    def expect(self, pattern, timeout=15):
        """Waits for pattern in what the terminal shows from the last match on."""
        rx = re.compile(pattern.encode() if isinstance(pattern, str) else pattern)
        deadline = time.monotonic() + timeout
        while True:
            m = rx.search(self.seen, self.at)
            if m:
                self.at = m.end()
                return m
            left = deadline - time.monotonic()
            if left <= 0 or (not self._read(left) and self.proc.poll() is not None):
                raise AssertionError(f"no /{pattern}/ on the terminal; it shows: {self.seen[self.at:]!r}")

    def wait(self, timeout=15):
        code = self.proc.wait(timeout)
        while self._read(0.1):  # what it printed last
            pass
        return code

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(5)
        os.close(self.master)


def read_history(path):
    """The lines of a libedit history file (spaces written as \\040)."""
    with open(path) as f:
        lines = f.read().splitlines()
    assert lines[0] == "_HiStOrY_V2_"
    return [l.replace("\\040", " ") for l in lines[1:]]


def start_for_shell(work):
    """herald with one neighbor (no peer there) and its control socket."""
    sock = work.join("herald.sock")
    config = """
        neighbor 127.0.0.2 {
            router-id 10.0.0.1; local-address 127.0.0.1; local-as 65001; peer-as 65002;
            family { ipv4 unicast; }
        }
"""
    h = work.track(Herald(work, config, env={"exabgp.tcp.port": str(free_port("127.0.0.2")),
                                             "exabgp.api.socket": sock}).start())
    h.wait_output("control socket: " + re.escape(sock))
    return sock


def test_cli_shell_completes_recalls_and_keeps_history(work):
    """The interactive shell: TAB completes command words (and a route's
    keywords and values), nicknames still
    work, neighbor addresses come from the daemon, the up arrow recalls the
    last command, Ctrl-C drops the line, exit / Ctrl-D leave, and the
    history is written to $HERALD_HISTORY and read back."""
    sock = start_for_shell(work)
    history = work.join("history")
    env = {**CLEAN, "TERM": "xterm", "HOME": work.path, "HERALD_HISTORY": history}

    t = Terminal(["--socket", sock], env)
    try:
        t.expect(r"herald> ")
        # sh: show or shutdown, listed; o: show.
        t.type("sh\t")
        t.expect(r"show\s+shutdown")
        t.type("o\tnei\tsu\t\r")
        t.expect(r"Peer +AS +up/down state")
        t.expect(r"127\.0\.0\.2 +65002 ")
        t.expect(r"herald> ")
        # A neighbor's address, as the daemon names it.
        t.type("show neighbor extensive 12\t\r")
        t.expect(r"Neighbor 127\.0\.0\.2")
        t.expect(r"herald> ")
        # Nicknames, typed.
        t.type("s n s\r")
        t.expect(r"Peer +AS")
        t.expect(r"herald> ")
        # Up arrow: the last command again.
        t.type("version\r")
        t.expect(r"herald \d+\.\d+\.\d+")
        t.expect(r"herald> ")
        t.type("\x1b[A\r")
        t.expect(r"herald \d+\.\d+\.\d+")
        t.expect(r"herald> ")
        # Inside a route: the route grammar's keywords, origin's values.
        t.type("announce route 10.9.0.0/24 next-h\t1.2.3.4 orig\t i\t")
        t.expect(r"igp\s+incomplete")
        t.type("nc\t\r")  # the line as completed: in the history below
        t.expect(r"herald> ")
        # Ctrl-C drops what was typed; the shell goes on.
        t.type("bogus words\x03")
        t.expect(r"\^C")
        t.expect(r"herald> ")
        t.type("exit\r")
        assert t.wait() == 0, t.seen
        assert b"returns an error" not in t.seen, t.seen
        # The terminal as it was before the shell.
        assert termios.tcgetattr(t.master) == t.initial
    finally:
        t.close()
    assert read_history(history) == ["show neighbor summary", "show neighbor extensive 127.0.0.2", "s n s", "version",
                                     "announce route 10.9.0.0/24 next-hop 1.2.3.4 origin incomplete", "exit"]

    # The history is read back: up arrow three times is `version`, then Ctrl-D.
    t = Terminal(["--socket", sock], env)
    try:
        t.expect(r"herald> ")
        t.type("\x1b[A\x1b[A\x1b[A\r")
        t.expect(r"herald \d+\.\d+\.\d+")
        t.expect(r"herald> ")
        t.type("\x04")
        assert t.wait() == 0, t.seen
    finally:
        t.close()
    assert read_history(history)[-2:] == ["exit", "version"]


def test_cli_shell_history_is_capped_and_its_failures_are_warnings(work):
    """1000 lines at most; a history file that cannot be written is a
    warning, not a failure; HERALD_HISTORY empty: no file."""
    sock = start_for_shell(work)
    history = work.join("history")
    with open(history, "w") as f:
        f.write("_HiStOrY_V2_\n" + "".join(f"version{i}\n" for i in range(1100)))
    env = {**CLEAN, "TERM": "xterm", "HOME": work.path}
    for value, check in ((history, "capped"), (work.join("no", "such", "dir"), "warned"), ("", "none")):
        t = Terminal(["--socket", sock], {**env, "HERALD_HISTORY": value})
        try:
            t.expect(r"herald> ")
            t.type("version\r")
            t.expect(r"herald \d+\.\d+\.\d+")
            t.type("quit\r")
            assert t.wait() == 0, t.seen
        finally:
            t.close()
        if check == "capped":
            lines = read_history(history)
            assert len(lines) == 1000 and lines[-2:] == ["version", "quit"], lines[-3:]
            assert lines[0] == "version102"
        elif check == "warned":
            assert b"warning: cannot write the history file " + value.encode() in t.seen, t.seen
    assert not os.path.exists(work.join(".herald_history"))

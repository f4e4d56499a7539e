"""systemd integration: the unit file in etc/systemd verifies and is hardened
(systemd-analyze), and herald speaks the sd_notify protocol to the socket a
unit gives it: READY=1 once configured, WATCHDOG=1 pings at half of
WATCHDOG_USEC, RELOADING=1 then READY=1 around a reload (a failed one
included), STOPPING=1 at shutdown. PID 1 here is not systemd, so the
protocol is checked with a socket of the test's own, as systemd would
receive it."""

import os
import shutil
import signal
import socket
import subprocess

import pytest

from harness import HERALD, ROOT, Herald, free_port, wait_for

UNIT = os.path.join(ROOT, "etc", "systemd", "herald.service")


def test_unit_file_verifies_and_is_hardened(work):
    if not shutil.which("systemd-analyze"):
        pytest.skip("systemd-analyze is not installed")
    # The unit as installed, pointed at this build's binary (verify checks
    # that ExecStart's program exists).
    text = open(UNIT).read().replace("/usr/sbin/herald", HERALD)
    path = work.file("herald.service", text)
    r = subprocess.run(["systemd-analyze", "verify", "--man=no", path], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stderr.strip() == "", r.stderr
    r = subprocess.run(["systemd-analyze", "security", "--offline=yes", "--threshold=25", path],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Overall exposure level for herald.service: 2." in r.stdout, r.stdout
    for line in ("Type=notify", "WatchdogSec=", "ExecReload=/bin/kill -USR1 $MAINPID", "NoNewPrivileges=yes",
                 "ProtectSystem=strict", "User=herald"):
        assert line in text


class NotifySocket:
    def __init__(self, path):
        self.path = path
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(path)
        self.sock.settimeout(0.2)
        self.messages = []

    def drain(self):
        while True:
            try:
                self.messages.append(self.sock.recv(4096).decode())
            except (socket.timeout, BlockingIOError):
                return self.messages

    def seen(self, predicate):
        return [m for m in self.drain() if predicate(m)]

    def close(self):
        self.sock.close()


CONFIG = """
    process env {{
        run /bin/sh {script};
        encoder text;
        env {{ SERVICE web; }}
    }}
    neighbor 127.0.0.2 {{
        router-id 10.0.0.1;
        local-address 127.0.0.1;
        local-as 65001;
        peer-as 65002;
        passive;
        api {{ processes [ env ]; }}
    }}
    """


def test_sd_notify(work):
    notify = NotifySocket(work.join("notify.sock"))
    try:
        env_out = work.join("process.env")
        script = work.file("env.sh", f"env > {env_out}\nwhile read line; do :; done\n")
        h = work.track(Herald(work, CONFIG.format(script=script),
                              env={"exabgp.tcp.port": str(free_port("127.0.0.2")),
                                   "NOTIFY_SOCKET": notify.path, "WATCHDOG_USEC": "400000"}).start())
        ready = lambda: notify.seen(lambda m: m.startswith("READY=1"))  # noqa: E731
        wait_for(ready, 15, what="READY=1")
        assert "STATUS=0 of 1 session established, 1 process" in ready()[0]
        # Pings every 200 ms: a few within seconds.
        wait_for(lambda: len(notify.seen(lambda m: m == "WATCHDOG=1")) >= 3, 15, what="three WATCHDOG=1")
        h.wait_output(r"systemd watchdog: a ping every 200 ms", 5)
        # The process does not inherit the variables.
        wait_for(lambda: os.path.exists(env_out) and os.path.getsize(env_out) > 0, 10, what="the process's env")
        assert "NOTIFY_SOCKET" not in open(env_out).read()
        assert "WATCHDOG_USEC" not in open(env_out).read()
        assert "\nSERVICE=web\n" in open(env_out).read()  # the process's env block

        # A reload: RELOADING=1 (with the monotonic time), then READY=1.
        before = len(ready())
        h.send_signal(signal.SIGUSR1)
        wait_for(lambda: len(ready()) == before + 1, 15, what="READY=1 after the reload")
        reloading = notify.seen(lambda m: m.startswith("RELOADING=1"))
        assert len(reloading) == 1 and "MONOTONIC_USEC=" in reloading[0]
        # A reload that fails keeps the old configuration, and says so.
        with open(h.config_path, "a") as f:
            f.write("\nthis is not a configuration;\n")
        h.send_signal(signal.SIGUSR1)
        wait_for(lambda: len(ready()) == before + 2, 15, what="READY=1 after the failed reload")
        assert "STATUS=reload failed: the previous configuration stays in force" in ready()[-1]

        h.send_signal(signal.SIGTERM)
        wait_for(lambda: notify.seen(lambda m: m.startswith("STOPPING=1")), 15, what="STOPPING=1")
        wait_for(lambda: not h.alive(), 15, what="herald to exit")
    finally:
        notify.close()


def test_without_notify_socket_nothing_is_sent(work):
    h = work.track(Herald(work, CONFIG.format(script=work.file("idle.sh", "while read l; do :; done\n")),
                          env={"exabgp.tcp.port": str(free_port("127.0.0.2")), "WATCHDOG_USEC": "400000"}).start())
    h.wait_output(r"herald running", 10)
    assert "systemd watchdog" not in h.output()

"""Differential test of `herald healthcheck` against ExaBGP 5.0's healthcheck
(the oracle) and Debian's ExaBGP 4.2: the same options and the same scripted
sequence of check results must print the same API lines.

The check command is a script that walks a plan: check N exits with the
plan's Nth result; an entry ending in "+off" also creates the --disable file
(the next iteration is DISABLED; a --disabled-execute hook removes the file,
so that the service is back the iteration after). Past the end of the plan
the check writes a marker and blocks: the test then sends SIGTERM, and the
EXIT lines (withdrawals) are compared too. Every line printed is acked with
`done` on stdin, as herald and ExaBGP do. Sequences only: no timing is
compared, every wait is bounded."""

import os
import select
import signal
import subprocess
import time

import pytest

from harness import HERALD, PYTHON

ORACLE = "/work/shared/oracle/exabgp5"
DEADLINE = 90  # seconds for one run

CHECK = """#!/bin/sh
dir=$(dirname "$0")
n=$(cat "$dir/counter")
echo $((n + 1)) > "$dir/counter"
entry=$(sed -n "$((n + 1))p" "$dir/plan")
if [ -z "$entry" ]; then
  echo $$ > "$dir/blocked"
  exec sleep 60
fi
case "$entry" in *+off) : > "$dir/off" ;; esac
case "$entry" in ok*) exit 0 ;; *) exit 1 ;; esac
"""


def run(work_dir, argv, plan, args):
    """Runs one healthcheck through the plan; returns the lines it printed."""
    os.makedirs(work_dir)
    with open(os.path.join(work_dir, "plan"), "w") as f:
        f.write("".join(p + "\n" for p in plan))
    with open(os.path.join(work_dir, "counter"), "w") as f:
        f.write("0\n")
    check = os.path.join(work_dir, "check.sh")
    with open(check, "w") as f:
        f.write(CHECK)
    off = os.path.join(work_dir, "off")
    full = [*argv, "--no-ip-setup", "--no-syslog", "--timeout", "30", "--interval", "0.05",
            "--fast-interval", "0.05", "--cmd", f"sh {check}", "--disable", off,
            "--disabled-execute", f"rm -f {off}", *args]
    stderr = open(os.path.join(work_dir, "stderr"), "w")
    p = subprocess.Popen(full, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr,
                         start_new_session=True)
    lines, buf, terminated = [], b"", False
    end = time.monotonic() + DEADLINE
    try:
        while time.monotonic() < end:
            if not terminated and os.path.exists(os.path.join(work_dir, "blocked")):
                p.send_signal(signal.SIGTERM)
                terminated = True
            ready, _, _ = select.select([p.stdout], [], [], 0.05)
            if not ready:
                continue
            chunk = os.read(p.stdout.fileno(), 65536)
            if not chunk:
                break
            buf += chunk
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                lines.append(line.decode())
                try:
                    p.stdin.write(b"done\n")
                    p.stdin.flush()
                except BrokenPipeError:
                    pass
        else:
            pytest.fail(f"{argv[0]} did not finish in {DEADLINE}s: {lines}")
        assert p.wait(timeout=10) == 0, open(os.path.join(work_dir, "stderr")).read()
    finally:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait(timeout=10)
        try:  # the blocked check, left behind by ExaBGP's SIGTERM handler
            os.kill(int(open(os.path.join(work_dir, "blocked")).read()), signal.SIGKILL)
        except (OSError, ValueError):
            pass
        stderr.close()
    return lines


CASES = {
    "up_down_up": (["ok", "fail", "ok", "ok"], ["--ip", "192.0.2.10/32", "--rise", "1", "--fall", "1"]),
    "rise_fall_3": (["ok", "ok", "fail", "ok", "ok", "ok", "fail", "fail", "fail", "ok"],
                    ["--ip", "192.0.2.10/32", "--rise", "3", "--fall", "3"]),
    "rise_2_fall_2_flaps": (["fail", "ok", "fail", "fail", "ok", "ok", "fail", "ok", "fail", "fail"],
                            ["--ip", "192.0.2.10/32", "--rise", "2", "--fall", "2"]),
    "disable_file": (["ok", "ok+off", "ok", "ok", "fail+off", "fail", "fail"],
                     ["--ip", "192.0.2.10/32", "--rise", "2", "--fall", "2"]),
    "several_ips_increase": (["ok", "fail", "ok+off", "ok"],
                             ["--ip", "192.0.2.10/32", "--ip", "192.0.2.11/32", "--ip", "2001:db8::10/128",
                              "--increase", "7", "--up-metric", "10", "--down-metric", "2000",
                              "--disabled-metric", "300", "--rise", "1", "--fall", "1"]),
    "communities_as_path": (["ok", "fail", "ok+off", "ok"],
                            ["--ip", "192.0.2.10/32", "--rise", "1", "--fall", "1", "--community", "65000:1 65000:2",
                             "--disabled-community", "65000:666", "--extended-community", "target:65000:7",
                             "--large-community", "65000:1:1", "--as-path", "65001", "--up-as-path", "65002 65002",
                             "--disabled-as-path", "65003", "--local-preference", "200", "--next-hop",
                             "192.0.2.1"]),
    "withdraw_on_down": (["ok", "fail", "fail", "ok+off", "ok", "ok"],
                         ["--ip", "192.0.2.10/32", "--ip", "192.0.2.11/32", "--rise", "1", "--fall", "1",
                          "--withdraw-on-down"]),
    "path_id_neighbor": (["ok", "fail", "ok"],
                         ["--ip", "192.0.2.10/32", "--rise", "1", "--fall", "1", "--path-id", "42",
                          "--neighbor", "127.0.0.2", "--neighbor", "2001:db8::2"]),
    "neighbor_star": (["ok", "fail"], ["--ip", "192.0.2.10/32", "--rise", "1", "--fall", "1",
                                       "--neighbor", "127.0.0.2", "--neighbor", "*"]),
    "debounce": (["ok", "ok", "ok", "fail", "fail", "ok+off", "ok", "ok"],
                 ["--ip", "192.0.2.10/32", "--rise", "1", "--fall", "1", "--debounce"]),
    "start_ip_deaggregate": (["ok", "fail"], ["--ip", "192.0.2.8/30", "--ip", "192.0.2.20/32",
                                              "--deaggregate-networks", "--start-ip", "2", "--rise", "1",
                                              "--fall", "1"]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_same_lines_as_exabgp5(work, case):
    plan, args = CASES[case]
    herald = run(work.join("herald"), [HERALD, "healthcheck"], plan, args)
    oracle = run(work.join("oracle"), [ORACLE, "healthcheck"], plan, args)
    assert herald, "herald printed nothing"
    assert herald == oracle
    assert " withdraw route " in herald[-1]  # the EXIT lines, after SIGTERM


# ExaBGP 4.2 prints no `neighbor *` prefix when --neighbor is not given, and
# lacks 5.0's newer options (--ip-ifname, --deaggregate-networks, --start-ip,
# --debounce):
# the cases it has, compared with that prefix taken away.
CASES_42 = ["up_down_up", "rise_fall_3", "disable_file", "several_ips_increase", "communities_as_path",
            "withdraw_on_down", "path_id_neighbor"]


@pytest.mark.parametrize("case", CASES_42)
def test_same_lines_as_exabgp42(work, case):
    if not os.path.exists("/usr/lib/python3/dist-packages/exabgp/application/healthcheck.py"):
        pytest.skip("Debian's exabgp 4.2 is not installed")
    plan, args = CASES[case]
    herald = run(work.join("herald"), [HERALD, "healthcheck"], plan, args)
    old = run(work.join("exabgp42"), [PYTHON, "-m", "exabgp", "healthcheck"], plan, args)
    strip = [line[len("neighbor * "):] if line.startswith("neighbor * ") else line for line in herald]
    assert strip == old


def test_config_file_same_as_exabgp5(work):
    """--config FILE: `key = value` lines and bare flags, then the command
    line's options."""
    conf = work.file("healthcheck.conf", "# the service\nip = 192.0.2.10/32\nrise=1\nfall = 1\n\n"
                                         "withdraw-on-down\ncommunity = 65000:1 65000:2\nip = 192.0.2.11/32\n")
    plan, args = ["ok", "fail", "ok"], ["--config", conf, "--up-metric", "50"]
    herald = run(work.join("herald"), [HERALD, "healthcheck"], plan, args)
    oracle = run(work.join("oracle"), [ORACLE, "healthcheck"], plan, args)
    assert herald[0] == ("neighbor * announce route 192.0.2.10/32 next-hop self med 50 "
                         "community [ 65000:1 65000:2 ]")
    assert herald == oracle


@pytest.mark.parametrize("args", [["--bogus"], ["--silent", "--no-syslog"], ["--interval", "x"],
                                  ["--ip", "192.0.2.1/24"], ["--rise"], ["extra"]])
def test_usage_errors_exit_2_as_exabgp5(args):
    for argv in ([HERALD, "healthcheck"], [ORACLE, "healthcheck"]):
        p = subprocess.run([*argv, "--no-syslog" if args[0] != "--silent" else "--debug", *args],
                           capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
        assert p.returncode == 2, (argv, p.stderr)
        assert "error: " in p.stderr


def test_waits_for_each_ack_unless_no_ack(work):
    """After each line, the next waits for a line on stdin (`done`), as in
    ExaBGP 5.0; with --no-ack it does not."""
    base = [HERALD, "healthcheck", "--no-ip-setup", "--no-syslog", "--interval", "0", "--rise", "1",
            "--ip", "192.0.2.10/32", "--ip", "192.0.2.11/32"]
    p = subprocess.Popen(base, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        first = p.stdout.readline()
        assert b"192.0.2.10/32" in first
        ready, _, _ = select.select([p.stdout], [], [], 0.5)
        assert not ready, "the second line came before the first was acked"
        p.stdin.write(b"done\n")
        p.stdin.flush()
        ready, _, _ = select.select([p.stdout], [], [], 20)
        assert ready and b"192.0.2.11/32" in p.stdout.readline()
        p.stdin.write(b"done\n")
        p.stdin.close()
        assert p.wait(timeout=20) == 0
    finally:
        if p.poll() is None:
            p.kill()
            p.wait(timeout=10)
    p = subprocess.run([*base, "--no-ack"], stdin=subprocess.PIPE, capture_output=True, timeout=20)
    assert p.returncode == 0
    assert len(p.stdout.splitlines()) == 2

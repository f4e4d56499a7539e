"""The files herald reads and writes, under hostile or mistaken use: config
paths that are devices, FIFOs or huge; a config whose missing brace hides
its neighbors; the pid file (no symlink followed, removed at exit, also
after dropping privileges); the log file's mode (daemon.umask)."""

import os
import pwd
import signal
import stat
import subprocess

import pytest

from harness import HERALD, Herald, free_port, wait_for


def run(*args, timeout=30, **kw):
    return subprocess.run([HERALD, *args], capture_output=True, text=True, timeout=timeout, **kw)


CONF = """
neighbor 127.0.0.2 {
    router-id 10.0.0.1;
    local-address 127.0.0.1;
    local-as 65001;
    peer-as 65002;
}
"""


def test_validate_refuses_devices_and_fifos_at_once(work):
    fifo = work.join("fifo")
    os.mkfifo(fifo)
    for path, kind in (("/dev/zero", "a character device"), (fifo, "a FIFO")):
        r = run("validate", path, timeout=10)
        assert r.returncode == 1
        assert f"\n{path}: is {kind}, not a configuration file" in r.stderr, r.stderr


def test_validate_reads_a_pipe_given_as_dev_stdin(work):
    r = subprocess.run([HERALD, "validate", "-n", "/dev/stdin"], input=CONF, capture_output=True,
                       text=True, timeout=10)
    assert r.returncode == 0, r.stderr
    assert "configuration   \u2713 neighbor  127.0.0.2\n" in r.stderr


def test_the_server_refuses_a_config_it_could_not_read_again(work):
    r = subprocess.run([HERALD, "/dev/stdin"], input=CONF, capture_output=True, text=True,
                       timeout=10, env={**os.environ, "exabgp.daemon.drop": "false"})
    assert r.returncode == 1
    assert "/dev/stdin is not a regular file" in r.stderr


def test_a_missing_brace_that_hides_the_neighbors_is_an_error(work):
    with open("/usr/share/doc/exabgp/examples/conf-new-v4.conf") as f:
        lines = f.read().split("\n")
    assert lines[10] == "}"  # the end of the template
    path = work.file("missing.conf", "\n".join(lines[:10] + lines[11:]))
    r = run("validate", path)
    assert r.returncode == 1, r.stdout
    assert f"{path}:1:10: missing '}}' to close template" in r.stderr
    assert "'neighbor' at line 12" in r.stderr
    # The brace missing at the very end of the file only: a warning.
    path = work.file("end.conf", "\n".join(lines).rstrip().rstrip("}"))
    r = run("validate", "-n", path)
    assert r.returncode == 0, r.stderr
    assert "configuration   \u2713 neighbor  " in r.stderr
    assert "missing '}' to close neighbor at end of file" in r.stderr


def start(work, env, name="herald"):
    port = free_port("127.0.0.2")
    h = work.track(Herald(work, CONF, env={"exabgp.tcp.port": str(port), **env}, name=name).start())
    h.wait_output(r"herald running", 10)
    return h


def test_the_pid_file_is_written_and_removed(work):
    pid_path = work.join("herald.pid")
    h = start(work, {"exabgp.daemon.pid": pid_path})
    assert open(pid_path).read() == f"{h.proc.pid}\n"
    assert stat.S_IMODE(os.stat(pid_path).st_mode) == 0o640  # 0644 less the default umask 0137
    # A second herald with the same pid file refuses to start.
    second = start_fails(work, {"exabgp.daemon.pid": pid_path})
    assert "is held by another herald running" in second
    assert open(pid_path).read() == f"{h.proc.pid}\n"
    h.send_signal(signal.SIGTERM)
    assert h.proc.wait(15) == 0
    assert not os.path.exists(pid_path)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGHUP])
def test_the_pid_file_is_removed_on_other_stop_signals(work, sig):
    pid_path = work.join("herald.pid")
    h = start(work, {"exabgp.daemon.pid": pid_path})
    assert os.path.exists(pid_path)
    h.send_signal(sig)
    assert h.proc.wait(15) == 0
    assert not os.path.exists(pid_path)


def test_the_pid_file_is_removed_when_herald_ends_by_itself(work):
    # tcp.attempts: herald gives up on its only peer and exits normally.
    pid_path = work.join("herald.pid")
    port = free_port("127.0.0.2")  # nobody listens there
    h = work.track(Herald(work, CONF, env={"exabgp.tcp.port": str(port), "exabgp.tcp.attempts": "1",
                                           "exabgp.daemon.pid": pid_path}).start())
    wait_for(lambda: os.path.exists(pid_path) or h.proc.poll() is not None, 10, what="the pid file")
    assert h.proc.wait(30) == 0
    assert "giving up after 1 connection attempt(s)" in h.output()
    assert not os.path.exists(pid_path)


def start_fails(work, env):
    port = free_port("127.0.0.2")
    h = Herald(work, CONF, env={"exabgp.tcp.port": str(port), **env}, name="refused").start()
    try:
        assert h.proc.wait(10) == 1
    finally:
        h.stop()
    return h.output()


@pytest.mark.parametrize("what", ["symlink", "hardlink", "fifo"])
def test_the_pid_file_path_is_not_trusted(work, what):
    victim = work.file("victim", "precious\n")
    pid_path = work.join("herald.pid")
    if what == "symlink":
        os.symlink(victim, pid_path)
    elif what == "hardlink":
        os.link(victim, pid_path)
    else:
        os.mkfifo(pid_path)
    out = start_fails(work, {"exabgp.daemon.pid": pid_path})
    assert f"pid file {pid_path}" in out and "refused" in out, out
    assert open(victim).read() == "precious\n"


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to drop privileges")
def test_the_pid_file_after_dropping_privileges(work):
    nobody = pwd.getpwnam("nobody")
    # A directory the dropped user may write: the file is removed.
    own = work.join("run-nobody")
    os.mkdir(own)
    os.chown(own, nobody.pw_uid, nobody.pw_gid)
    # One only root may write (as /run): the file is emptied instead.
    root_only = work.join("run-root")
    os.mkdir(root_only, 0o755)
    os.chmod(work.path, 0o755)  # let nobody reach them
    for directory, removed in ((own, True), (root_only, False)):
        pid_path = os.path.join(directory, "herald.pid")
        h = start(work, {"exabgp.daemon.pid": pid_path, "exabgp.daemon.drop": "true",
                                  "exabgp.daemon.user": "nobody"}, name=f"drop-{removed}")
        h.wait_output(r"dropped privileges to user nobody", 10)
        assert open(pid_path).read() == f"{h.proc.pid}\n"
        h.send_signal(signal.SIGTERM)
        assert h.proc.wait(15) == 0
        if removed:
            assert not os.path.exists(pid_path)
        else:
            assert open(pid_path).read() == ""
            assert f"cannot remove pid file {pid_path}" in h.output()


@pytest.mark.parametrize("umask, mode", [(None, 0o640), ("0077", 0o600), ("0022", 0o644)])
def test_the_log_file_follows_daemon_umask(work, umask, mode):
    log = work.join("herald-file.log")
    env = {"exabgp.log.destination": log}
    if umask:
        env["exabgp.daemon.umask"] = umask
    port = free_port("127.0.0.2")
    h = work.track(Herald(work, CONF, env={"exabgp.tcp.port": str(port), **env}, name="umask").start())
    wait_for(lambda: os.path.exists(log) and "herald running" in open(log).read(), 10,
             what="herald to log to its file")
    assert stat.S_IMODE(os.stat(log).st_mode) == mode
    h.send_signal(signal.SIGTERM)
    assert h.proc.wait(15) == 0

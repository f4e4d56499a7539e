"""`herald healthcheck`'s IP setup (rtnetlink) inside a network namespace of
the test's own, never on the host's interfaces: the --ip addresses put on lo
labelled lo:LABEL (--ip-ifname: on that interface), removed on DOWN and
restored on UP with --dynamic-ip-setup, removed at exit; ExaBGP 5.0's
healthcheck (which runs `ip`) leaves the same addresses in the same
namespace set-up."""

import os
import select
import signal
import subprocess
import time

import pytest

from harness import HERALD, Netns

ORACLE = "/work/shared/oracle/exabgp5"


def addresses(ns):
    """{(ifname, address/len, label)} of the namespace, 127/8 and ::1 aside."""
    out = subprocess.run(["ip", "-n", ns.name, "-o", "addr", "show"], capture_output=True, text=True,
                         timeout=30, check=True).stdout
    found = set()
    for line in out.splitlines():
        words = line.split()
        ifname, address = words[1], words[3]
        if address.startswith("127.") or address == "::1/128" or address.startswith("fe80:"):
            continue
        label = ifname
        if "scope" in words:
            rest = words[words.index("scope") + 2:]
            word = rest[0].rstrip("\\") if rest else ""
            if word.startswith(ifname + ":"):
                label = word
        found.add((ifname, address, label))
    return found


class Lines:
    def __init__(self, p):
        self.p, self.buf = p, b""

    def next(self, timeout=20):
        end = time.monotonic() + timeout
        while b"\n" not in self.buf:
            left = end - time.monotonic()
            if left <= 0:
                pytest.fail("no line from the healthcheck in time")
            ready, _, _ = select.select([self.p.stdout], [], [], left)
            if ready:
                chunk = os.read(self.p.stdout.fileno(), 65536)
                if not chunk:
                    pytest.fail("the healthcheck ended")
                self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return line.decode()

    def until(self, up, timeout=30):
        """Reads until 5 lines in a row announce the state (`up`: a MED
        under 500, else 1000 and more): with 4 IPs, the 5th line is from the
        next iteration, so the first one's IP changes are done."""
        seen, end = 0, time.monotonic() + timeout
        while seen < 5:
            if time.monotonic() > end:
                pytest.fail("the healthcheck did not reach the state in time")
            med = int(self.next().split(" med ")[1].split()[0])
            seen = seen + 1 if (med < 500) == up else 0


def run(work, argv, name):
    ns = Netns()
    try:
        ns.ip("link", "add", "dummy0", "type", "veth", "peer", "name", "dummy1")
        ns.ip("link", "set", "dummy0", "up")
        healthy = work.join(f"{name}-healthy")
        open(healthy, "w").close()
        cmd = ["ip", "netns", "exec", ns.name, *argv, "--no-syslog", "--no-ack", "--label", "web",
               "--ip", "192.0.2.10/32", "--ip", "192.0.2.20/31", "--ip", "192.0.2.30/32",
               "--ip-ifname", "192.0.2.30/32%dummy0", "--dynamic-ip-setup", "--rise", "1", "--fall", "1",
               "--interval", "0.1", "--fast-interval", "0.1", "--cmd", f"test -e {healthy}"]
        stderr = open(work.join(f"{name}.stderr"), "w")
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, stderr=stderr)
        snapshots = []
        try:
            lines = Lines(p)
            lines.until(up=True)
            snapshots.append(addresses(ns))
            os.remove(healthy)
            lines.until(up=False)
            snapshots.append(addresses(ns))
            open(healthy, "w").close()
            lines.until(up=True)
            snapshots.append(addresses(ns))
            p.send_signal(signal.SIGTERM)
            p.wait(timeout=20)
            snapshots.append(addresses(ns))
        finally:
            if p.poll() is None:
                p.kill()
                p.wait(timeout=10)
            stderr.close()
        return snapshots
    finally:
        ns.delete()


UP = {("lo", "192.0.2.10/32", "lo:web"), ("lo", "192.0.2.20/32", "lo:web"), ("lo", "192.0.2.21/32", "lo:web"),
      ("dummy0", "192.0.2.30/32", "dummy0:web")}


@pytest.fixture
def root():
    if os.geteuid() != 0:
        pytest.skip("network namespaces need root")


def test_ip_setup_in_a_namespace(work, root):
    up, down, again, exited = run(work, [HERALD, "healthcheck"], "herald")
    assert up == UP
    assert down == set()
    assert again == UP
    assert exited == set()


def test_ip_setup_same_as_exabgp5(work, root):
    herald = run(work, [HERALD, "healthcheck"], "herald")
    oracle = run(work, [ORACLE, "healthcheck"], "oracle")
    assert herald == oracle


def test_user_and_group_dropped_after_ip_setup(work, root):
    """--user/--group: the addresses are set up as root first, then the
    check runs as the user and group given."""
    import grp
    import pwd
    try:
        uid, gid = pwd.getpwnam("nobody").pw_uid, grp.getgrnam("nogroup").gr_gid
    except KeyError:
        pytest.skip("no user nobody / group nogroup")
    ns = Netns()
    try:
        ids = work.join("ids")
        os.chmod(work.path, 0o777)
        p = subprocess.run(["ip", "netns", "exec", ns.name, HERALD, "healthcheck", "--no-syslog", "--no-ack",
                            "--ip", "192.0.2.10/32", "--user", "nobody", "--group", "nogroup", "--rise", "1",
                            "--interval", "0", "--cmd", f"echo $(id -u) $(id -g) > {ids}"],
                           capture_output=True, text=True, timeout=30)
        assert p.returncode == 0, p.stderr
        assert p.stdout == "neighbor * announce route 192.0.2.10/32 next-hop self med 100\n"
        assert open(ids).read().split() == [str(uid), str(gid)]
        assert ("lo", "192.0.2.10/32", "lo") in addresses(ns)
    finally:
        ns.delete()

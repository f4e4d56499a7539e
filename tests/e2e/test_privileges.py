"""Privilege separation: herald started as root drops to daemon.user once
its sockets are bound, keeping CAP_NET_ADMIN only when a configured health
checker sets service addresses up, and giving it to that program alone.
Run in a network namespace of the test's own, so the address the health
checker adds never reaches the host's interfaces."""

import os
import re
import subprocess

import pytest

from harness import HERALD, Herald, Netns, wait_for

NET_ADMIN = 1 << 12


@pytest.fixture
def ns():
    if os.geteuid() != 0:
        pytest.skip("needs root (network namespaces, a privilege drop)")
    # The program runs as nobody: it must be able to reach herald's binary.
    if subprocess.run(["runuser", "-u", "nobody", "--", "test", "-x", HERALD], timeout=30).returncode != 0:
        pytest.skip(f"user nobody cannot run {HERALD}")
    n = Netns()
    yield n
    n.delete()


def caps(pid):
    """{CapInh, CapPrm, CapEff, CapBnd, CapAmb} of a process, as integers,
    and its real uid."""
    with open(f"/proc/{pid}/status") as f:
        text = f.read()
    out = {k: int(v, 16) for k, v in re.findall(r"^(Cap\w+):\s+([0-9a-f]+)$", text, re.M)}
    out["uid"] = int(re.search(r"^Uid:\s+(\d+)", text, re.M).group(1))
    return out


def started(h, name):
    m = re.search(rf"process {name} started \(pid (\d+)\)", h.output())
    return int(m.group(1)) if m else None


def herald(work, ns, processes, as_systemd=False):
    os.chmod(work.path, 0o755)  # nobody reads nothing there, but may pass
    config = "".join(f"process {name} {{ run {run}; encoder text; }}\n" for name, run in processes)
    config += f"""
        neighbor 127.0.0.2 {{
            router-id 10.0.0.1;
            local-address 127.0.0.1;
            local-as 65001;
            peer-as 65002;
            passive;
            api {{ processes [ {' '.join(name for name, _ in processes)} ]; }}
        }}
        """
    h = Herald(work, config, env={"exabgp.daemon.drop": "true", "exabgp.daemon.user": "nobody"})
    if as_systemd:
        # What herald.service does: User= plus AmbientCapabilities=.
        caps = "+net_admin,+net_bind_service"
        h.argv = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", f"--inh-caps={caps}",
                  f"--ambient-caps={caps}", *h.argv]
    return work.track(ns.wrap(h).start())


def addresses(ns):
    return subprocess.run(["ip", "-n", ns.name, "-o", "addr", "show", "dev", "lo"], capture_output=True,
                          text=True, timeout=30, check=True).stdout


def test_the_health_checker_alone_keeps_cap_net_admin(work, ns):
    nobody = int(subprocess.run(["id", "-u", "nobody"], capture_output=True, text=True, timeout=30).stdout)
    h = herald(work, ns, [
        ("watch", f"{HERALD} healthcheck --cmd true --ip 203.0.113.10/32 --interval 1 --rise 1"),
        ("other", "/bin/sleep 600"),
    ])
    wait_for(lambda: "203.0.113.10/32" in addresses(ns), 30, what="the health checker's address on lo")
    wait_for(lambda: started(h, "watch") and started(h, "other"), 30, what="both processes")
    assert "keeping CAP_NET_ADMIN" in h.output()
    me = caps(h.proc.pid)
    assert me["uid"] == nobody
    assert me["CapPrm"] == NET_ADMIN and me["CapInh"] == NET_ADMIN, me
    assert me["CapEff"] == 0 and me["CapAmb"] == 0, me
    watch = caps(started(h, "watch"))
    assert watch["uid"] == nobody
    assert watch["CapAmb"] == NET_ADMIN and watch["CapEff"] == NET_ADMIN and watch["CapPrm"] == NET_ADMIN, watch
    other = caps(started(h, "other"))
    assert other["uid"] == nobody
    assert other["CapPrm"] == 0 and other["CapEff"] == 0 and other["CapAmb"] == 0, other
    assert h.alive()


def test_under_the_units_ambient_capabilities(work, ns):
    """Started as the unit starts it (not root, CAP_NET_ADMIN and
    CAP_NET_BIND_SERVICE ambient): herald keeps CAP_NET_ADMIN for the health
    checker alone and lets the rest go once it is started."""
    h = herald(work, ns, [
        ("watch", f"{HERALD} healthcheck --cmd true --ip 203.0.113.11/32 --interval 1 --rise 1"),
        ("other", "/bin/sleep 600"),
    ], as_systemd=True)
    wait_for(lambda: "203.0.113.11/32" in addresses(ns), 30, what="the health checker's address on lo")
    wait_for(lambda: started(h, "watch") and started(h, "other"), 30, what="both processes")
    me = caps(h.proc.pid)
    assert me["CapPrm"] == NET_ADMIN and me["CapEff"] == 0 and me["CapAmb"] == 0, me
    watch = caps(started(h, "watch"))
    assert watch["CapAmb"] == NET_ADMIN and watch["CapEff"] == NET_ADMIN, watch
    other = caps(started(h, "other"))
    assert other["CapPrm"] == 0 and other["CapEff"] == 0 and other["CapAmb"] == 0, other


def test_without_a_health_checker_nothing_is_kept(work, ns):
    h = herald(work, ns, [
        ("checker", f"{HERALD} healthcheck --cmd true --ip 203.0.113.10/32 --no-ip-setup --interval 1"),
        ("other", "/bin/sleep 600"),
    ])
    wait_for(lambda: started(h, "checker") and started(h, "other"), 30, what="both processes")
    wait_for(lambda: "dropped privileges" in h.output(), 30, what="the privilege drop")
    assert "keeping CAP_NET_ADMIN" not in h.output()
    for pid in (h.proc.pid, started(h, "checker"), started(h, "other")):
        c = caps(pid)
        assert c["CapPrm"] == 0 and c["CapEff"] == 0 and c["CapAmb"] == 0 and c["CapInh"] == 0, c
    assert "203.0.113.10" not in addresses(ns)

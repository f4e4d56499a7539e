"""The use-case examples etc/examples/{anycast-healthcheck,ecmp,drain,
med-primary,med-backup}.conf end to end in network namespaces: each "server"
is a namespace of its own running herald with `herald healthcheck` as its
process, joined by a veth pair to a "router" namespace running FRR (zebra +
bgpd, so that its best paths reach the kernel FIB). What is checked is the
router's kernel FIB (`ip -j -n ROUTER route show SERVICE`) and the paths
FRR's bgpd holds:

- ECMP (the router runs ecmp.conf's FRR snippet, `maximum-paths 3`): three
  servers (anycast-healthcheck.conf, ecmp.conf, drain.conf) give three next
  hops (and the anycast server has the service IP on its loopback); a
  failing check removes exactly that server's next hop, restoring it brings
  it back; the maintenance (--disable) file drains the drain.conf server:
  FRR sees its MED rise step by step (the FIB drops its next hop at the
  first step, while its path is still there), then the withdrawal;
- MED primary/backup (med-primary.conf's FRR snippet, no `maximum-paths`):
  only the primary's next hop; fail the primary, the backup's; restore it,
  the primary's again.

MEDs are compared across servers because every example gives its servers
the same AS (64510); the router has no `bgp always-compare-med`.

The herald configurations are the example files with this rewrite (see
example()), nothing else:
  /usr/sbin/herald                -> the herald under test
  192.0.2.1 (the router)          -> 198.18.N.1, the router's end of server N's veth
  192.0.2.1X (the server)         -> 198.18.N.2, the server's end
  curl -sf http://127.0.0.1/health -> test -f WORK/up-N (the test removes it to fail the check)
  /etc/herald/maintenance         -> WORK/maintenance-N
  --interval 2 --fast-interval 1  -> --interval 0.2 --fast-interval 0.1
  --drain 30                      -> --drain 3
The FRR snippets get 192.0.2.1X -> 198.18.X.2, `neighbor ... passive` for
each server and `debug bgp updates in` (router_config())."""

import json
import os
import re
import subprocess

import pytest

import harness
from harness import FrrBgpd, FrrZebra, Herald, Netns, frr_installed, wait_for

pytestmark = [
    pytest.mark.skipif(not frr_installed() or not os.access(harness.FRR_ZEBRA, os.X_OK),
                       reason="FRR (bgpd and zebra) is not installed (apt-get install frr)"),
    pytest.mark.skipif(os.geteuid() != 0, reason="network namespaces need root"),
]

EXAMPLES = os.path.join(harness.ROOT, "etc", "examples")
SERVICE = "203.0.113.10/32"
WITHDRAWN = "withdrawn"


def server(n):
    return f"198.18.{n}.2"


def example(work, name, n):
    """Example `name` as server `n` runs it (the rewrite in the docstring)."""
    with open(os.path.join(EXAMPLES, name)) as f:
        text = f.read()
    required = [
        (r"/usr/sbin/herald\b", harness.HERALD),
        (r"\b192\.0\.2\.1\d\b", server(n)),
        (r"\b192\.0\.2\.1\b", f"198.18.{n}.1"),
        (r"curl -sf http://127\.0\.0\.1/health", f"test -f {work.join(f'up-{n}')}"),
        (r"--interval \d+", "--interval 0.2"),
        (r"--fast-interval \d+", "--fast-interval 0.1"),
    ]
    optional = [
        (r"/etc/herald/maintenance", work.join(f"maintenance-{n}")),
        (r"--drain \d+", "--drain 3"),
    ]
    for pattern, value in required + optional:
        text, count = re.subn(pattern, lambda m: value, text)
        assert count or (pattern, value) in optional, f"{name}: nothing matches {pattern}"
    assert f"--ip {SERVICE}" in text, f"{name} does not announce {SERVICE}"
    return text


def router_config(name, servers):
    """The FRR snippet in example `name`'s comments (`#   router bgp ...`
    and the lines indented under it), 192.0.2.1X -> 198.18.X.2 for each of
    `servers`; with the servers passive (herald connects) and FRR logging
    the UPDATEs it receives."""
    with open(os.path.join(EXAMPLES, name)) as f:
        lines = f.read().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("#   router bgp "))
    snippet = [lines[start][4:]]
    for line in lines[start + 1:]:
        if not line.startswith("#    "):
            break
        snippet.append(line[4:])
    text = "\n".join(snippet) + "\n"
    for n in servers:
        text, count = re.subn(rf"\b192\.0\.2\.1{n}\b", server(n), text)
        assert count, f"{name}: the FRR snippet has no neighbor 192.0.2.1{n}"
    assert not re.search(r"\b192\.0\.2\.1\d\b", text), f"{name}: the FRR snippet has more neighbors"
    passive = "".join(f" neighbor {server(n)} passive\n" for n in servers)
    return f"log stdout debugging\ndebug bgp updates in\n{text}{passive}"


class Lab:
    """A router namespace (FRR: zebra + bgpd) and server namespaces, each
    joined to it by a veth pair (router side rN 198.18.N.1/24, server side
    eth0 198.18.N.2/24) and running herald with an example's configuration.
    close() stops every daemon by pid, then deletes the namespaces."""

    def __init__(self, work):
        self.work = work
        self.daemons = []
        self.namespaces = []
        self.router = None
        self.bgpd = None

    def netns(self):
        ns = Netns()
        self.namespaces.append(ns)
        return ns

    def start(self, daemon, ns):
        ns.wrap(daemon)
        self.daemons.append(daemon)
        return daemon.start()

    def build(self, examples, router):
        """Servers 1..N running `examples` (in order), the router running
        the FRR snippet of example `router`."""
        configs = {n: example(self.work, name, n) for n, name in enumerate(examples, 1)}
        self.router = self.netns()
        servers = {}
        for n in configs:
            servers[n] = self.netns()
            self.router.ip("link", "add", f"r{n}", "type", "veth", "peer", "name", "eth0", "netns", servers[n].name)
            self.router.ip("addr", "add", f"198.18.{n}.1/24", "dev", f"r{n}")
            self.router.ip("link", "set", f"r{n}", "up")
            servers[n].ip("addr", "add", f"{server(n)}/24", "dev", "eth0")
            servers[n].ip("link", "set", "eth0", "up")
        try:
            zebra = self.start(FrrZebra(self.work), self.router)
        except FrrZebra.Unavailable as e:
            pytest.skip(str(e))
        self.bgpd = self.start(FrrBgpd(self.work, 179, router_config(router, configs), address=None, zebra=zebra),
                               self.router)
        wait_for(lambda: self.bgpd.json("show bgp summary json"), 30, interval=0.2, what="FRR's bgpd to answer")
        for n, config in configs.items():
            open(self.work.join(f"up-{n}"), "w").close()
            self.start(Herald(self.work, config, name=f"server{n}"), servers[n])
        return servers

    def next_hops(self):
        """The next hops of SERVICE in the router's kernel FIB."""
        out = subprocess.run(["ip", "-j", "-n", self.router.name, "route", "show", SERVICE], capture_output=True,
                             text=True, timeout=30, check=True).stdout
        hops = set()
        for route in json.loads(out or "[]"):
            if "gateway" in route:
                hops.add(route["gateway"])
            hops.update(h["gateway"] for h in route.get("nexthops", []))
        return hops

    def meds(self):
        """{server address: MED} of the paths FRR's bgpd holds for SERVICE."""
        data = self.bgpd.json(f"show bgp ipv4 unicast {SERVICE} json") or {}
        return {p["peer"]["peerId"]: p.get("metric") for p in data.get("paths", [])}

    def received_meds(self, address):
        """The MEDs of the UPDATEs FRR logged from `address` for SERVICE, in
        order, WITHDRAWN for a withdrawal, repeats removed."""
        seen = []
        med = None
        for line in self.bgpd.output().splitlines():
            if f"{address}(" not in line and f"{address} " not in line:
                continue
            m = re.search(r"rcvd UPDATE w/ attr:.*\bmetric (\d+)", line)
            if m:
                med = int(m.group(1))
            elif "rcvd UPDATE about " + SERVICE in line and "withdrawn" in line:
                seen.append(WITHDRAWN)
            elif re.search(rf"rcvd {re.escape(SERVICE)}\b", line):
                seen.append(med)
        return [m for i, m in enumerate(seen) if i == 0 or seen[i - 1] != m]

    def close(self):
        for d in reversed(self.daemons):
            try:
                d.stop()
            except Exception as e:  # keep stopping the others
                print(f"cleanup: {e}")
        for ns in reversed(self.namespaces):
            ns.delete()


@pytest.fixture
def lab(work):
    lab = Lab(work)
    try:
        yield lab
    finally:
        lab.close()


def test_ecmp_fail_restore_and_drain(work, lab):
    servers = lab.build(["anycast-healthcheck.conf", "ecmp.conf", "drain.conf"], router="ecmp.conf")
    every = {server(1), server(2), server(3)}
    wait_for(lambda: lab.next_hops() == every, 60, interval=0.2, what="three next hops in the router's FIB")
    # The healthcheck put the service IP on the server's loopback.
    lo = subprocess.run(["ip", "-n", servers[1].name, "addr", "show", "dev", "lo"], capture_output=True, text=True,
                        timeout=30, check=True).stdout
    assert f"inet {SERVICE}" in lo, lo

    for n in (1, 2):  # anycast-healthcheck.conf, ecmp.conf
        os.remove(work.join(f"up-{n}"))
        wait_for(lambda: lab.next_hops() == every - {server(n)}, 30, interval=0.1,
                 what=f"server {n}'s next hop to go")
        open(work.join(f"up-{n}"), "w").close()
        wait_for(lambda: lab.next_hops() == every, 30, interval=0.1, what=f"server {n}'s next hop back")

    # Maintenance on server 3 (drain.conf, --drain 3): MED 100, then 200,
    # 300, 400 a second apart (towards the disabled metric 500), then the
    # withdrawal (--withdraw-on-down).
    wait_for(lambda: lab.meds().get(server(3)) == 100, 30, what="server 3's path with MED 100")
    trace = []  # (server 3's MED or WITHDRAWN, the FIB's next hops), polled

    def withdrawn():
        meds = lab.meds()
        trace.append((meds.get(server(3), WITHDRAWN), lab.next_hops()))
        return server(3) not in meds
    open(work.join("maintenance-3"), "w").close()
    wait_for(withdrawn, 30, interval=0.05, what="server 3 drained and withdrawn")
    polled = [m for i, (m, _) in enumerate(trace) if i == 0 or trace[i - 1][0] != m]
    assert polled[-1] == WITHDRAWN and set(polled[:-1]) <= {100, 200, 300, 400}, polled
    assert polled[:-1] == sorted(set(polled[:-1])), f"the MED did not only rise: {polled}"
    assert set(polled) & {200, 300, 400}, f"no drain step seen: {polled}"
    # While its path was still there with a higher MED, server 3 was out of the FIB.
    assert any(m in (200, 300, 400) and hops == every - {server(3)} for m, hops in trace), trace
    wait_for(lambda: lab.next_hops() == every - {server(3)}, 30, interval=0.1, what="two next hops")
    # FRR received every step, in order (its `debug bgp updates in` log).
    assert lab.received_meds(server(3))[-5:] == [100, 200, 300, 400, WITHDRAWN], lab.received_meds(server(3))

    os.remove(work.join("maintenance-3"))
    wait_for(lambda: lab.next_hops() == every, 30, interval=0.1, what="server 3 back after maintenance")


def test_med_primary_backup(work, lab):
    lab.build(["med-primary.conf", "med-backup.conf"], router="med-primary.conf")
    primary, backup = server(1), server(2)

    def state(meds, hops):
        return lambda: lab.meds() == meds and lab.next_hops() == hops
    wait_for(state({primary: 100, backup: 200}, {primary}), 60, interval=0.2,
             what="both paths at FRR, only the primary's in the FIB")
    os.remove(work.join("up-1"))
    wait_for(state({primary: 1000, backup: 200}, {backup}), 30, interval=0.1,
             what="the backup's next hop once the primary fails")
    open(work.join("up-1"), "w").close()
    wait_for(state({primary: 100, backup: 200}, {primary}), 30, interval=0.1,
             what="the primary's next hop once it is back")

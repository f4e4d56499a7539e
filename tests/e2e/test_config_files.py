"""Several configuration files, as ExaBGP takes them: one daemon per file;
with debug.rotate, one file at a time, the next at each reload; and herald's
--merge, one configuration made of them all."""

import os
import signal
import subprocess
import textwrap

from harness import Gobgp, Herald, free_port, wait_for

NEIGHBOR = """
    neighbor 127.0.0.2 {{
        router-id 10.0.0.1;
        local-address {local};
        local-as 65001;
        peer-as 65002;
        family {{ ipv4 unicast; }}
        static {{ route {prefix} next-hop 192.0.2.1; }}
    }}
"""


def two_files(work, same_local=False):
    a = work.file("a.conf", textwrap.dedent(NEIGHBOR.format(local="127.0.0.1", prefix="10.1.0.0/24")))
    b = work.file("b.conf", textwrap.dedent(NEIGHBOR.format(local="127.0.0.1" if same_local else "127.0.0.3",
                                                           prefix="10.2.0.0/24")))
    return a, b


def gobgp(work, port, locals_):
    return work.track(Gobgp(work, 65002, "10.0.0.2", "127.0.0.2", port,
                            [{"address": l, "asn": 65001, "families": ["ipv4-unicast"]} for l in locals_]).start())


def prefixes(g):
    return set(g.rib("ipv4"))


def children(pid):
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [int(x) for x in out.split()]


def test_one_daemon_per_file(work):
    port = free_port("127.0.0.2")
    g = gobgp(work, port, ["127.0.0.1", "127.0.0.3"])
    a, b = two_files(work)
    h = work.track(Herald(work, "", args=(a, b), env={"exabgp.tcp.port": str(port)}))
    h.argv = [h.argv[0], a, b]  # the two files only
    h.start()
    wait_for(lambda: g.established("127.0.0.1") and g.established("127.0.0.3"), 30,
             what="both daemons to establish")
    wait_for(lambda: prefixes(g) == {"10.1.0.0/24", "10.2.0.0/24"}, 20, what="a route from each file")
    assert len(children(h.proc.pid)) == 2
    # The parent passes SIGTERM on and exits once both have stopped.
    h.proc.send_signal(signal.SIGTERM)
    assert h.proc.wait(20) == 0
    wait_for(lambda: not g.established("127.0.0.1") and not g.established("127.0.0.3"), 20,
             what="both sessions to go down")


def test_rotate_reads_the_next_file_at_each_reload(work):
    port = free_port("127.0.0.2")
    g = gobgp(work, port, ["127.0.0.1"])
    a, b = two_files(work, same_local=True)
    h = Herald(work, "", env={"exabgp.tcp.port": str(port), "exabgp.debug.rotate": "true"})
    h.argv = [h.argv[0], a, b]
    work.track(h.start())
    wait_for(lambda: prefixes(g) == {"10.1.0.0/24"}, 30, what="the first file's route")
    assert children(h.proc.pid) == []  # one daemon, no fork
    h.send_signal(signal.SIGUSR1)
    wait_for(lambda: prefixes(g) == {"10.2.0.0/24"}, 30, what="the second file's route, alone")
    h.send_signal(signal.SIGUSR1)
    wait_for(lambda: prefixes(g) == {"10.1.0.0/24"}, 30, what="the first file's route again")
    h.wait_output(r"debug.rotate: reading .*a\.conf", 5)


def test_merge_makes_one_configuration(work):
    port = free_port("127.0.0.2")
    g = gobgp(work, port, ["127.0.0.1", "127.0.0.3"])
    a, b = two_files(work)
    h = Herald(work, "", env={"exabgp.tcp.port": str(port)})
    h.argv = [h.argv[0], "--merge", a, b]
    work.track(h.start())
    wait_for(lambda: prefixes(g) == {"10.1.0.0/24", "10.2.0.0/24"}, 30, what="both files' routes")
    h.wait_output(r"herald running: 2 neighbor\(s\)", 5)


def test_several_files_refuse_a_pid_file(work):
    a, b = two_files(work)
    h = Herald(work, "", env={"exabgp.daemon.pid": work.join("herald.pid")})
    h.argv = [h.argv[0], a, b]
    work.track(h.start())
    assert h.proc.wait(10) == 1
    assert "daemon.pid with several configuration files" in h.output()

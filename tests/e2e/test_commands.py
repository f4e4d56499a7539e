"""ExaBGP's API commands against a real GoBGP peer: watchdogs (static and
API routes, across a reload), show neighbor / show adj-rib, flush and clear
adj-rib out, the ack modes, `neighbor *` and `announce ipv4 unicast`."""

import json
import os
import re
import signal
import socket
import stat
import subprocess

from harness import HERALD, ApiProcess, Herald, free_port, gobgp_peer, gobgp_peer_neighbor, wait_for

STATIC = """
            static {
                route 10.0.0.0/24 next-hop 192.0.2.1;
                route 10.0.1.0/24 next-hop 192.0.2.1 watchdog dog;
                route 10.0.2.0/24 next-hop 192.0.2.1 watchdog dog withdraw;
            }
"""


def start(work, static=STATIC):
    port = free_port("127.0.0.2")
    g = gobgp_peer(work, port)
    api = work.track(ApiProcess(work))
    config = f"""
        process api {{
            run {api.run_line()};
            encoder json;
        }}
""" + gobgp_peer_neighbor("api", settings=static)
    h = work.track(Herald(work, config, env={"exabgp.tcp.port": str(port)}).start())
    wait_for(lambda: g.established("127.0.0.1"), 30, what="GoBGP to establish")
    return g, api, h


def prefixes(g):
    return set(g.rib("ipv4"))


def answers(api):
    """Lines that are not JSON events."""
    return [l for l in api.lines() if not l.startswith("{")]


def wait_answers(api, count, what):
    wait_for(lambda: len(answers(api)) >= count, 15, what=what)
    return answers(api)


def test_watchdog_routes_follow_the_commands_and_survive_a_reload(work):
    g, api, h = start(work)
    wait_for(lambda: prefixes(g) == {"10.0.0.0/24", "10.0.1.0/24"}, 15,
             what="the static routes, 10.0.2.0/24 held back")
    api.send("announce route 10.9.0.0/24 next-hop 192.0.2.1 watchdog dog",
             "announce route 10.8.0.0/24 next-hop 192.0.2.1 watchdog dog withdraw")
    wait_for(lambda: prefixes(g) == {"10.0.0.0/24", "10.0.1.0/24", "10.9.0.0/24"}, 15,
             what="the API route of the watchdog, 10.8.0.0/24 held back")

    api.send("withdraw watchdog dog")
    wait_for(lambda: prefixes(g) == {"10.0.0.0/24"}, 15, what="every route of dog withdrawn")

    api.send("announce watchdog dog")
    everything = {"10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24", "10.9.0.0/24", "10.8.0.0/24"}
    wait_for(lambda: prefixes(g) == everything, 15, what="every route of dog announced")

    # A reload keeps the watchdog's state: withdrawn routes stay withdrawn.
    api.send("withdraw watchdog dog")
    wait_for(lambda: prefixes(g) == {"10.0.0.0/24"}, 15, what="dog withdrawn again")
    h.send_signal(signal.SIGUSR1)
    h.wait_output(r"configuration reloaded")
    api.send("announce route 10.7.0.0/24 next-hop 192.0.2.1")
    wait_for(lambda: prefixes(g) == {"10.0.0.0/24", "10.7.0.0/24"}, 15, what="a marker route")
    assert prefixes(g) == {"10.0.0.0/24", "10.7.0.0/24"}

    # Announced again without a watchdog, a route leaves the group.
    api.send("announce route 10.9.0.0/24 next-hop 192.0.2.1", "announce watchdog dog",
             "withdraw watchdog dog")
    wait_for(lambda: len(answers(api)) >= 9, 15, what="every command answered")
    wait_for(lambda: prefixes(g) == {"10.0.0.0/24", "10.7.0.0/24", "10.9.0.0/24"}, 15,
             what="10.9.0.0/24 announced outside the watchdog")
    assert answers(api) == ["done"] * 9


def test_show_flush_clear_and_acks(work):
    g, api, h = start(work, static="")
    api.send("neighbor * announce route 10.1.0.0/24 next-hop 192.0.2.1 med 5",
             "announce ipv4 unicast 10.2.0.0/24 next-hop 192.0.2.1")
    wait_for(lambda: prefixes(g) == {"10.1.0.0/24", "10.2.0.0/24"}, 15, what="both routes")
    assert wait_answers(api, 2, "acks") == ["done", "done"]

    api.send("show neighbor summary")
    out = wait_answers(api, 5, "the summary")[2:]
    assert out[0] == "Peer            AS        up/down state       |     #sent     #recvd"
    fields = out[1].split()
    assert fields[0] == "127.0.0.2" and fields[1] == "65002" and fields[3] == "established"
    assert int(fields[4]) >= 1  # UPDATEs sent
    assert out[2] == "done"

    api.send("show adj-rib out")
    out = wait_answers(api, 8, "the adj-rib")[5:]
    assert out == ["127.0.0.2 ipv4 unicast 10.1.0.0/24 next-hop 192.0.2.1",
                   "127.0.0.2 ipv4 unicast 10.2.0.0/24 next-hop 192.0.2.1", "done"]

    api.send("show neighbor json")
    out = wait_answers(api, 10, "the json")[8:]
    n = json.loads(out[0])
    assert len(n) == 1 and n[0]["state"] == "up" and n[0]["fsm"] == "ESTABLISHED"
    assert n[0]["peer"]["address"] == "127.0.0.2" and n[0]["peer"]["id"] == "10.0.0.2"
    assert n[0]["families"] == ["ipv4 unicast"]
    assert n[0]["messages"]["received"]["open"] == 1
    assert out[1] == "done"

    api.send("show neighbor extensive 127.0.0.2")
    wait_for(lambda: answers(api)[-1:] == ["done"] and len(answers(api)) > 12, 15, what="extensive")
    text = "\n".join(answers(api)[10:])
    assert "Neighbor 127.0.0.2" in text and "ESTABLISHED" in text

    # No adj-rib-in (herald's default): an error says so. No crash.
    before = len(answers(api))
    api.send("show adj-rib in", "crash", "clear adj-rib in")
    assert wait_answers(api, before + 3, "answers")[before:] == ["error", "error", "error"]

    # Ack modes: disable-ack is answered, then nothing; silence-ack is not.
    before = len(answers(api))
    api.send("disable-ack", "version", "enable-ack", "silence-ack", "version", "enable-ack", "reset")
    wait_for(lambda: len(answers(api)) >= before + 6, 15, what="the ack sequence")
    out = answers(api)[before:]
    version = out[1]
    assert version.startswith("herald ")
    assert out == ["done", version, "done", version, "done", "done"]

    # flush sends every route again; clear withdraws them all.
    sent = lambda: json.loads(show_json(api))[0]["messages"]["sent"]["update"]
    updates = sent()
    before = len(answers(api))
    api.send("flush adj-rib out")
    assert wait_answers(api, before + 1, "flush answered")[before:] == ["done"]
    wait_for(lambda: sent() > updates, 15, what="the routes sent again")
    assert prefixes(g) == {"10.1.0.0/24", "10.2.0.0/24"}
    api.send("neighbor 127.0.0.2 clear adj-rib out")
    wait_for(lambda: prefixes(g) == set(), 15, what="every route withdrawn")
    h.send_signal(signal.SIGTERM)


def test_adj_rib_in_keeps_what_the_peer_announced(work):
    g, api, h = start(work, static="adj-rib-in true;")

    def rib_in(*args):
        before = len(answers(api))
        api.send(" ".join(("show adj-rib in",) + args))
        wait_for(lambda: answers(api)[-1:] == ["done"] and len(answers(api)) > before, 15, what="show adj-rib in")
        return answers(api)[before:-1]

    g.cli("global", "rib", "add", "-a", "ipv4", "10.5.0.0/24", "nexthop", "198.51.100.7", "med", "50")
    g.cli("global", "rib", "add", "-a", "ipv4", "10.6.0.0/24", "nexthop", "198.51.100.8")
    wait_for(lambda: len(rib_in()) == 2, 15, what="both routes in the adj-rib-in")
    assert rib_in() == ["127.0.0.2 ipv4 unicast 10.5.0.0/24 next-hop 198.51.100.7",
                        "127.0.0.2 ipv4 unicast 10.6.0.0/24 next-hop 198.51.100.8"]
    extensive = rib_in("extensive")
    assert len(extensive) == 2 and "med 50" in extensive[0], extensive
    # json: one object per route (JSON lines, not among answers()).
    count = len(api.lines())
    rib_in("json")
    shown = [json.loads(l) for l in api.lines()[count:] if l.startswith('{"127.0.0.2"')]
    assert sorted(j["127.0.0.2"]["routes"][0]["prefix"] for j in shown) == ["10.5.0.0/24", "10.6.0.0/24"]
    # A withdrawal removes the route; clear forgets them all.
    g.cli("global", "rib", "del", "-a", "ipv4", "10.6.0.0/24")
    wait_for(lambda: rib_in() == ["127.0.0.2 ipv4 unicast 10.5.0.0/24 next-hop 198.51.100.7"], 15,
             what="the withdrawal")
    before = len(answers(api))
    api.send("neighbor 127.0.0.2 clear adj-rib in")
    assert wait_answers(api, before + 1, "clear answered")[before:] == ["done"]
    assert rib_in() == []
    h.send_signal(signal.SIGTERM)


def show_json(api):
    count = len(answers(api))
    api.send("show neighbor json")
    wait_for(lambda: len(answers(api)) >= count + 2, 15, what="show neighbor json")
    return answers(api)[count]


def cli(pipename, *args, tool=("exabgpcli",)):
    env = dict(os.environ, exabgp_api_pipename=pipename)
    r = subprocess.run([*tool, *args], env=env, capture_output=True, text=True, timeout=30)
    return r.returncode, r.stdout, r.stderr


def test_exabgpcli_drives_herald_through_the_named_pipes(work):
    """Debian's exabgpcli finds the FIFOs where ExaBGP's are looked for
    (/run/ here, under a name of the test's own) and drives herald."""
    pipename = f"herald-e2e-{os.getpid()}"
    fifos = [f"/run/{pipename}.in", f"/run/{pipename}.out"]
    for f in fifos:
        os.mkfifo(f, 0o600)
    try:
        port = free_port("127.0.0.2")
        g = gobgp_peer(work, port)
        config = """
            neighbor 127.0.0.2 {
                router-id 10.0.0.1; local-address 127.0.0.1; local-as 65001; peer-as 65002;
                family { ipv4 unicast; }
            }
"""
        h = work.track(Herald(work, config,
                              env={"exabgp.tcp.port": str(port), "exabgp.api.cli": "true",
                                   "exabgp.api.pipename": pipename}).start())
        wait_for(lambda: g.established("127.0.0.1"), 30, what="GoBGP to establish")
        h.wait_output(f"CLI: commands read from /run/{pipename}.in")

        rc, out, err = cli(pipename, "announce", "route", "10.3.0.0/24", "next-hop", "192.0.2.1")
        assert rc == 0 and "error" not in err, (out, err)
        wait_for(lambda: prefixes(g) == {"10.3.0.0/24"}, 15, what="the route from the CLI at GoBGP")

        rc, out, err = cli(pipename, "show", "neighbor", "summary")
        lines = out.splitlines()
        assert lines[0].startswith("Peer            AS"), out
        assert lines[1].split()[:2] == ["127.0.0.2", "65002"] and "established" in lines[1], out

        rc, out, err = cli(pipename, "show", "adj-rib", "out")
        assert out.splitlines() == ["127.0.0.2 ipv4 unicast 10.3.0.0/24 next-hop 192.0.2.1"], out

        rc, out, err = cli(pipename, "no-such-command")
        assert "returns an error" in err, (out, err)

        rc, out, err = cli(pipename, "withdraw", "route", "10.3.0.0/24")
        wait_for(lambda: prefixes(g) == set(), 15, what="the withdrawal from the CLI at GoBGP")
    finally:
        for f in fifos:
            os.unlink(f)


def herald_cli(sock, *args, stdin=None):
    r = subprocess.run([HERALD, "cli", "--socket", sock, *args], input=stdin, capture_output=True, text=True,
                       timeout=30)
    return r.returncode, r.stdout, r.stderr


def test_herald_cli_through_the_control_socket(work):
    """herald's own control socket: one-shot commands with ExaBGP's
    nicknames, commands from stdin, two clients at once, mode 0660, a stale
    socket file replaced, one in use left alone, the file removed at exit."""
    sock = work.join("herald.sock")
    # A socket file left by a herald that died: replaced.
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(sock)
    stale.close()
    port = free_port("127.0.0.2")
    g = gobgp_peer(work, port)
    config = """
        neighbor 127.0.0.2 {
            router-id 10.0.0.1; local-address 127.0.0.1; local-as 65001; peer-as 65002;
            family { ipv4 unicast; }
            static { route 10.4.0.0/24 next-hop 192.0.2.1 watchdog web; }
        }
"""
    h = work.track(Herald(work, config, env={"exabgp.tcp.port": str(port), "exabgp.api.socket": sock}).start())
    wait_for(lambda: g.established("127.0.0.1"), 30, what="GoBGP to establish")
    h.wait_output("control socket: " + re.escape(sock))
    assert stat.S_IMODE(os.stat(sock).st_mode) == 0o660

    rc, out, err = herald_cli(sock, "s", "n", "s")
    assert rc == 0, err
    lines = out.splitlines()
    assert lines[0] == "command: show neighbor summary"
    assert lines[2].split()[:2] == ["127.0.0.2", "65002"] and "established" in lines[2], out

    # Two clients at once, each answered on its own connection.
    a = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    b = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    a.connect(sock)
    b.connect(sock)
    a.sendall(b"show adj-rib out\n")
    b.sendall(b"version\n")
    assert read_answer(b)[-1] == "done"
    assert read_answer(a) == ["127.0.0.2 ipv4 unicast 10.4.0.0/24 next-hop 192.0.2.1", "done"]
    a.close()
    b.close()

    rc, out, err = herald_cli(sock, stdin="withdraw watchdog web\nbogus\nshow adj-rib out\n")
    assert rc == 1 and "returns an error" in err and out == "", (rc, out, err)
    wait_for(lambda: prefixes(g) == set(), 15, what="the watchdog's route withdrawn")

    # A second herald does not take the socket over.
    h2 = work.track(Herald(work, config, env={"exabgp.tcp.port": str(free_port("127.0.0.2")),
                                              "exabgp.api.socket": sock}, name="herald2").start())
    h2.wait_output("no control socket: .* is in use")
    h2.stop()
    assert herald_cli(sock, "version")[0] == 0

    h.stop()
    assert not os.path.exists(sock)


def read_answer(s):
    data = b""
    while not data.endswith(b"done\n") and not data.endswith(b"error\n"):
        chunk = s.recv(65536)
        assert chunk, data
        data += chunk
    return data.decode().splitlines()


def test_enable_sync_answers_once_the_updates_are_written(work):
    """`enable-sync` (herald's): `done` for an announce comes after the
    UPDATE is written to the session (the process sees the sent UPDATE
    before the answer); answers keep their order; a second, idle neighbor
    does not hold them; `disable-sync` answers at once again (before the
    UPDATE)."""
    port = free_port("127.0.0.2")
    g = gobgp_peer(work, port)
    api = work.track(ApiProcess(work))
    config = f"""
        process api {{
            run {api.run_line()};
            encoder json;
        }}
""" + gobgp_peer_neighbor("api", api="send { parsed; update; }") + """
        neighbor 127.0.0.9 {
            router-id 10.0.0.1;
            local-address 127.0.0.1;
            local-as 65001;
            peer-as 65009;
            passive;
            family { ipv4 unicast; }
            api { processes [ api ]; }
        }
"""
    work.track(Herald(work, config, env={"exabgp.tcp.port": str(port)}).start())
    wait_for(lambda: g.established("127.0.0.1"), 30, what="GoBGP to establish")

    def order(prefix):
        """(index of the sent UPDATE with prefix, index of the answer after the previous answers)"""
        lines = api.lines()
        sent = next(i for i, l in enumerate(lines) if l.startswith("{") and f'"nlri": "{prefix}"' in l)
        return sent, lines

    api.send("enable-sync", "announce route 10.8.0.0/24 next-hop 192.0.2.1", "version")
    wait_answers(api, 3, "three answers")
    sent, lines = order("10.8.0.0/24")
    plain = [(i, l) for i, l in enumerate(lines) if not l.startswith("{")]
    assert [l for _, l in plain][:2] == ["done", "done"], plain
    assert plain[1][0] > sent, "the announce's done before its UPDATE"
    assert plain[2][1].startswith("herald "), plain  # version: after the held done
    assert "10.8.0.0/24" in prefixes(g)

    api.send("disable-sync", "announce route 10.7.0.0/24 next-hop 192.0.2.1")
    wait_answers(api, 5, "five answers")
    wait_for(lambda: any('"nlri": "10.7.0.0/24"' in l for l in api.lines()), 15, what="the sent UPDATE")
    sent, lines = order("10.7.0.0/24")
    plain = [i for i, l in enumerate(lines) if not l.startswith("{")]
    assert plain[4] < sent, "without sync the answer comes at the end of the batch"


def test_adj_rib_out_false_starts_each_session_from_nothing(work):
    """`adj-rib-out false`: after a session reset nothing is sent again,
    static routes included (ExaBGP 5.0 does the same); the process
    announces again and its route goes out."""
    port = free_port("127.0.0.2")
    g = gobgp_peer(work, port)
    api = work.track(ApiProcess(work))
    config = f"""
        process api {{
            run {api.run_line()};
            encoder json;
        }}
""" + gobgp_peer_neighbor("api", settings="adj-rib-out false; static { route 10.0.0.0/24 next-hop 192.0.2.1; }",
                          api="send { parsed; update; }")
    work.track(Herald(work, config, env={"exabgp.tcp.port": str(port)}).start())
    wait_for(lambda: g.established("127.0.0.1"), 30, what="GoBGP to establish")
    api.send("announce route 10.9.0.0/24 next-hop 192.0.2.1")
    wait_for(lambda: prefixes(g) == {"10.0.0.0/24", "10.9.0.0/24"}, 15, what="both routes at GoBGP")

    eors = lambda: sum(1 for m in api.json("update") if "eor" in m["neighbor"]["message"])
    assert eors() == 1
    api.send("neighbor 127.0.0.2 teardown 4")
    wait_for(lambda: eors() == 2, 60, what="the second session's End-of-RIB")
    wait_for(lambda: g.established("127.0.0.1"), 30, what="GoBGP to establish again")
    assert prefixes(g) == set()
    sent = [m for m in api.json("update") if "update" in m["neighbor"]["message"]]
    api.send("announce route 10.9.0.0/24 next-hop 192.0.2.1")
    wait_for(lambda: prefixes(g) == {"10.9.0.0/24"}, 15, what="the route announced again")
    # Nothing but that announcement went out on the second session.
    assert len([m for m in api.json("update") if "update" in m["neighbor"]["message"]]) == len(sent) + 1

"""The 4.x format against Debian's ExaBGP 4.2, side by side: one GoBGP
announces the same routes to herald (exabgp.api.version 4) and to ExaBGP
4.2; each runs a JSON and a text process, and what the processes read must
be the same lines, but for time, pids, host, counters and the local
address. Then api.compact and a process's own `version 5`."""

import os
import re
import shutil
import json
import signal

import pytest

from harness import ApiProcess, Gobgp, Herald, free_port, wait_for

EXABGP = shutil.which("exabgp") or "/usr/sbin/exabgp"

CONFIG = """
    process json {{ run {json}; encoder json; }}
    process text {{ run {text}; encoder text; }}
    neighbor 127.0.0.2 {{
        router-id 10.0.0.1;
        local-address {local};
        local-as 65001;
        peer-as 65002;
        family {{ ipv4 unicast; ipv6 unicast; }}
        api {{
            processes [ json text ];
            neighbor-changes;
            negotiated; fsm; signal;
            receive {{ parsed; update; open; notification; }}
        }}
    }}
"""

ENVELOPE = re.compile(r'"time": [0-9.e+]+, "host" : "[^"]*", "pid" : \d+, "ppid" : \d+, ("counter": \d+, )?')


def masked(line, local):
    line = ENVELOPE.sub("", line)
    return line.replace(f'"local": "{local}"', '"local": "L"')


def updates_json(api, local):
    return [masked(l, local) for l in api.lines()
            if l.startswith("{") and '"type": "update"' in l]


def updates_text(api, local):
    return [l.replace(f"neighbor 127.0.0.2", "neighbor P") for l in api.lines()
            if " receive update " in l and "update start" not in l and "update end" not in l]


@pytest.mark.skipif(not os.path.exists(EXABGP), reason="Debian's exabgp (4.2) is not installed")
def test_format4_is_what_exabgp42_prints(work):
    port = free_port("127.0.0.2")
    g = work.track(Gobgp(work, 65002, "10.0.0.2", "127.0.0.2", port,
                         [{"address": "127.0.0.1", "asn": 65001}, {"address": "127.0.0.3", "asn": 65001}]).start())
    speakers, daemons = {}, {}
    for name, local, binary, env in (
            ("herald", "127.0.0.1", None, {"exabgp.api.version": "4"}),
            ("exabgp", "127.0.0.3", EXABGP, {})):
        js, tx = ApiProcess(work, f"{name}-json"), ApiProcess(work, f"{name}-text")
        config = CONFIG.format(json=js.run_line(), text=tx.run_line(), local=local)
        d = work.track(Herald(work, config, env={"exabgp.tcp.port": str(port), **env}, binary=binary,
                              name=name).start())
        speakers[name] = (local, js, tx)
        daemons[name] = d
    wait_for(lambda: g.established("127.0.0.1") and g.established("127.0.0.3"), 60,
             what="GoBGP to establish with herald and ExaBGP 4.2")

    def both_have(needle, what):
        wait_for(lambda: all(any(needle in l for l in updates_json(js, local)) for local, js, _ in speakers.values()),
                 30, what=what)

    # One route at a time, so that both receivers see the same UPDATEs.
    g.cli("global", "rib", "add", "-a", "ipv4", "10.5.0.0/24", "origin", "egp", "nexthop", "198.51.100.7",
          "med", "50", "community", "65002:7,no-export,65002:1", "large-community", "65002:9:1,65002:1:2",
          "rt", "65002:9", "aggregator", "65002:192.0.2.9")
    both_have('"nlri": "10.5.0.0/24"', "the IPv4 route")
    g.cli("global", "rib", "add", "-a", "ipv6", "2001:db8:5::/48", "nexthop", "2001:db8::7", "med", "5")
    both_have('"nlri": "2001:db8:5::/48"', "the IPv6 route")
    g.cli("global", "rib", "del", "-a", "ipv4", "10.5.0.0/24")
    both_have('"withdraw"', "the withdrawal")

    h_local, h_json, h_text = speakers["herald"]
    e_local, e_json, e_text = speakers["exabgp"]
    ours, theirs = updates_json(h_json, h_local), updates_json(e_json, e_local)
    assert '"exabgp": "4.0.1"' in ours[0]
    assert any('"as-path": [ 65002 ], "confederation-path": []' in l for l in ours), ours
    assert any('"community": [ [ 65002, 7 ], [ 65535, 65281 ], [ 65002, 1 ] ]' in l for l in ours), ours
    assert ours == theirs
    wait_for(lambda: all(any(" withdrawn 10.5.0.0/24" in l for l in updates_text(tx, local))
                         for local, _, tx in speakers.values()), 20, what="the text lines")
    assert updates_text(h_text, h_local) == updates_text(e_text, e_local)
    # A reload signal reaches the processes of `api { signal; }`.
    for d in daemons.values():
        d.send_signal(signal.SIGUSR1)
    wait_for(lambda: all(any('"type": "signal"' in l for l in js.lines()) for _, js, _ in speakers.values()),
             20, what="the signal messages")
    # The OPEN GoBGP sent each of them, the state changes, what the OPENs
    # negotiated, the signal, and the FSM reaching ESTABLISHED.
    for kind in ("open", "state", "negotiated", "signal"):
        pick = lambda api, local: [masked(l, local) for l in api.lines() if f'"type": "{kind}"' in l][:2]
        assert pick(h_json, h_local) == pick(e_json, e_local), kind
    established = lambda api, local: [masked(l, local) for l in api.lines() if '"state": "ESTABLISHED"' in l]
    assert established(h_json, h_local) == established(e_json, e_local)
    # The FSM's states on the way there: ACTIVE, CONNECT, OPENSENT, OPENCONFIRM, ESTABLISHED.
    def states(api):
        found = [json.loads(l)["neighbor"]["state"] for l in api.lines() if '"type": "fsm"' in l]
        return found[:found.index("ESTABLISHED") + 1] if "ESTABLISHED" in found else found
    assert states(h_json) == states(e_json) == ["ACTIVE", "CONNECT", "OPENSENT", "OPENCONFIRM", "ESTABLISHED"]
    # Stopped: the same "down" reason ("stop, message (shutting down)").
    for d in daemons.values():
        d.send_signal(signal.SIGTERM)
    down = lambda api, local: [masked(l, local) for l in api.lines() if '"state": "down"' in l]
    wait_for(lambda: down(h_json, h_local) and down(e_json, e_local), 20, what="the down messages")
    assert down(h_json, h_local) == down(e_json, e_local)
    assert 'stop, message (shutting down)' in down(h_json, h_local)[0]


def test_compact_and_per_process_version(work):
    port = free_port("127.0.0.2")
    g = work.track(Gobgp(work, 65002, "10.0.0.2", "127.0.0.2", port,
                         [{"address": "127.0.0.1", "asn": 65001}]).start())
    four, five = ApiProcess(work, "four"), ApiProcess(work, "five")
    work.track(Herald(work, f"""
        process four {{ run {four.run_line()}; encoder json; }}
        process five {{ run {five.run_line()}; encoder json; version 5; }}
        neighbor 127.0.0.2 {{
            router-id 10.0.0.1;
            local-address 127.0.0.1;
            local-as 65001;
            peer-as 65002;
            family {{ ipv4 unicast; }}
            api {{ processes [ four five ]; receive {{ parsed; update; }} }}
        }}
        """, env={"exabgp.tcp.port": str(port), "exabgp.api.version": "4", "exabgp.api.compact": "true"}).start())
    wait_for(lambda: g.established("127.0.0.1"), 30, what="GoBGP to establish")
    g.cli("global", "rib", "add", "-a", "ipv4", "10.6.0.0/24", "nexthop", "198.51.100.7")

    def announce(api):
        for m in api.json("update"):
            a = m["neighbor"]["message"].get("update", {}).get("announce")
            if a:
                return m
        return None

    m4 = wait_for(lambda: announce(four), 20, what="the route in process four")
    m5 = wait_for(lambda: announce(five), 20, what="the route in process five")
    assert m4["exabgp"] == "4.0.1" and "router-id" not in m4["neighbor"]
    assert m4["neighbor"]["message"]["update"]["attribute"]["as-path"] == [65002]
    assert m4["neighbor"]["message"]["update"]["announce"] == {"ipv4 unicast": {"198.51.100.7": ["10.6.0.0/24"]}}
    assert m5["exabgp"] == "5.0.0" and m5["neighbor"]["router-id"] == "10.0.0.1"
    assert m5["neighbor"]["message"]["update"]["attribute"]["as-path"] == {
        "0": {"element": "as-sequence", "value": [65002]}}
    assert m5["neighbor"]["message"]["update"]["announce"] == {"ipv4 unicast": {"198.51.100.7": ["10.6.0.0/24"]}}

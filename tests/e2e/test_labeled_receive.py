"""A raw peer sends herald the multicast, labeled unicast and MPLS VPN
UPDATEs of src/api/testdata/labeled_updates.txt (tools/capture_labeled_updates.py),
then, on another session, the VPLS UPDATEs of src/api/testdata/vpls_updates.txt
(tools/capture_vpls_updates.py); herald's JSON and text processes must read
what ExaBGP 5.0's read (the "message" part of each JSON line, the route
lines of each text block). The ipv4 nlri-mpls cases, captured under
ADD-PATH, are left out: this session has none."""

import json
import os
import struct

from harness import KEEPALIVE, ApiProcess, Herald, RawPeer, free_port, open_message, wait_for

TESTDATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "api", "testdata")
FAMILIES = [(1, 1), (1, 2), (1, 4), (2, 4), (1, 128), (2, 128)]
FAMILY_NAMES = "ipv4 unicast; ipv4 multicast; ipv4 nlri-mpls; ipv6 nlri-mpls; ipv4 mpls-vpn; ipv6 mpls-vpn;"


def cases(name="labeled_updates.txt"):
    out, current = [], None
    for line in open(os.path.join(TESTDATA, name)):
        line = line.rstrip("\n")
        if line == "%%":
            current = {"text50": []}
            out.append(current)
        elif current is not None and " " in line:
            key, value = line.split(" ", 1)
            if key == "text50":
                current["text50"].append(value)
            else:
                current[key] = value
    return [c for c in out if "case" in c and not c["case"].startswith("lu4-")]


def route_lines(lines):
    """The route lines of the text blocks, per UPDATE, without "neighbor P
    DIRECTION update"."""
    blocks, current = [], []
    for line in lines:
        if " update start" in line:
            current = []
        elif " update end" in line:
            blocks.append(current)
        elif " update " in line:
            current.append(line.split(" update ", 1)[1])
    return blocks


def test_received_routes_reach_processes_as_exabgp_prints_them(work):
    todo = cases()
    assert len(todo) == 13
    check(work, todo, FAMILIES, FAMILY_NAMES)


def test_received_vpls_routes_reach_processes_as_exabgp_prints_them(work):
    todo = cases("vpls_updates.txt")
    assert len(todo) == 6
    check(work, todo, [(1, 1), (25, 65)], "ipv4 unicast; l2vpn vpls;")


def check(work, todo, families, family_names):
    peer = RawPeer("127.0.0.2")
    json_api, text_api = ApiProcess(work, "json"), ApiProcess(work, "text")
    work.track(json_api)
    work.track(text_api)
    try:
        work.track(Herald(work, f"""
            process json {{ run {json_api.run_line()}; encoder json; }}
            process text {{ run {text_api.run_line()}; encoder text; }}
            neighbor 127.0.0.2 {{
                router-id 10.0.0.1;
                local-address 127.0.0.1;
                local-as 65001;
                peer-as 65001;
                family {{ {family_names} }}
                api {{ processes [ json text ]; receive {{ parsed; update; }} }}
            }}
            """, env={"exabgp.tcp.port": str(peer.port)}).start())
        peer.accept(20)
        assert peer.read_until(1) is not None
        caps = [bytes([1, 4]) + struct.pack("!HBB", afi, 0, safi) for afi, safi in families]
        caps.append(bytes([65, 4]) + struct.pack("!L", 65001))
        peer.send(open_message(65001, "10.0.0.2", caps=caps))
        peer.send(KEEPALIVE)
        assert peer.read_until(4) is not None
        for c in todo:
            peer.send(bytes.fromhex(c["hex"]))
        peer.send(KEEPALIVE)
        wait_for(lambda: len(route_lines(text_api.lines())) >= len(todo) and
                 len(json_api.json("update")) >= len(todo), 30, what="every UPDATE in both processes")
        got_json = [m["neighbor"]["message"] for m in json_api.json("update")]
        got_text = route_lines(text_api.lines())
        for i, c in enumerate(todo):
            want = json.loads(c["json50"])["neighbor"]["message"]
            assert got_json[i] == want, c["case"]
            assert got_text[i] == [l.split(" update ", 1)[1] for l in c["text50"]], c["case"]
    finally:
        peer.close()

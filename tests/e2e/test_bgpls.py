"""BGP-LS (RFC 9552) received from a raw peer: the UPDATEs of
src/api/testdata/bgpls_exabgp50.txt (tools/capture_bgpls.py, built by hand
as nothing here originates BGP-LS) reach herald's JSON process as ExaBGP
5.0's decode prints them (the "message" part, byte for byte). Then a
malformed BGP-LS attribute is discarded and a malformed NLRI is
treat-as-withdraw (RFC 9552 §8.2.2): the session stays up."""

import os
import socket
import struct

import pytest

from harness import KEEPALIVE, ApiProcess, Herald, RawPeer, open_message, wait_for

TESTDATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "api", "testdata")


def cases():
    out, current = [], None
    for line in open(os.path.join(TESTDATA, "bgpls_exabgp50.txt")):
        line = line.rstrip("\n")
        if line.startswith("# "):
            current = {"name": line[2:]}
        elif current is not None and "hex" not in current:
            current["hex"] = line
        elif current is not None:
            current["json"] = line
            out.append(current)
            current = None
    return out


def message_part(line):
    return line[line.index('"message": '):]


def test_bgpls_updates_reach_processes_as_exabgp_prints_them(work):
    todo = cases()
    assert len(todo) == 21
    peer = RawPeer("127.0.0.2")
    json_api = ApiProcess(work, "json")
    work.track(json_api)
    try:
        work.track(Herald(work, """
            process json { run %s; encoder json; }
            neighbor 127.0.0.2 {
                router-id 10.0.0.1;
                local-address 127.0.0.1;
                local-as 65001;
                peer-as 65001;
                family { bgp-ls bgp-ls; bgp-ls bgp-ls-vpn; }
                api { processes [ json ]; receive { parsed; update; } }
            }
            """ % json_api.run_line(), env={"exabgp.tcp.port": str(peer.port)}).start())
        peer.accept(20)
        m = peer.read_until(1)
        assert m is not None
        # herald asks for both families (multiprotocol capabilities, RFC 4760).
        assert struct.pack("!HBB", 16388, 0, 71) in m[1] and struct.pack("!HBB", 16388, 0, 72) in m[1]
        caps = [bytes([1, 4]) + struct.pack("!HBB", 16388, 0, safi) for safi in (71, 72)]
        caps.append(bytes([65, 4]) + struct.pack("!L", 65001))
        peer.send(open_message(65001, "10.0.0.2", caps=caps))
        peer.send(KEEPALIVE)
        assert peer.read_until(4) is not None
        for c in todo:
            peer.send(bytes.fromhex(c["hex"]))

        def updates():
            return [l for l in json_api.lines() if '"type": "update"' in l]

        wait_for(lambda: len(updates()) >= len(todo), 30, what="every UPDATE in the process")
        got = [message_part(l) for l in updates()]
        for i, c in enumerate(todo):
            want = message_part(c["json"])
            if c["name"].startswith("vpn"):  # doc/compat.md: the family is named as negotiated
                want = want.replace('"bgp-ls bgp-ls"', '"bgp-ls bgp-ls-vpn"')
            # The process line ends the neighbor object the decode line also ends.
            assert got[i].rstrip() == want.rstrip(), c["name"]

        # RFC 9552 §8.2.2: a BGP-LS attribute whose node name TLV runs past
        # it is discarded, the route kept; an NLRI with protocol-id 9 is
        # treat-as-withdraw. The session stays up through both.
        node = bytes.fromhex(todo[0]["hex"])
        at = node.find(bytes.fromhex("04020007"))
        bad_attr = node[:at + 3] + b"\x08" + node[at + 4:]
        at = node.find(bytes.fromhex("0000000000000000" "0100"))
        bad_nlri = node[:at - 1] + b"\x09" + node[at:]
        peer.send(bad_attr)
        peer.send(bad_nlri)
        peer.send(KEEPALIVE)
        wait_for(lambda: len(updates()) >= len(todo) + 1, 30, what="the UPDATE without its BGP-LS attribute")
        kept = updates()[len(todo)]
        assert '"bgp-ls": {' not in kept and '"bgpls-node"' in kept and '"announce"' in kept
        # The malformed NLRI is dropped; nothing else was in its UPDATE.
        # herald's End-of-RIB UPDATEs may come, no NOTIFICATION, and the
        # connection stays open.
        with pytest.raises(socket.timeout):
            while True:
                m = peer.read(3)
                assert m is not None and m[0] != 3, "herald must keep the session up"
    finally:
        peer.close()

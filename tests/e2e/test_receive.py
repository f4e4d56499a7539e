"""A peer announces routes; herald's process receives them as ExaBGP 5.0
JSON lines, fields checked."""

from harness import ApiProcess, Gobgp, Herald, free_port, gobgp_and_herald, wait_for


def test_process_receives_json_updates(work):
    g, api, _ = gobgp_and_herald(work, families=["ipv4-unicast", "ipv6-unicast"],
                                 herald_families="ipv4 unicast; ipv6 unicast;", api="neighbor-changes;",
                                 receive="parsed; update; open; notification;")
    g.cli("global", "rib", "add", "-a", "ipv4", "10.5.0.0/24", "origin", "igp", "nexthop", "198.51.100.7",
          "med", "50", "community", "65002:7,no-export", "large-community", "65002:1:2")
    g.cli("global", "rib", "add", "-a", "ipv6", "2001:db8:5::/48", "nexthop", "2001:db8::7")

    def announced():
        found = {}
        for m in api.json("update"):
            upd = m["neighbor"]["message"].get("update", {})
            for fam, by_nh in upd.get("announce", {}).items():
                for nh, routes in by_nh.items():
                    for r in routes:
                        found[r["nlri"]] = (fam, nh, upd["attribute"], m)
        return found

    found = wait_for(lambda: (lambda f: f if {"10.5.0.0/24", "2001:db8:5::/48"} <= set(f) else None)(announced()),
                     20, what="both routes in the process's JSON")
    fam, nh, attr, m = found["10.5.0.0/24"]
    assert m["exabgp"] == "5.0.0"
    assert m["type"] == "update"
    n = m["neighbor"]
    assert n["address"] == {"local": "127.0.0.1", "peer": "127.0.0.2"}
    assert n["asn"] == {"local": 65001, "peer": 65002}
    assert n["router-id"] == "10.0.0.1"
    assert n["direction"] == "receive"
    assert fam == "ipv4 unicast" and nh == "198.51.100.7"
    assert attr["origin"] == "igp"
    assert attr["as-path"] == {"0": {"element": "as-sequence", "value": [65002]}}
    assert attr["med"] == 50
    assert attr["community"] == [[65002, 7], [65535, 65281]]
    assert attr["large-community"] == [[65002, 1, 2]]
    fam6, nh6, _, _ = found["2001:db8:5::/48"]
    assert fam6 == "ipv6 unicast" and nh6 == "2001:db8::7"

    states = [m["neighbor"]["state"] for m in api.json("state")]
    assert states[:2] == ["connected", "up"]
    opens = api.json("open")
    assert opens and opens[0]["neighbor"]["open"]["asn"] == 65002
    counters = [m["counter"] for m in api.json() if "counter" in m]
    assert counters == sorted(counters) and len(set(counters)) == len(counters)

    g.cli("global", "rib", "del", "-a", "ipv4", "10.5.0.0/24")

    def withdrawn():
        for m in api.json("update"):
            w = m["neighbor"]["message"].get("update", {}).get("withdraw", {})
            if {"nlri": "10.5.0.0/24"} in w.get("ipv4 unicast", []):
                return True
        return False

    wait_for(withdrawn, 20, what="the withdrawal in the process's JSON")


def test_processes_get_the_bytes_with_packets(work):
    """`packets`: one process gets the messages' bytes alone, one gets them
    inside the parsed message (`consolidate`), one gets both lines (`parsed;
    packets;`); the bytes are the messages that crossed the wire, both
    ways."""
    port = free_port("127.0.0.2")
    g = work.track(Gobgp(work, 65002, "10.0.0.2", "127.0.0.2", port,
                         [{"address": "127.0.0.1", "asn": 65001, "families": ["ipv4-unicast"]}]).start())
    raw = work.track(ApiProcess(work, "raw"))
    con = work.track(ApiProcess(work, "con"))
    both = work.track(ApiProcess(work, "both"))
    work.track(Herald(work, f"""
        process raw {{ run {raw.run_line()}; encoder json; }}
        process con {{ run {con.run_line()}; encoder json; }}
        process both {{ run {both.run_line()}; encoder text; }}
        neighbor 127.0.0.2 {{
            router-id 10.0.0.1;
            local-address 127.0.0.1;
            local-as 65001;
            peer-as 65002;
            family {{ ipv4 unicast; }}
            static {{ route 10.1.0.0/24 next-hop 10.0.0.1 med 5; }}
            api {{ processes [ raw ]; receive {{ packets; update; open; keepalive; }} send {{ packets; update; }} }}
            api {{ processes [ con ]; receive {{ consolidate; packets; update; }} send {{ consolidate; packets; update; }} }}
            api {{ processes [ both ]; receive {{ parsed; packets; update; }} }}
        }}
        """, env={"exabgp.tcp.port": str(port)}).start())
    wait_for(lambda: g.established("127.0.0.1"), 30, what="GoBGP to establish")
    g.cli("global", "rib", "add", "-a", "ipv4", "10.9.0.0/24", "nexthop", "10.0.0.2", "med", "3")
    # 0A0900: the NLRI 10.9.0.0/24 in the UPDATE's bytes
    wait_for(lambda: any("0A0900" in m["neighbor"]["message"]["body"] for m in raw.json("update")), 20,
             what="the route's bytes at the raw process")
    wait_for(lambda: any("0A0900" in m.get("body", "") for m in con.json("update")), 20,
             what="the route's bytes in the consolidated message")
    wait_for(lambda: any(" receive update announced 10.9.0.0/24 " in l for l in both.lines()), 20,
             what="the parsed route at the text process")

    raw_updates = raw.json("update")
    received = [m for m in raw_updates if m["neighbor"]["direction"] == "receive"]
    sent = [m for m in raw_updates if m["neighbor"]["direction"] == "send"]
    assert all(set(m["neighbor"]["message"]) == {"category", "header", "body"} for m in raw_updates)
    assert all(m["neighbor"]["message"]["category"] == 2 for m in raw_updates)
    # herald's static route and its End-of-RIB, as sent
    assert any("0A0100" in m["neighbor"]["message"]["body"] for m in sent)
    assert any(m["neighbor"]["message"]["body"] == "0x00000000" for m in sent)
    hdr = next(m for m in received if "0A0900" in m["neighbor"]["message"]["body"])["neighbor"]["message"]
    length = int(hdr["header"][34:38], 16)
    assert hdr["header"][:34] == "0x" + "FF" * 16 and hdr["header"][38:] == "02"
    assert length == 19 + (len(hdr["body"]) - 2) // 2
    assert [m["type"] for m in raw.json("open")] == ["open"]
    assert raw.json("keepalive") and raw.json("keepalive")[0]["neighbor"]["message"]["body"] == "0x"
    # no parsed lines for a bytes-only process
    assert not any("update" in m["neighbor"]["message"] for m in raw_updates)

    c = next(m for m in con.json("update") if "0A0900" in m.get("body", ""))
    assert c["neighbor"]["message"]["update"]["announce"]["ipv4 unicast"]["10.0.0.2"] == [{"nlri": "10.9.0.0/24"}]
    assert c["header"].endswith("02")

    lines = both.lines()
    i = next(i for i, l in enumerate(lines) if l.startswith("neighbor 127.0.0.2 receive 2 header ") and "0A0900" in l)
    assert lines[i + 1] == ""  # the bytes, then the parsed message
    assert lines[i + 2] == "neighbor 127.0.0.2 receive update start"


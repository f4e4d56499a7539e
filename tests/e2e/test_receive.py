"""A peer announces routes; herald's process receives them as ExaBGP 5.0
JSON lines, fields checked."""

from harness import ApiProcess, Gobgp, Herald, free_port, wait_for


def test_process_receives_json_updates(work):
    port = free_port("127.0.0.2")
    g = work.track(Gobgp(work, 65002, "10.0.0.2", "127.0.0.2", port,
                         [{"address": "127.0.0.1", "asn": 65001}]).start())
    api = work.track(ApiProcess(work))
    work.track(Herald(work, f"""
        process watcher {{
            run {api.run_line()};
            encoder json;
        }}
        neighbor 127.0.0.2 {{
            router-id 10.0.0.1;
            local-address 127.0.0.1;
            local-as 65001;
            peer-as 65002;
            family {{ ipv4 unicast; ipv6 unicast; }}
            api {{
                processes [ watcher ];
                neighbor-changes;
                receive {{ parsed; update; open; notification; }}
            }}
        }}
        """, env={"exabgp.tcp.port": str(port)}).start())
    wait_for(lambda: g.established("127.0.0.1"), 30, what="GoBGP to establish")
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

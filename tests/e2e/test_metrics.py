"""The metrics endpoint (metrics.enable): scraped over HTTP while a session
with GoBGP comes up, carries routes both ways, is reset and comes back, and
while a process misbehaves; every figure is checked against what happened.
Both exposition formats are read with the Prometheus client library's own
parsers."""

import urllib.error
import urllib.request

from prometheus_client.openmetrics.parser import text_string_to_metric_families as parse_openmetrics
from prometheus_client.parser import text_string_to_metric_families as parse_prometheus

from harness import ApiProcess, Gobgp, Herald, free_port, wait_for

N = "127.0.0.2"


def scrape(port, openmetrics=False):
    req = urllib.request.Request(f"http://127.0.0.1:{port}/metrics")
    if openmetrics:
        req.add_header("Accept", "application/openmetrics-text; version=1.0.0")
    with urllib.request.urlopen(req, timeout=10) as r:
        text = r.read().decode()
        kind = r.headers["Content-Type"]
    parse = parse_openmetrics if openmetrics else parse_prometheus
    samples = {}
    for family in parse(text):
        for s in family.samples:
            samples[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return samples, kind


def value(samples, name, **labels):
    return samples.get((name, tuple(sorted(labels.items()))))


def test_metrics_follow_the_session(work):
    port = free_port(N)
    metrics_port = free_port("127.0.0.1")
    g = work.track(Gobgp(work, 65002, "10.0.0.2", N, port,
                         [{"address": "127.0.0.1", "asn": 65001, "families": ["ipv4-unicast"]}]).start())
    api = work.track(ApiProcess(work))
    crashy = work.file("crashy.sh", "#!/bin/sh\necho this is not a command\nsleep 0.3\nexit 3\n", mode=0o755)
    h = work.track(Herald(work, f"""
        process api {{
            run {api.run_line()};
            encoder json;
        }}
        process crashy {{
            run {crashy};
            encoder text;
        }}
        neighbor {N} {{
            router-id 10.0.0.1;
            local-address 127.0.0.1;
            local-as 65001;
            peer-as 65002;
            family {{ ipv4 unicast; }}
            api {{ processes [ api crashy ]; }}
        }}
        """, env={"exabgp.tcp.port": str(port), "exabgp.metrics.enable": "true",
                  "exabgp.metrics.port": str(metrics_port)}).start())
    h.wait_output(rf"metrics on http://127\.0\.0\.1:{metrics_port}/metrics", 10)
    wait_for(lambda: g.established("127.0.0.1"), 30, what="GoBGP to establish")

    def now(name, **labels):
        return value(scrape(metrics_port)[0], name, **labels)

    wait_for(lambda: now("herald_bgp_session_up", neighbor=N, peer_as="65002") == 1, 10, what="session_up 1")
    s, kind = scrape(metrics_port)
    assert kind.startswith("text/plain; version=0.0.4")
    assert value(s, "herald_bgp_session_state", neighbor=N, state="established") == 1
    assert value(s, "herald_bgp_session_state", neighbor=N, state="idle") == 0
    assert value(s, "herald_bgp_session_established_total", neighbor=N) == 1
    assert value(s, "herald_bgp_messages_total", neighbor=N, direction="sent", type="open") == 1
    assert value(s, "herald_bgp_messages_total", neighbor=N, direction="received", type="open") == 1
    assert value(s, "process_resident_memory_bytes") > 1_000_000
    assert value(s, "herald_api_process_up", process="api") == 1

    # herald -> GoBGP: three routes, one withdrawn, one bad line.
    api.send("announce route 10.1.0.0/24 next-hop 198.51.100.1",
             "announce route 10.1.1.0/24 next-hop 198.51.100.1",
             "announce route 10.1.2.0/24 next-hop 198.51.100.1")
    wait_for(lambda: len(g.rib("ipv4")) == 3, 10, what="GoBGP to get 3 routes")
    api.send("withdraw route 10.1.2.0/24", "announce route not-a-prefix")
    wait_for(lambda: len(g.rib("ipv4")) == 2, 10, what="GoBGP to get the withdrawal")
    sent = dict(neighbor=N, direction="sent", family="ipv4 unicast")
    wait_for(lambda: now("herald_bgp_routes_total", action="withdraw", **sent) == 1, 10, what="withdraw counted")
    s, _ = scrape(metrics_port)
    assert value(s, "herald_bgp_routes_total", action="announce", **sent) == 3
    assert value(s, "herald_bgp_adj_rib_out_routes", neighbor=N, family="ipv4 unicast") == 2
    assert value(s, "herald_api_lines_total", process="api") == 5
    assert value(s, "herald_api_errors_total", process="api") == 1
    assert value(s, "herald_bgp_messages_total", neighbor=N, direction="sent", type="update") >= 2

    # GoBGP -> herald: two routes.
    g.cli("global", "rib", "add", "10.2.0.0/24", "-a", "ipv4")
    g.cli("global", "rib", "add", "10.2.1.0/24", "-a", "ipv4")
    got = dict(neighbor=N, direction="received", family="ipv4 unicast", action="announce")
    wait_for(lambda: now("herald_bgp_routes_total", **got) == 2, 10, what="2 routes received")

    # The misbehaving process: every run's line refused, and restarted.
    wait_for(lambda: (now("herald_api_process_restarts_total", process="crashy") or 0) >= 1, 15,
             what="crashy restarted")
    s, _ = scrape(metrics_port)
    assert value(s, "herald_api_errors_total", process="crashy") >= 1
    assert value(s, "herald_api_lines_total", process="crashy") >= value(s, "herald_api_errors_total",
                                                                          process="crashy")

    # GoBGP resets the session (Cease, administrative reset), then herald
    # tears the next one down (Cease, subcode 3): both NOTIFICATIONs counted.
    g.cli("neighbor", "127.0.0.1", "reset")
    received = dict(neighbor=N, direction="received")
    wait_for(lambda: now("herald_bgp_notifications_total", code="6", subcode="4", **received) == 1, 10,
             what="the reset's NOTIFICATION counted")
    s, _ = scrape(metrics_port)
    assert value(s, "herald_bgp_messages_total", type="notification", **received) == 1
    # GoBGP holds its side down for a while after a reset.
    wait_for(lambda: now("herald_bgp_session_established_total", neighbor=N) == 2, 90,
             what="the session to come back")
    api.send(f"neighbor {N} teardown 3")
    sent_cease = dict(neighbor=N, direction="sent", code="6", subcode="3")
    wait_for(lambda: now("herald_bgp_notifications_total", **sent_cease) == 1, 10, what="the teardown counted")
    s, _ = scrape(metrics_port)
    assert value(s, "herald_bgp_session_up", neighbor=N, peer_as="65002") == 0 or \
        value(s, "herald_bgp_session_established_total", neighbor=N) == 3
    assert value(s, "herald_bgp_session_transitions_total", neighbor=N) >= 8

    # OpenMetrics, by the Accept header, parsed by the strict parser.
    s, kind = scrape(metrics_port, openmetrics=True)
    assert kind.startswith("application/openmetrics-text; version=1.0.0")
    assert [v for k, v in s.items() if k[0] == "herald_build_info"] == [1]
    assert value(s, "herald_bgp_session_established_total", neighbor=N) >= 2

    # Anything but /metrics.
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{metrics_port}/nothing", timeout=10)
        raise AssertionError("expected 404")
    except urllib.error.HTTPError as e:
        assert e.code == 404


PASSIVE = f"""
    neighbor {N} {{
        router-id 10.0.0.1;
        local-address 127.0.0.1;
        local-as 65001;
        peer-as 65002;
        passive;
    }}
    """


def test_metrics_off_by_default_and_bad_address_refused(work):
    h = work.track(Herald(work, PASSIVE, env={"exabgp.tcp.port": str(free_port(N))}).start())
    h.wait_output(r"herald running", 10)
    assert "metrics on" not in h.output()
    bad = Herald(work, PASSIVE, env={"exabgp.tcp.port": str(free_port(N)), "exabgp.metrics.enable": "true",
                                     "exabgp.metrics.address": "not-an-ip"}, name="bad")
    work.track(bad)
    bad.start()
    wait_for(lambda: not bad.alive(), 10, what="herald to refuse the bad address")
    assert "invalid value for exabgp.metrics.address" in bad.output()

"""Reloading the configuration (SIGUSR1): static routes follow the file
without resetting the session; a broken file is reported with its location
and the running configuration stays in force."""

import signal
import time

from harness import Gobgp, Herald, free_port, wait_for

CONFIG = """
neighbor 127.0.0.2 {{
    router-id 10.0.0.1;
    local-address 127.0.0.1;
    local-as 65001;
    peer-as 65002;
    family {{ ipv4 unicast; }}
    static {{
{routes}
    }}
}}
"""


def routes(*lines):
    return "\n".join(f"        route {l};" for l in lines)


def test_reload_follows_the_file_and_survives_errors(work):
    port = free_port("127.0.0.2")
    g = work.track(Gobgp(work, 65002, "10.0.0.2", "127.0.0.2", port,
                         [{"address": "127.0.0.1", "asn": 65001, "families": ["ipv4-unicast"]}]).start())
    h = work.track(Herald(work, CONFIG.format(routes=routes(
        "10.1.0.0/24 next-hop 198.51.100.1 med 1",
        "10.2.0.0/24 next-hop 198.51.100.1 med 2")), env={"exabgp.tcp.port": str(port)}).start())
    wait_for(lambda: set(g.rib("ipv4")) == {"10.1.0.0/24", "10.2.0.0/24"}, 30, what="the first routes")

    with open(h.config_path, "w") as f:
        f.write(CONFIG.format(routes=routes(
            "10.1.0.0/24 next-hop 198.51.100.1 med 10",
            "10.3.0.0/24 next-hop 198.51.100.1 med 3")))
    h.send_signal(signal.SIGUSR1)

    def state():
        rib = g.rib("ipv4")
        return {p: a[4]["metric"] for p, a in rib.items()}

    wait_for(lambda: state() == {"10.1.0.0/24": 10, "10.3.0.0/24": 3}, 15, what="the reloaded routes")
    h.wait_output(r"configuration reloaded", 5)

    with open(h.config_path, "w") as f:
        f.write(CONFIG.format(routes=routes("10.9.0.0/24 next-hop 198.51.100.1 med banana")))
    h.send_signal(signal.SIGUSR1)
    h.wait_output(r"herald\.conf:9:\d+: .*banana", 10)
    h.wait_output(r"previous configuration stays in force", 5)
    time.sleep(1)
    assert state() == {"10.1.0.0/24": 10, "10.3.0.0/24": 3}
    assert "NOTIFICATION" not in h.output(), "no session reset for route changes"
    assert g.established("127.0.0.1")

"""TCP MD5 signatures (RFC 2385) with BIRD 2 (and FRR when installed): a session with the right key
comes up, herald connecting and herald listening, and herald's route reaches
BIRD; with a wrong key the kernel drops every segment and the session never
comes up while both sides keep trying. The password also comes from an
environment variable and a file (herald's md5-password-env / -file)."""

import base64
import time

import pytest

from harness import Bird, FrrBgpd, Herald, free_port, frr_installed, wait_for

PASSWORD = "s3cret-herald"


def bird(work, port, password, passive):
    # BIRD listens on the wildcard address: on its own port when herald
    # listens on 127.0.0.1.
    local_port = port if passive else free_port("127.0.0.2")
    return work.track(Bird(work, f"""
        router id 10.0.0.2;
        protocol device {{ }}
        protocol bgp herald {{
            local 127.0.0.2 port {local_port} as 65001;
            neighbor 127.0.0.1 port {port} as 65001;
            password "{password}";
            {"passive on;" if passive else "connect delay time 1; connect retry time 2; error wait time 1, 2;"}
            ipv4 {{ import all; export none; }};
        }}
        """).start())


def herald(work, port, md5_line, passive, env=None):
    full_env = {"exabgp.tcp.port": str(port)}
    if passive:
        full_env["exabgp.tcp.bind"] = "127.0.0.1"
    full_env.update(env or {})
    return work.track(Herald(work, f"""
        neighbor 127.0.0.2 {{
            router-id 10.0.0.1;
            local-address 127.0.0.1;
            local-as 65001;
            peer-as 65001;
            {"passive;" if passive else ""}
            {md5_line}
            family {{ ipv4 unicast; }}
            static {{ route 198.51.100.0/24 next-hop 127.0.0.1; }}
        }}
        """, env=full_env).start())


def route_reaches_bird(b):
    wait_for(lambda: b.established("herald"), 30, interval=0.2, what="BIRD to establish with MD5")
    wait_for(lambda: "198.51.100.0/24" in b.routes(), 20, interval=0.2, what="BIRD to receive the route")


def test_md5_herald_connects(work):
    port = free_port("127.0.0.2")
    b = bird(work, port, PASSWORD, passive=True)
    h = herald(work, port, f'md5-password "{PASSWORD}";', passive=False)
    route_reaches_bird(b)
    assert h.alive()


def test_md5_herald_listens_with_base64_password(work):
    port = free_port("127.0.0.1")
    b = bird(work, port, PASSWORD, passive=False)
    encoded = base64.b64encode(PASSWORD.encode()).decode()
    h = herald(work, port, f"md5-password {encoded}; md5-base64 true;", passive=True)
    route_reaches_bird(b)
    assert "incoming connection" in h.output()


def test_md5_password_from_environment_and_file(work):
    port = free_port("127.0.0.2")
    b = bird(work, port, PASSWORD, passive=True)
    h = herald(work, port, "md5-password-env HERALD_E2E_MD5;", passive=False,
               env={"HERALD_E2E_MD5": PASSWORD})
    route_reaches_bird(b)
    h.stop()
    wait_for(lambda: not b.established("herald"), 30, interval=0.2, what="BIRD to see herald go")
    key = work.file("md5.key", PASSWORD + "\n", mode=0o600)
    h2 = work.track(Herald(work, f"""
        neighbor 127.0.0.2 {{
            router-id 10.0.0.1; local-address 127.0.0.1; local-as 65001; peer-as 65001;
            md5-password-file "{key}";
            family {{ ipv4 unicast; }}
            static {{ route 198.51.100.0/24 next-hop 127.0.0.1; }}
        }}
        """, env={"exabgp.tcp.port": str(port)}, name="herald2").start())
    wait_for(lambda: b.established("herald"), 30, interval=0.2, what="BIRD to establish with herald2")
    assert h2.alive() and "outgoing connection" in h2.output()


def never_established(b, h, attempts_pattern, attempts):
    """BIRD stays out of Established while herald logs `attempts` matches of
    `attempts_pattern` (each a refused or unanswered connection)."""
    def tried():
        assert not b.established("herald"), "session came up with a wrong MD5 key"
        return h.output().count(attempts_pattern) >= attempts
    wait_for(tried, 60, interval=0.5, what=f"{attempts} x '{attempts_pattern}' in herald's log")
    assert not b.established("herald")


def test_md5_wrong_key_herald_connects(work):
    port = free_port("127.0.0.2")
    b = bird(work, port, PASSWORD, passive=True)
    h = herald(work, port, 'md5-password "not-the-password";', passive=False)
    # BIRD drops the mis-signed SYN: each attempt times out, with a hint.
    never_established(b, h, "check the password on both sides", 1)
    assert "incoming connection" not in h.output() and "outgoing connection" not in h.output()


def test_md5_wrong_key_herald_listens(work):
    port = free_port("127.0.0.1")
    b = bird(work, port, "not-the-password", passive=False)
    h = herald(work, port, f'md5-password "{PASSWORD}";', passive=True)
    # herald's kernel drops BIRD's SYNs: BIRD keeps trying, nothing is accepted.
    def bird_tried():
        assert "incoming connection" not in h.output()
        assert not b.established("herald")
        return "Connect" in b.cli("show", "protocols", "all", "herald") or \
            "Active" in b.cli("show", "protocols", "herald")
    wait_for(bird_tried, 30, interval=0.5, what="BIRD to try connecting")
    # Several seconds of BIRD's retries (connect retry time 2), bounded.
    for _ in range(10):
        assert not b.established("herald")
        assert "incoming connection" not in h.output()
        time.sleep(0.5)


def test_md5_key_change_on_reload(work):
    """herald listens: a reload that changes the key restarts the session and
    re-keys the listening socket (the old key no longer lets BIRD in); the
    right key again brings the session back."""
    import signal
    port = free_port("127.0.0.1")
    b = bird(work, port, PASSWORD, passive=False)
    h = herald(work, port, f'md5-password "{PASSWORD}";', passive=True)
    route_reaches_bird(b)
    text = open(h.config_path).read()
    with open(h.config_path, "w") as f:
        f.write(text.replace(PASSWORD, "changed-password"))
    h.send_signal(signal.SIGUSR1)
    h.wait_output("session settings changed, restarting it", 20)
    wait_for(lambda: not b.established("herald"), 30, interval=0.2, what="the session to go down")
    incoming = h.output().count("incoming connection")
    for _ in range(10):  # BIRD retries every 2 s: still refused
        assert not b.established("herald")
        time.sleep(0.5)
    assert h.output().count("incoming connection") == incoming
    with open(h.config_path, "w") as f:
        f.write(text)
    h.send_signal(signal.SIGUSR1)
    wait_for(lambda: b.established("herald"), 30, interval=0.2, what="BIRD to establish with the key back")


# --- FRR (bgpd without zebra) ----------------------------------------------

def frr_config(password):
    return f"""
        router bgp 65001
         bgp router-id 10.0.0.2
         no bgp ebgp-requires-policy
         no bgp default ipv4-unicast
         neighbor 127.0.0.1 remote-as 65001
         neighbor 127.0.0.1 password {password}
         neighbor 127.0.0.1 passive
         address-family ipv4 unicast
          neighbor 127.0.0.1 activate
         exit-address-family
        """


def frr(work, port, password):
    if not frr_installed():
        pytest.skip("FRR is not installed (apt-get install frr)")
    return work.track(FrrBgpd(work, port, frr_config(password)).start())


def herald_to_frr(work, port, password):
    # FRR refuses next hops in 127.0.0.0/8 (PEERS.md): the route's is TEST-NET.
    return work.track(Herald(work, f"""
        neighbor 127.0.0.2 {{
            router-id 10.0.0.1; local-address 127.0.0.1; local-as 65001; peer-as 65001;
            md5-password "{password}";
            family {{ ipv4 unicast; }}
            static {{ route 198.51.100.0/24 next-hop 192.0.2.1; }}
        }}
        """, env={"exabgp.tcp.port": str(port)}).start())


def test_md5_with_frr(work):
    port = free_port("127.0.0.2")
    f = frr(work, port, PASSWORD)
    h = herald_to_frr(work, port, PASSWORD)
    wait_for(lambda: f.state() == "Established", 40, interval=0.3, what="FRR to establish with MD5")
    wait_for(lambda: "198.51.100.0/24" in f.prefixes(), 20, interval=0.3, what="FRR to receive the route")
    assert h.alive()


def test_md5_wrong_key_with_frr(work):
    port = free_port("127.0.0.2")
    f = frr(work, port, PASSWORD)
    h = herald_to_frr(work, port, "not-the-password")
    def tried():
        assert f.state() != "Established", "session came up with a wrong MD5 key"
        return "check the password on both sides" in h.output()
    wait_for(tried, 60, interval=0.5, what="herald's connection attempt to time out")
    assert f.state() != "Established"


def test_show_neighbor_configuration_hides_the_password(work):
    from harness import ApiProcess
    api = work.track(ApiProcess(work))
    work.track(Herald(work, f"""
        process api {{ run {api.run_line()}; encoder text; }}
        neighbor 127.0.0.2 {{
            router-id 10.0.0.1; local-address 127.0.0.1; local-as 65001; peer-as 65001; passive;
            md5-password "{PASSWORD}";
        }}
        neighbor 127.0.0.3 {{
            router-id 10.0.0.1; local-address 127.0.0.1; local-as 65001; peer-as 65001; passive;
            md5-password-env HERALD_E2E_MD5;
        }}
        """, env={"HERALD_E2E_MD5": "env-secret"}).start())
    api.send("show neighbor configuration")
    wait_for(lambda: sum("md5-password" in l for l in api.lines()) >= 2, 20, what="the configuration shown")
    shown = "\n".join(api.lines())
    assert PASSWORD not in shown and "env-secret" not in shown, shown
    assert "md5-password ********;" in shown and "md5-password-env HERALD_E2E_MD5;" in shown, shown

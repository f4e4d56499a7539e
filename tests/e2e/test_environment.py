"""Environment settings and server flags: exit conditions, log destination,
env files, and ExaBGP 5.0's command-line flags."""

import os
import signal
import subprocess
import time

from harness import HERALD, KEEPALIVE, BASE_ENV, Herald, RawPeer, free_port, open_message, wait_for

NEIGHBOR = """
neighbor 127.0.0.2 {
    router-id 10.0.0.1;
    local-address 127.0.0.1;
    local-as 65001;
    peer-as 65002;
    family { ipv4 unicast; }
}
"""


def establish(peer):
    peer.accept(20)
    assert peer.read_until(1) is not None
    peer.send(open_message(65002, "10.0.0.2"))
    peer.send(KEEPALIVE)
    assert peer.read_until(4) is not None


def test_tcp_connections_exits_after_that_many_sessions(work):
    peer = RawPeer("127.0.0.2")
    try:
        h = work.track(Herald(work, NEIGHBOR, env={"exabgp_tcp_port": str(peer.port),
                                                   "exabgp.tcp.connections": "1"}).start())
        establish(peer)
        peer.sock.close()
        assert h.proc.wait(15) == 0
    finally:
        peer.close()


def test_tcp_attempts_gives_up(work):
    port = free_port("127.0.0.2")  # nobody listens there
    h = work.track(Herald(work, NEIGHBOR, env={"herald.tcp.port": str(port),
                                               "exabgp.tcp.attempts": "2"}).start())
    assert h.proc.wait(30) == 0
    assert "giving up after 2 connection attempt(s)" in h.output()


def test_once_flag_means_one_attempt(work):
    port = free_port("127.0.0.2")
    h = work.track(Herald(work, NEIGHBOR, env={"herald_tcp_port": str(port)}, args=("-1",)).start())
    assert h.proc.wait(20) == 0
    assert h.output().count("connection to 127.0.0.2") == 1


def test_log_destination_file_and_env_file(work):
    log = work.join("herald-file.log")
    env_file = work.file("herald.env", f"""
[exabgp.log]
destination = {log}
level = DEBUG
all = true

[exabgp.tcp]
port = {free_port("127.0.0.2")}
attempts = 1
""")
    h = work.track(Herald(work, NEIGHBOR, env={"exabgp.log.destination": None},
                          args=("--env-file", env_file, "-m", "-p")).start())
    assert h.proc.wait(20) == 0
    text = open(log).read()
    assert "herald running" in text
    assert "memory use" in text


def test_debug_flag_logs_everything_to_the_terminal(work):
    peer = RawPeer("127.0.0.2")
    try:
        h = work.track(Herald(work, NEIGHBOR, env={"exabgp.tcp.port": str(peer.port),
                                                   "exabgp.log.destination": "/dev/null"},
                              args=("-d",)).start())
        establish(peer)
        h.wait_output(r"OPENSENT", 10)  # a debug-level line, on stdout despite the setting
    finally:
        peer.close()


def test_unimplemented_settings_only_warn(work):
    port = free_port("127.0.0.2")
    h = work.track(Herald(work, NEIGHBOR, env={"exabgp.tcp.port": str(port), "exabgp.tcp.attempts": "1",
                                               "exabgp.reactor.speed": "2.0",
                                               "exabgp.cache.attributes": "false"}).start())
    assert h.proc.wait(20) == 0
    assert "reactor.speed" in h.output()


def test_bgp_passive_setting_makes_every_peer_passive(work):
    # As -P: herald listens and never connects.
    port = free_port("127.0.0.1")
    h = work.track(Herald(work, NEIGHBOR, env={"exabgp.tcp.port": str(port), "exabgp.tcp.bind": "127.0.0.1",
                                               "exabgp.bgp.passive": "true"}).start())
    h.wait_output(r"herald running", 10)
    time.sleep(1)
    assert "connection to 127.0.0.2" not in h.output()


def test_system_env_file_is_read_and_unsupported_settings_warn(work):
    system = work.file("exabgp.env", "[exabgp.api]\nchunk = 2\n[exabgp.tcp]\nattempts = 1\n")
    port = free_port("127.0.0.2")
    # The harness sets HERALD_SYSTEM_ENV_FILE empty: this test names a file.
    h = work.track(Herald(work, NEIGHBOR, env={"exabgp.tcp.port": str(port), "HERALD_SYSTEM_ENV_FILE": system,
                                               "exabgp.api.chunk": None}).start())
    assert h.proc.wait(20) == 0  # tcp.attempts = 1 came from the file
    assert f"{system}:2: api.chunk: 2 is not supported by herald yet" in h.output()

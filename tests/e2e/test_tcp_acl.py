"""tcp.acl: with prefixes, herald's listener closes a connection from an
address outside them at once, before it reads anything, even from a
configured neighbor; one inside them gets its session as usual."""

import pytest

from harness import Herald, RawPeer, free_port, open_message, wait_for

CONFIG = """
    neighbor 127.0.0.2 {
        router-id 10.0.0.1;
        local-address 127.0.0.1;
        local-as 65001;
        peer-as 65002;
        passive;
    }
    """


def connect_and_open(port):
    peer = RawPeer("127.0.0.2").connect("127.0.0.1", port, source="127.0.0.2")
    try:
        peer.send(open_message(65002, "10.0.0.2"))
        return peer.read(timeout=10)
    except (ConnectionResetError, BrokenPipeError):
        return None
    finally:
        peer.close()


@pytest.mark.parametrize("acl,allowed", [("127.0.0.3/32 10.0.0.0/8", False), ("10.0.0.0/8, 127.0.0.0/24", True),
                                         ("true", True)], ids=["outside", "inside", "true"])
def test_tcp_acl(work, acl, allowed):
    port = free_port("127.0.0.1")
    h = work.track(Herald(work, CONFIG, env={"exabgp.tcp.port": str(port), "exabgp.tcp.bind": "127.0.0.1",
                                             "exabgp.tcp.acl": acl}).start())
    h.wait_output(r"herald running", 10)
    first = connect_and_open(port)
    if allowed:
        assert first is not None and first[0] == 1, first  # herald's OPEN
        assert "refused by tcp.acl" not in h.output()
    else:
        assert first is None
        h.wait_output(r"connection from 127\.0\.0\.2 refused by tcp\.acl \(1 refused", 10)
        # Refused at once, every time; the log line waits 10 s.
        assert connect_and_open(port) is None
        assert h.output().count("refused by tcp.acl") == 1
        assert "OPEN" not in h.output()


def test_connections_from_unknown_addresses_are_logged_sparingly(work):
    """No neighbor for 127.0.0.3: each connection is closed, one line in 10 s
    says so (a scan does not flood the log)."""
    port = free_port("127.0.0.1")
    h = work.track(Herald(work, CONFIG, env={"exabgp.tcp.port": str(port), "exabgp.tcp.bind": "127.0.0.1"}).start())
    h.wait_output(r"herald running", 10)
    for _ in range(20):
        peer = RawPeer("127.0.0.3").connect("127.0.0.1", port, source="127.0.0.3")
        try:
            assert peer.read(timeout=10) is None
        except (ConnectionResetError, BrokenPipeError):
            pass
        finally:
            peer.close()
    h.wait_output(r"connection from 127\.0\.0\.3 to 127\.0\.0\.1 refused: no neighbor configured for it "
                  r"\(1 such since the last line\)", 10)
    assert h.output().count("no neighbor configured for it") == 1
    assert h.alive()

"""Reloading a large configuration (issue 7 item 7): hundreds of thousands of
static routes are parsed off the event loop and applied in slices, so a
GoBGP session with a 3 s hold time, whose neighbor block does not change,
stays up through several reloads, and GoBGP ends with exactly the routes of
the last file (count, and a sample of prefixes and MEDs)."""

import json
import re
import signal
import time

from harness import Gobgp, Herald, free_port, sanitized, wait_for
from large_config import count, prefix, write_config

# A plain build: ~400k routes (a ~24 MB file). ASan runs several times
# slower: fewer routes, the same steps.
ROUTES = 40_000 if sanitized() else 400_000

def med(g, i):
    """The MED GoBGP holds for route i, None if it holds none."""
    out = g.cli("global", "rib", "-a", "ipv4", prefix(i), "-j")
    data = json.loads(out) if out.strip() else {}
    for paths in data.values():
        for p in paths:
            for a in p["attrs"]:
                if a["type"] == 4:
                    return a["metric"]
            return 0
    return None


def test_large_reloads_keep_a_3s_hold_session_up(work):
    port = free_port("127.0.0.2")
    g = work.track(Gobgp(work, 65002, "10.0.0.2", "127.0.0.2", port,
                         [{"address": "127.0.0.1", "asn": 65001, "families": ["ipv4-unicast"]}]).start())
    n = ROUTES
    wanted = {i: 1 + i % 4 for i in range(n)}
    h = Herald(work, "", env={"exabgp.tcp.port": str(port)})
    write_config(h.config_path, wanted)
    work.track(h.start())
    wait_for(lambda: count(g) == n, 150, interval=1, what=f"GoBGP to hold the {n} first routes")
    assert g.established("127.0.0.1")

    tenth = n // 10
    steps = [
        # Drop the first tenth, change the MED of the second, add a tenth.
        lambda w: ([w.pop(i) for i in range(tenth)],
                   w.update({i: 7 for i in range(tenth, 2 * tenth)}),
                   w.update({i: 2 for i in range(n, n + tenth)})),
        # Bring back half of what went, drop the last tenth, MEDs again.
        lambda w: (w.update({i: 9 for i in range(tenth // 2)}),
                   [w.pop(i) for i in range(n, n + tenth)],
                   w.update({i: 5 for i in range(2 * tenth, 3 * tenth)})),
        # Twice in a row, quickly: the second waits for the first, once.
        lambda w: w.update({i: 3 for i in range(3 * tenth, 4 * tenth)}),
    ]
    for number, step in enumerate(steps, 1):
        step(wanted)
        write_config(h.config_path, wanted)
        h.send_signal(signal.SIGUSR1)
        if number == len(steps):
            time.sleep(0.2)
            h.send_signal(signal.SIGUSR1)
        want = len(wanted)
        deadline = time.monotonic() + 120
        # While herald applies, the session must stay established.
        while time.monotonic() < deadline:
            assert g.established("127.0.0.1"), f"session went down during reload {number}"
            done = len(re.findall(r"configuration reloaded", h.output()))
            if done >= number and count(g) == want:
                break
            time.sleep(0.5)
        else:
            raise AssertionError(f"reload {number}: GoBGP holds {count(g)} routes, wanted {want}")

    # The double signal ran one more reload, and only one.
    wait_for(lambda: len(re.findall(r"configuration reloaded", h.output())) == len(steps) + 1, 60,
             what="the coalesced reload")
    time.sleep(1)
    assert len(re.findall(r"configuration reloaded", h.output())) == len(steps) + 1
    assert count(g) == len(wanted)
    sample = [0, tenth // 2 - 1, tenth // 2, tenth, 2 * tenth - 1, 2 * tenth, 3 * tenth, 4 * tenth - 1,
              4 * tenth, n - 1, n, n + tenth - 1]
    for i in sample:
        assert med(g, i) == wanted.get(i), f"route {prefix(i)}"
    log = h.output()
    assert "session down" not in log and "NOTIFICATION" not in log, "the session stayed up"
    assert "Peer Down" not in g.output() and "hold timer" not in g.output().lower()
    assert g.established("127.0.0.1")
    assert re.search(r"configuration read in [\d.]+ s, compared in [\d.]+ s \(off the event loop\)", log)
    assert re.search(r"static routes \d+ added, \d+ kept .*, \d+ removed; applied in", log)

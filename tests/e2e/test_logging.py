"""herald's log file and log formats: a file moved away by logrotate is
followed by a new one at the same path (by itself, and at once on a reload),
and log.format=json writes one JSON object per line."""

import json
import os
import signal

from harness import ApiProcess, Herald, free_port, wait_for


def config(api):
    # A neighbor nobody answers for: herald keeps running, and the process's
    # bad lines are what the test has herald log.
    return f"""
        process api {{ run {api.run_line()}; encoder text; }}
        neighbor 127.0.0.2 {{
            router-id 10.0.0.1;
            local-address 127.0.0.1;
            local-as 65001;
            peer-as 65002;
            passive;
            api {{ processes [ api ]; }}
        }}
        """


def read(path):
    try:
        with open(path) as f:
            return f.read()
    except FileNotFoundError:
        return ""


def start(work, **env):
    api = work.track(ApiProcess(work))
    log = work.join("herald.out")
    settings = {"exabgp.log.destination": log, "exabgp.tcp.port": str(free_port())}
    settings.update(env)
    h = work.track(Herald(work, config(api), env=settings).start())
    wait_for(lambda: "process api started" in read(log), 20, what="herald to log the process start")
    return h, api, log


def test_a_rotated_log_file_is_followed(work):
    h, api, log = start(work)
    # logrotate's default: the file is moved away; a reload (kill -USR1
    # in postrotate) reopens the path at once.
    os.rename(log, log + ".1")
    h.send_signal(signal.SIGUSR1)
    wait_for(lambda: "reloading the configuration" in read(log), 20, what="the reload logged in a new file")
    assert "process api started" in read(log + ".1")
    assert "process api started" not in read(log)

    # Moved again with no signal: herald notices within about a second,
    # at the next line it writes (each bad API line is logged).
    os.rename(log, log + ".2")
    n = iter(range(1000000))

    def logged_in_new_file():
        api.send(f"announce banana-{next(n)}")
        return "banana" in read(log)

    wait_for(logged_in_new_file, 20, interval=0.2, what="a line in the new file")
    assert "reloading the configuration" in read(log + ".2")
    # Removed outright: created again.
    os.unlink(log)
    wait_for(logged_in_new_file, 20, interval=0.2, what="a line in the file created again")
    assert h.alive()


def test_json_log_lines(work):
    h, api, log = start(work, **{"exabgp.log.format": "json"})
    api.send('announce "quoted" \\ line')
    wait_for(lambda: "quoted" in read(log), 20, what="the bad line logged")
    h.stop()
    lines = read(log).splitlines()
    assert lines
    seen = []
    for line in lines:
        obj = json.loads(line)  # every line one object
        assert set(obj) == {"time", "pid", "level", "category", "message"}, obj
        assert obj["pid"] == h.proc.pid
        assert obj["time"].endswith("Z") and "T" in obj["time"]
        seen.append(obj)
    bad = [o for o in seen if "quoted" in o["message"]]
    assert bad and bad[0]["level"] == "error" and bad[0]["category"] == "processes", bad
    assert '"quoted" \\ line' in bad[0]["message"]
    assert any(o["message"].startswith("process api started") for o in seen)

"""The herald command line: validate, --test, version, help, and bad configs."""

import re
import subprocess

from harness import HERALD


def run(*args, **kw):
    return subprocess.run([HERALD, *args], capture_output=True, text=True, timeout=30, **kw)


GOOD = """
process watcher {
    run /bin/cat;
    encoder json;
}
neighbor 127.0.0.2 {
    router-id 10.0.0.1;
    local-address 127.0.0.1;
    local-as 65001;
    peer-as 65002;
    family { ipv4 unicast; ipv6 unicast; }
    api { processes [ watcher ]; neighbor-changes; receive { parsed; update; } }
    static { route 10.0.0.0/24 next-hop 198.51.100.1 med 10 community [ 65001:1 ]; }
}
"""


def test_version():
    r = run("version")
    assert r.returncode == 0
    assert re.match(r"herald \d+\.\d+\.\d+", r.stdout)


def test_help_for_each_command():
    for args in (["--help"], ["server", "--help"], ["validate", "--help"], ["demo", "--help"]):
        r = run(*args)
        assert r.returncode == 0, args
        assert "Usage" in r.stdout or "usage" in r.stdout.lower(), args


def test_validate_accepts_a_good_config(work):
    path = work.file("good.conf", GOOD)
    for args in (["validate", path], ["--test", path]):
        r = run(*args)
        assert r.returncode == 0, r.stderr
        assert "valid" in r.stdout


def test_validate_reports_file_line_column(work):
    bad = GOOD.replace("peer-as 65002;", "peer-as 65002;\n    frobnicate yes;").replace(
        "med 10", "med ten")
    path = work.file("bad.conf", bad)
    for args in (["validate", path], ["--test", path]):
        r = run(*args)
        assert r.returncode != 0
        errors = r.stderr.strip().splitlines()
        assert any(re.match(re.escape(path) + r":11:5: .*frobnicate", e) for e in errors), r.stderr
        assert any(re.match(re.escape(path) + r":14:\d+: .*ten", e) for e in errors), r.stderr


def test_server_refuses_a_bad_config(work):
    path = work.file("bad.conf", GOOD.replace("local-as 65001;", "local-as banana;"))
    r = run(path, env={"PATH": "/usr/bin:/bin", "exabgp.daemon.drop": "false"})
    assert r.returncode != 0
    assert f"{path}:" in r.stdout + r.stderr

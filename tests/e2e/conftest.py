"""pytest fixtures for herald's end-to-end tests."""

import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness  # noqa: E402


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, "rep_" + rep.when, rep)


@pytest.fixture
def work(request):
    """A scratch directory; daemons registered with work.track() are stopped
    at the end of the test, whatever happens. Kept (and its path printed)
    when the test fails."""
    w = harness.Workdir(request.node.name[:40])
    started = []
    w.track = lambda d: (started.append(d), d)[1]
    yield w
    for d in reversed(started):
        try:
            if isinstance(d, harness.ApiProcess):
                d.close()
            else:
                d.stop()
        except Exception as e:  # keep stopping the others
            print(f"cleanup: {e}")
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        print(f"\nkept the work directory of the failed test: {w.path}")
        for name in sorted(os.listdir(w.path)):
            if name.endswith(".log"):
                print(f"--- {name} (last 40 lines)")
                with open(os.path.join(w.path, name), errors="replace") as f:
                    print("".join(f.readlines()[-40:]))
    else:
        w.cleanup()


@pytest.fixture(scope="session", autouse=True)
def herald_binary():
    if not os.access(harness.HERALD, os.X_OK):
        pytest.exit(f"herald binary not found at {harness.HERALD} (set HERALD_BIN)", 2)

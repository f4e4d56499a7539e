"""The Debian packages: built with CPack from this build, the main one
installed on this machine, its files used from their installed paths
(`herald version`, `herald validate` of the shipped configuration, the
unit verified by systemd-analyze with the installed binary and man pages,
the `herald` system user, conffiles), then purged, leaving nothing. The
compatibility package (exabgp, exabgpcli) is checked by its contents: it
conflicts with Debian's exabgp, which the other tests need."""

import os
import shutil
import subprocess

import pytest

from harness import HERALD


def run(*argv, check=True, timeout=120):
    r = subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
    if check:
        assert r.returncode == 0, f"{argv}: {r.stdout}{r.stderr}"
    return r


@pytest.fixture
def packages(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("installing a package needs root")
    if not shutil.which("dpkg-shlibdeps"):
        pytest.skip("dpkg-dev is not installed (tools/deps.sh installs it)")
    if run("dpkg-query", "-W", "-f=${Status}", "herald", check=False).stdout.startswith("install ok"):
        pytest.skip("a herald package is already installed here: not touching it")
    build = os.path.dirname(HERALD)
    run("cmake", "--build", build, "--target", "man")
    run("cpack", "-B", str(tmp_path), "--config", os.path.join(build, "CPackConfig.cmake"), timeout=300)
    debs = {p.split("_")[0]: str(tmp_path / p) for p in os.listdir(tmp_path) if p.endswith(".deb")}
    assert set(debs) == {"herald", "herald-exabgp-compat"}, debs
    return debs


def test_package_installs_runs_and_purges(packages):
    deb = packages["herald"]
    fields = run("dpkg-deb", "-f", deb, "Package", "Depends", "Section").stdout
    assert "Package: herald" in fields and "libfmt9" in fields and "adduser" in fields
    try:
        run("dpkg", "-i", deb)
        assert run("/usr/sbin/herald", "version").stdout.startswith("herald ")
        r = run("/usr/sbin/herald", "validate", "/etc/herald/herald.conf")
        assert "✓ loading" in r.stderr
        # heraldcli is `herald cli`.
        assert os.readlink("/usr/bin/heraldcli") == "../sbin/herald"
        r = run("/usr/bin/heraldcli", "--socket", "/nonexistent/herald.sock", "show", "neighbor", check=False)
        assert r.returncode != 0 and "/nonexistent/herald.sock" in r.stderr
        # The user the unit runs as, and the configuration readable by it only.
        assert run("getent", "passwd", "herald").stdout.startswith("herald:")
        st = os.stat("/etc/herald/herald.conf")
        assert oct(st.st_mode & 0o777) == "0o640"
        conffiles = run("dpkg-query", "-W", "-f=${Conffiles}", "herald").stdout
        assert "/etc/herald/herald.conf" in conffiles and "/etc/default/herald" in conffiles
        for page in ("man8/herald.8.gz", "man8/heraldcli.8.gz", "man5/herald.conf.5.gz"):
            assert os.path.exists("/usr/share/man/" + page)
        if shutil.which("systemd-analyze"):
            run("systemd-analyze", "verify", "/usr/lib/systemd/system/herald.service")
    finally:
        run("dpkg", "--purge", "herald", check=False)
    assert not os.path.exists("/usr/sbin/herald")
    assert not os.path.exists("/etc/herald/herald.conf")
    assert run("getent", "passwd", "herald", check=False).returncode != 0


def test_compat_package_contents(packages):
    deb = packages["herald-exabgp-compat"]
    listing = run("dpkg-deb", "-c", deb).stdout
    assert "./usr/sbin/exabgp -> herald" in listing
    assert "./usr/bin/exabgpcli -> ../sbin/herald" in listing
    fields = run("dpkg-deb", "-f", deb, "Depends", "Conflicts", "Architecture").stdout
    assert "Conflicts: exabgp" in fields and "Architecture: all" in fields and "Depends: herald (=" in fields

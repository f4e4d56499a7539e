"""TCP-AO (RFC 5925, herald's `tcp-ao { }`) between two herald instances on
loopback: herald A (127.0.0.1) connects, herald B (127.0.0.2, passive,
tcp.bind) listens. With the same key the session comes up; with a wrong
password it never does; a key rollover (a second key added, made current,
the first removed, each by a reload of both sides) keeps the session up
and routes announced afterwards still arrive.

No Debian peer speaks TCP-AO (BIRD 2.0.12, FRR 8.4 and GoBGP 3.10 do not),
hence herald against herald.

TCP-AO needs Linux 6.7 or later built with CONFIG_TCP_AO. Where this
machine's kernel refuses TCP_AO_ADD_KEY with ENOPROTOOPT, the session tests
run in a qemu VM instead, booted on a Debian kernel that has it
(tools/vm_pytest.py: one boot runs them all, with this machine's python3,
pytest and herald binary; each test here then checks its outcome there),
and they are skipped only when that VM cannot be prepared (no qemu, no
busybox-static, no kernel). On such a kernel the test that runs here checks
that herald never talks unsigned: it logs the error and neither connects
nor accepts the peer.

The kernel's TcpExt counters (TCPAOGood, TCPAOBad in /proc/net/netstat)
show it verified the segments of a good session and dropped the
mis-signed ones; during the rollover, TCP_AO_INFO on both connections
shows the current and RNext keys switching to key 2."""

import ctypes
import errno
import os
import re
import signal
import socket
import struct
import subprocess

import pytest

from harness import PYTHON, ROOT, ApiProcess, Herald, free_port, wait_for


def kernel_has_tcp_ao():
    addr = struct.pack("=HH4s", socket.AF_INET, 0, socket.inet_aton("127.0.0.2")).ljust(128, b"\0")
    add = (addr + b"hmac(sha1)".ljust(64, b"\0")
           + struct.pack("=iIHBBBBBB", 0, 0, 0, 32, 1, 1, 12, 0, 6) + b"secret".ljust(80, b"\0"))
    with socket.socket() as s:
        try:
            s.setsockopt(socket.IPPROTO_TCP, 38, add)  # TCP_AO_ADD_KEY
        except OSError as e:
            if e.errno == errno.ENOPROTOOPT:
                return False
            raise
    return True


HAS_AO = kernel_has_tcp_ao()
IN_VM = os.environ.get("HERALD_TCP_AO_VM") == "1"  # set by tools/vm_pytest.py
SESSION_TESTS = "same_key or wrong_password or rollover"
VM_UNAVAILABLE = 77


@pytest.fixture(scope="module")
def vm():
    """One boot of the VM running the session tests: (exit code, console)."""
    argv = [PYTHON, os.path.join(ROOT, "tools", "vm_pytest.py"), "--timeout", "300", "--",
            "-v", "--color=no", "-rfEs", "-k", SESSION_TESTS, "test_tcp_ao.py"]
    try:
        run = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=560)
    except subprocess.TimeoutExpired as e:
        return 124, f"tools/vm_pytest.py did not finish: {e}"
    return run.returncode, run.stdout + run.stderr


def ran_in_vm(request):
    """False where this kernel has TCP-AO: the test runs here. Else the
    test's outcome in the VM: True when it passed there; a failure there
    fails it here, and it is skipped when the VM cannot be prepared."""
    if HAS_AO:
        return False
    if IN_VM:
        pytest.fail("the VM's kernel has no TCP-AO")
    code, console = request.getfixturevalue("vm")
    if code == VM_UNAVAILABLE:
        reason = [l for l in console.splitlines() if l.startswith("vm_pytest:")]
        pytest.skip(f"this kernel has no TCP-AO and {(reason or [console.strip()[-300:]])[-1]}")
    name = request.node.name
    outcome = re.search(rf"test_tcp_ao\.py::{re.escape(name)} (PASSED|FAILED|ERROR|SKIPPED)", console)
    if not outcome or outcome.group(1) != "PASSED":
        pytest.fail(f"{name} in the VM: {outcome.group(1) if outcome else 'no result'} "
                    f"(tools/vm_pytest.py exit {code}); its console:\n{console[-8000:]}", pytrace=False)
    return True


def netstat(name):
    """A TcpExt counter of /proc/net/netstat (TCPAOGood, TCPAOBad, ...)."""
    with open("/proc/net/netstat") as f:
        lines = f.read().splitlines()
    for keys, values in zip(lines[::2], lines[1::2]):
        if keys.startswith("TcpExt:"):
            return int(dict(zip(keys.split()[1:], values.split()[1:]))[name])
    raise KeyError(name)


ONE = "key 1 { algorithm hmac-sha-1-96; password \"first-secret\"; }"
TWO = "key 2 { algorithm aes-128-cmac-96; password \"second-secret\"; }"


def ao_info(pid, peer):
    """The kernel's TCP_AO_INFO of process `pid`'s connection to `peer`
    (its socket taken with pidfd_getfd): (current key's
    send-id, RNext key's receive-id, segments verified, segments dropped)."""
    libc = ctypes.CDLL(None, use_errno=True)
    pidfd = libc.syscall(434, pid, 0)  # pidfd_open (x86-64)
    if pidfd < 0:
        raise OSError(ctypes.get_errno(), "pidfd_open")
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                if not os.readlink(f"/proc/{pid}/fd/{fd}").startswith("socket:"):
                    continue
            except OSError:
                continue
            mine = libc.syscall(438, pidfd, int(fd), 0)  # pidfd_getfd
            if mine < 0:
                continue
            with socket.socket(fileno=mine) as s:
                try:
                    if s.family != socket.AF_INET or s.getpeername()[0] != peer:
                        continue
                except OSError:
                    continue
                info = ctypes.create_string_buffer(48)  # struct tcp_ao_info_opt, zeroed
                size = ctypes.c_uint(48)
                if libc.getsockopt(mine, socket.IPPROTO_TCP, 40, info, ctypes.byref(size)) != 0:  # TCP_AO_INFO
                    raise OSError(ctypes.get_errno(), "getsockopt TCP_AO_INFO")
                _, _, current, rnext, good, bad = struct.unpack("=IHBBQQ24x", info.raw)
                return current, rnext, good, bad
    finally:
        os.close(pidfd)
    return None


def herald(work, name, local, peer, port, ao, passive, api):
    env = {"exabgp.tcp.port": str(port)}
    if passive:
        env["exabgp.tcp.bind"] = local
    return work.track(Herald(work, f"""
        process {api.name} {{ run {api.run_line()}; encoder json; }}
        neighbor {peer} {{
            router-id {local};
            local-address {local};
            local-as 65001;
            peer-as 65001;
            {"passive;" if passive else ""}
            {ao}
            family {{ ipv4 unicast; }}
            api {{ processes [ {api.name} ]; neighbor-changes; receive {{ parsed; update; }} }}
        }}
        """, env=env, name=name).start())


def pair(work, ao_a, ao_b, tag=""):
    port = free_port("127.0.0.2")
    api_a = work.track(ApiProcess(work, f"api_a{tag}"))
    api_b = work.track(ApiProcess(work, f"api_b{tag}"))
    b = herald(work, f"herald_b{tag}", "127.0.0.2", "127.0.0.1", port, ao_b, True, api_b)
    a = herald(work, f"herald_a{tag}", "127.0.0.1", "127.0.0.2", port, ao_a, False, api_a)
    return a, b, api_a, api_b


def states(api):
    return [m["neighbor"]["state"] for m in api.json("state")]


def reload(h, ao_old, ao_new):
    with open(h.config_path) as f:
        text = f.read()
    assert ao_old in text
    with open(h.config_path, "w") as f:
        f.write(text.replace(ao_old, ao_new))
    h.send_signal(signal.SIGUSR1)


@pytest.mark.parametrize("algorithm", ["hmac-sha-1-96", "aes-128-cmac-96", "hmac-sha-256-128"])
def test_tcp_ao_same_key(work, request, algorithm):
    if ran_in_vm(request):
        return
    good = netstat("TCPAOGood")
    ao = f"tcp-ao {{ key-id 1; algorithm {algorithm}; password \"secret\"; }}"
    a, b, api_a, api_b = pair(work, ao, ao)
    for api in (api_b, api_a):
        wait_for(lambda: "up" in states(api), 30, interval=0.2, what=f"the TCP-AO session up for {api.name}")
    # Each side's kernel checked the other's signatures.
    assert netstat("TCPAOGood") > good


def test_tcp_ao_wrong_password(work, request):
    if ran_in_vm(request):
        return
    bad = netstat("TCPAOBad")
    a, b, api_a, api_b = pair(work, "tcp-ao { key-id 1; algorithm hmac-sha-1-96; password \"secret\"; }",
                              "tcp-ao { key-id 1; algorithm hmac-sha-1-96; password \"other\"; }")
    # B's kernel drops A's mis-signed SYNs: A's attempts time out with a hint.
    wait_for(lambda: "check the keys on both sides" in a.output(), 60, interval=0.5,
             what="herald A to give up a connection attempt")
    assert "up" not in states(api_a) and "up" not in states(api_b)
    assert "incoming connection" not in b.output()
    assert netstat("TCPAOBad") > bad  # the kernel dropped the mis-signed segments
    assert a.alive() and b.alive()


def test_tcp_ao_rollover_keeps_the_session(work, request):
    if ran_in_vm(request):
        return
    first = f"tcp-ao {{ {ONE} }}"
    both = f"tcp-ao {{ {ONE} {TWO} }}"
    both_current = f"tcp-ao {{ {ONE} {TWO} current 2; }}"
    second = f"tcp-ao {{ {TWO} }}"
    a, b, api_a, api_b = pair(work, first, first)
    wait_for(lambda: "up" in states(api_b), 30, interval=0.2, what="the TCP-AO session to come up")
    api_a.send("announce route 198.51.100.0/24 next-hop 127.0.0.1")
    wait_for(lambda: api_b.announced("ipv4 unicast"), 20, interval=0.2, what="B to receive the first route")
    bad = netstat("TCPAOBad")
    # Add key 2, make it current (herald then sends with it), remove key 1.
    steps = [(first, both, 1), (both, both_current, 2), (both_current, second, 2)]
    for n, (old, new, sending) in enumerate(steps, 1):
        for h in (a, b):
            reload(h, old, new)
        for h in (a, b):
            wait_for(lambda: h.output().count("TCP-AO keys of the established connection changed") >= n, 20,
                     interval=0.2, what=f"rollover step {n} on {h.config_path}")
            assert "restarting it" not in h.output()
            changed = re.findall(r"TCP-AO keys of the established connection changed \(sending with key (\d+)\)",
                                 h.output())
            assert changed[-1] == str(sending), changed
        # A route announced after each step still arrives, its segments
        # verified by the kernel (after the last step, with key 2 alone).
        good = netstat("TCPAOGood")
        api_a.send(f"announce route 203.0.113.{n}/32 next-hop 127.0.0.1")
        wait_for(lambda: any(r.get("nlri") == f"203.0.113.{n}/32" for _, r in api_b.announced("ipv4 unicast")),
                 20, interval=0.2, what=f"B to receive the route after step {n}")
        assert netstat("TCPAOGood") > good

        # The kernel's view of both connections: current and RNext keys (a
        # side follows the RNextKeyID of the other's next segment).
        def keys_in_use():
            infos = [ao_info(a.proc.pid, "127.0.0.2"), ao_info(b.proc.pid, "127.0.0.1")]
            return infos if all(i and i[:2] == (sending, sending) for i in infos) else None
        infos = wait_for(keys_in_use, 10, interval=0.2, what=f"key {sending} in use after step {n}")
        assert all(i[2] > 0 and i[3] == 0 for i in infos), infos
    assert netstat("TCPAOBad") == bad  # no segment dropped during the rollover
    for api in (api_a, api_b):
        assert states(api).count("up") == 1 and "down" not in states(api), states(api)
    for h in (a, b):
        assert "TCP-AO keys of the established connection:" not in h.output()  # no error


@pytest.mark.skipif(HAS_AO, reason="the kernel has TCP-AO: the session tests cover it")
def test_tcp_ao_unavailable_never_unsigned(work):
    """Without TCP-AO in the kernel, herald connects to nobody and accepts
    nobody unsigned: A (with tcp-ao) does not connect to B (without); B (with
    tcp-ao) refuses A (without)."""
    ao = "tcp-ao { key-id 1; algorithm hmac-sha-1-96; password \"secret\"; }"
    a, b, api_a, api_b = pair(work, ao, "")
    wait_for(lambda: a.output().count("not connecting:") >= 2, 30, interval=0.2,
             what="herald A to refuse connecting unsigned, twice (it keeps retrying)")
    assert "TCP_AO_ADD_KEY" in a.output() and "this kernel has no TCP-AO" in a.output()
    assert "incoming connection" not in b.output()
    assert "up" not in states(api_a) and "up" not in states(api_b)
    a.stop()
    b.stop()

    a, b, api_a, api_b = pair(work, "", ao, tag="2")
    wait_for(lambda: "incoming connection refused" in b.output(), 30, interval=0.2,
             what="herald B to refuse the unsigned connection")
    assert "listening socket" in b.output() and "TCP_AO_ADD_KEY" in b.output()
    assert "up" not in states(api_a) and "up" not in states(api_b)

#!/usr/bin/python3
"""Runs pytest inside a small qemu VM booted on a Debian kernel that has
what this machine's kernel lacks (CONFIG_TCP_AO: tools/vm_kernel.sh fetches
it), for tests/e2e/test_tcp_ao.py.

The VM has no disk and no network card: its root is an initramfs built
here (busybox-static, the kernel's 9p and cmac modules, a small /init), and
it mounts this machine's /usr, /etc and the repository read-only over
virtio 9p, so the tests run with the same python3, pytest and herald binary
as on the machine, their files in the VM's own /tmp. /init brings lo up
(127.0.0.0/8), runs pytest, prints `HERALD-VM-EXIT <code>` on the serial
console and powers off. One boot per call, bounded by --timeout.

    tools/vm_pytest.py [--timeout S] [--herald PATH] -- PYTEST-ARGS...
    tools/vm_pytest.py --shell 'build/src/net/net_test --gtest_filter=TcpAo*'
                       (any command instead of pytest, from the repository)

Prints the console and exits with pytest's code; 77 when the VM could not
be prepared (no qemu-system-x86_64, no busybox-static, no kernel), 124 when
the VM did not finish in time, 125 when it ended without the marker.
"""

import argparse
import ctypes
import os
import shlex
import signal
import stat
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
QEMU = "/usr/bin/qemu-system-x86_64"
BUSYBOX = "/bin/busybox"
UNAVAILABLE = 77
MARKER = "HERALD-VM-EXIT"
BOOTS = 3


class Unavailable(Exception):
    pass


def fetch_kernel():
    try:
        run = subprocess.run([os.path.join(ROOT, "tools", "vm_kernel.sh")], capture_output=True,
                             text=True, timeout=600)
    except subprocess.TimeoutExpired:
        raise Unavailable("tools/vm_kernel.sh: timed out fetching the kernel")
    if run.returncode != 0:
        errors = [l for l in run.stderr.splitlines() if l.startswith(("E:", "vm_kernel.sh:"))]
        raise Unavailable(f"tools/vm_kernel.sh failed: {' / '.join(errors) or run.stderr.strip()[-300:]}")
    return run.stdout.strip().splitlines()[-1]


def die_with_parent():
    """qemu gets SIGKILL if this script dies first (PR_SET_PDEATHSIG)."""
    ctypes.CDLL(None).prctl(1, signal.SIGKILL)


class Cpio:
    """An initramfs in the kernel's newc cpio format."""

    def __init__(self):
        self.data = bytearray()
        self.ino = 1

    def _entry(self, name, mode, body=b""):
        fields = [self.ino, mode, 0, 0, 1, 0, len(body), 0, 0, 0, 0, len(name) + 1, 0]
        self.ino += 1
        self.data += b"070701" + b"".join(b"%08x" % f for f in fields) + name.encode() + b"\0"
        self.data += b"\0" * (-len(self.data) % 4)
        self.data += body
        self.data += b"\0" * (-len(self.data) % 4)

    def dir(self, name):
        self._entry(name, stat.S_IFDIR | 0o755)

    def file(self, name, body, mode=0o644):
        self._entry(name, stat.S_IFREG | mode, body)

    def symlink(self, name, target):
        self._entry(name, stat.S_IFLNK | 0o777, target.encode())

    def close(self):
        self._entry("TRAILER!!!", 0)
        return bytes(self.data)


def mkdirs(cpio, path, made):
    parts = path.strip("/").split("/")
    for i in range(1, len(parts) + 1):
        p = "/".join(parts[:i])
        if p not in made:
            made.add(p)
            cpio.dir(p)


def initramfs(kernel, shares, command):
    """shares: [(tag, path)] mounted read-only at the same path in the VM."""
    cpio = Cpio()
    made = set()
    for d in ("proc", "sys", "dev", "tmp", "run", "root", "var", "modules"):
        mkdirs(cpio, d, made)
    # /bin, /lib, ... as on this machine (links into /usr).
    for name in sorted(os.listdir("/")):
        if os.path.islink("/" + name):
            cpio.symlink(name, os.readlink("/" + name))
            made.add(name)
    cpio.file("busybox", open(BUSYBOX, "rb").read(), 0o755)
    mods = []
    with open(os.path.join(kernel, "modules", "order")) as f:
        for m in f.read().split():
            path = os.path.join(kernel, "modules", m + ".ko")
            if os.path.exists(path):
                cpio.file(f"modules/{m}.ko", open(path, "rb").read())
                mods.append(m)
    mounts = []
    for tag, path in shares:
        mkdirs(cpio, path, made)
        mounts.append(f"$B mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=262144,cache=loose "
                      f"{tag} {shlex.quote(path)} || fail 'mount {tag}'")
    init = f"""#!/busybox sh
B=/busybox
fail() {{ echo "{MARKER} 125 ($1)"; $B poweroff -f; }}
$B mount -t proc proc /proc
$B mount -t sysfs sys /sys
$B mount -t devtmpfs dev /dev
$B mkdir -p /dev/pts /dev/shm
$B mount -t devpts devpts /dev/pts
$B mount -t tmpfs shm /dev/shm
$B mount -t tmpfs tmp /tmp
$B chmod 1777 /tmp
for m in {' '.join(mods)}; do $B insmod /modules/$m.ko || fail "insmod $m"; done
{chr(10).join(mounts)}
$B ip link set lo up || fail 'lo up'
echo "HERALD-VM-START kernel $($B uname -r), up in $($B cut -d' ' -f1 /proc/uptime) s"
{command}
echo "{MARKER} $?"
$B poweroff -f
"""
    cpio.file("init", init.encode(), 0o755)
    return cpio.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--timeout", type=float, default=280)
    ap.add_argument("--memory", default="768")
    ap.add_argument("--herald", default=os.environ.get("HERALD_BIN", os.path.join(ROOT, "build", "herald")))
    ap.add_argument("--dir", default=os.path.join(ROOT, "tests", "e2e"), help="pytest's directory")
    ap.add_argument("--shell", help="a shell command to run (in the repository) instead of pytest")
    ap.add_argument("pytest_args", nargs="*")
    args = ap.parse_args()
    try:
        for tool, pkg in ((QEMU, "qemu-system-x86"), (BUSYBOX, "busybox-static")):
            if not os.access(tool, os.X_OK):
                raise Unavailable(f"no {tool} ({pkg}: tools/deps.sh installs it)")
        if subprocess.run(["ldd", BUSYBOX], capture_output=True).returncode == 0:
            raise Unavailable(f"{BUSYBOX} is not statically linked (busybox-static)")
        kernel = fetch_kernel()
    except Unavailable as e:
        print("vm_pytest: cannot prepare the VM: " + " / ".join(str(e).splitlines()), flush=True)
        return UNAVAILABLE
    herald = os.path.realpath(args.herald)
    shares = [("usr", "/usr"), ("etc", "/etc"), ("repo", ROOT)]
    if not herald.startswith(ROOT + "/"):
        shares.append(("herald", os.path.dirname(herald)))
    env = {"PATH": "/usr/local/bin:/usr/bin:/usr/sbin", "HOME": "/root", "LANG": "C.UTF-8",
           "PYTHONDONTWRITEBYTECODE": "1", "HERALD_BIN": herald, "HERALD_TCP_AO_VM": "1"}
    # A sanitized herald's options (tools/test.sh) go along.
    env.update({k: v for k, v in os.environ.items() if k.endswith("SAN_OPTIONS")})
    run = ("/usr/bin/python3 -m pytest -p no:cacheprovider " + " ".join(shlex.quote(a) for a in args.pytest_args)
           if args.shell is None else "/bin/sh -c " + shlex.quote(args.shell))
    command = (f"cd {shlex.quote(args.dir if args.shell is None else ROOT)} && /usr/bin/env -i "
               + " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items()) + " " + run)
    with tempfile.TemporaryDirectory(prefix="herald-vm-") as tmp:
        initrd = os.path.join(tmp, "initrd")
        with open(initrd, "wb") as f:
            f.write(initramfs(kernel, shares, command))
        # One vCPU: with two, TCG now and then lets the second CPU run a
        # half-patched instruction while the kernel patches its own text at
        # boot ("Oops: int3" in sched_clock_cpu), a fault of the emulator.
        argv = [QEMU, "-nodefaults", "-no-user-config", "-display", "none", "-serial", "stdio",
                "-monitor", "none", "-no-reboot", "-cpu", "max", "-smp", "1", "-m", args.memory,
                "-kernel", os.path.join(kernel, "vmlinuz"), "-initrd", initrd,
                "-append", "console=ttyS0 panic=-1 quiet"]
        for tag, path in shares:
            argv += ["-virtfs", f"local,path={path},mount_tag={tag},security_model=none,readonly=on"]
        # A VM that stopped before /init's start line (a kernel panic at
        # boot) ran no test at all: it is booted again, twice at most, and
        # each failed boot's console is shown.
        for attempt in range(1, BOOTS + 1):
            code, console = boot(argv, os.path.join(tmp, "console"), args.timeout, kernel)
            if "HERALD-VM-START " in console or code == 124 or attempt == BOOTS:
                return code
            print(f"vm_pytest: boot {attempt} of {BOOTS} failed before /init started; booting again",
                  flush=True)


def boot(argv, log, timeout, kernel):
    """Runs the VM once: (exit code as documented above, console)."""
    start = time.monotonic()
    with open(log, "wb") as out:
        qemu = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                preexec_fn=die_with_parent)
        try:
            qemu.wait(timeout)
            timed_out = False
        except subprocess.TimeoutExpired:
            qemu.kill()
            qemu.wait(10)
            timed_out = True
    with open(log, "rb") as f:
        console = f.read().decode("utf-8", "replace").replace("\r\n", "\n")
    print(console, end="" if console.endswith("\n") else "\n")
    print(f"vm_pytest: kernel {open(os.path.join(kernel, 'version')).read().strip()}, "
          f"VM ran {time.monotonic() - start:.1f}s", flush=True)
    if timed_out:
        print(f"vm_pytest: the VM did not finish within {timeout:.0f}s", flush=True)
        return 124, console
    for line in reversed(console.splitlines()):
        if line.startswith(MARKER + " "):
            return int(line.split()[1]), console
    return 125, console


if __name__ == "__main__":
    sys.exit(main())

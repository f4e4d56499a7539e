"""Test harness: runs the real herald binary and real BGP daemons on loopback.

Every daemon a test starts is stopped by its own pid (never by name), every
wait is bounded, every port is picked free at run time. Addresses used:
127.0.0.1 (herald) and 127.0.0.2.. (peers); nothing leaves the machine.
"""

import itertools
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HERALD = os.environ.get("HERALD_BIN", os.path.join(ROOT, "build", "herald"))
PYTHON = "/usr/bin/python3"


def sanitized():
    """True for an ASan build, whose RSS says nothing of herald's (shadow
    memory, quarantine) and which runs several times slower."""
    ldd = subprocess.run(["ldd", HERALD], capture_output=True, text=True, timeout=30)
    return "libasan" in ldd.stdout


class Timeout(AssertionError):
    pass


def wait_for(predicate, timeout=10.0, interval=0.05, what="condition"):
    """Polls predicate() until it returns a truthy value; returns it."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = predicate()
        if last:
            return last
        time.sleep(interval)
    raise Timeout(f"timed out after {timeout}s waiting for {what} (last: {last!r})")


def free_port(address="127.0.0.1"):
    s = socket.socket(socket.AF_INET6 if ":" in address else socket.AF_INET)
    s.bind((address, 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Workdir:
    def __init__(self, name):
        self.path = tempfile.mkdtemp(prefix=f"herald-e2e-{name}-")

    def file(self, name, text, mode=0o644):
        path = os.path.join(self.path, name)
        with open(path, "w") as f:
            f.write(text)
        os.chmod(path, mode)
        return path

    def join(self, *names):
        return os.path.join(self.path, *names)

    def cleanup(self):
        shutil.rmtree(self.path, ignore_errors=True)


class Daemon:
    """A child process with its output in a log file; stopped by pid."""

    def __init__(self, argv, log_path, env=None, cwd=None):
        self.argv = argv
        self.log_path = log_path
        self.env = env
        self.cwd = cwd
        self.proc = None

    def start(self):
        self.log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(self.argv, stdout=self.log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, env=self.env, cwd=self.cwd,
                                     start_new_session=True)
        return self

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def output(self):
        try:
            with open(self.log_path, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except FileNotFoundError:
            return ""

    def wait_output(self, pattern, timeout=10.0):
        rx = re.compile(pattern)
        return wait_for(lambda: rx.search(self.output()), timeout, what=f"/{pattern}/ in {self.log_path}")

    def send_signal(self, sig):
        if self.alive():
            os.kill(self.proc.pid, sig)

    def stop(self, sig=signal.SIGTERM, timeout=10.0):
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            try:
                os.kill(self.proc.pid, sig)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)
        # Whatever the daemon started in its own process group goes too.
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.log.close()
        return self.proc.returncode


# --- herald ----------------------------------------------------------------

BASE_ENV = {
    "exabgp.daemon.user": "root",
    "exabgp.daemon.drop": "false",
    "exabgp.api.cli": "false",
    "exabgp.api.socket": "",
    "exabgp.log.destination": "stdout",
    "exabgp.tcp.bind": "",
    # No system env file (/etc/exabgp/exabgp.env): tests set what they need.
    "HERALD_SYSTEM_ENV_FILE": "",
}


def _collect(work, config_path, into):
    """tools/validate_parity.py: a copy of the test's directory as it is
    when herald starts (its configuration, the scripts it names) under
    `into`, the configuration's paths pointing at the copy."""
    copy = os.path.join(into, os.path.basename(work.path))
    os.makedirs(copy, exist_ok=True)
    for entry in os.scandir(work.path):
        if entry.is_file(follow_symlinks=False):
            shutil.copy2(entry.path, copy)
    target = os.path.join(copy, os.path.basename(config_path))
    with open(config_path) as f:
        text = f.read().replace(work.path, copy)
    with open(target, "w") as f:
        f.write(text)
    with open(os.path.join(copy, "herald-configs.txt"), "a") as f:
        f.write(os.path.basename(config_path) + "\n")


class Herald(Daemon):
    def __init__(self, work, config, env=None, args=(), binary=None, name="herald"):
        self.work = work
        self.config_path = work.file(f"{name}.conf", textwrap.dedent(config))
        collect = os.environ.get("HERALD_E2E_COLLECT")
        if collect:
            _collect(work, self.config_path, collect)
        full_env = dict(os.environ)
        full_env.update(BASE_ENV)
        for k, v in (env or {}).items():
            if v is None:
                full_env.pop(k, None)  # let an env file decide
            else:
                full_env[k] = v
        super().__init__([binary or HERALD, *args, self.config_path], work.join(f"{name}.log"),
                         env=full_env, cwd=work.path)


RELAY = r'''
import os, sys, threading
fifo, out = sys.argv[1], sys.argv[2]
def pump():
    with open(out, "a") as f:
        for line in sys.stdin:
            f.write(line)
            f.flush()
threading.Thread(target=pump, daemon=True).start()
while True:
    with open(fifo) as f:
        for line in f:
            sys.stdout.write(line)
            sys.stdout.flush()
'''


class ApiProcess:
    """A herald `process` the test drives: lines written with send() reach
    herald on the process's stdout; what herald writes to the process's
    stdin lands in a file, read back with lines()/json()."""

    def __init__(self, work, name="api"):
        self.work = work
        self.name = name
        self.fifo = work.join(f"{name}.fifo")
        if not os.path.exists(self.fifo):
            os.mkfifo(self.fifo)
        self.out = work.join(f"{name}.out")
        open(self.out, "a").close()
        self.script = work.file(f"{name}.py", RELAY)
        self._writer = None

    def run_line(self):
        return f"{PYTHON} {self.script} {self.fifo} {self.out}"

    def send(self, *lines):
        if self._writer is None:
            # Blocks until the relay opens the fifo: bounded by an alarm.
            fd = wait_for(self._try_open, timeout=15, what=f"process {self.name} to start")
            # Opened non-blocking (to poll for the reader); write blocking.
            os.set_blocking(fd, True)
            self._writer = os.fdopen(fd, "w")
        for line in lines:
            self._writer.write(line + "\n")
        self._writer.flush()

    def _try_open(self):
        try:
            return os.open(self.fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:
            return None

    def close(self):
        if self._writer:
            try:
                self._writer.close()
            except OSError:
                pass
            self._writer = None

    def lines(self):
        with open(self.out) as f:
            return [l.rstrip("\n") for l in f]

    def json(self, type_=None):
        out = []
        for l in self.lines():
            if not l.startswith("{"):
                continue
            m = json.loads(l)
            if type_ is None or m.get("type") == type_:
                out.append(m)
        return out

    def announced(self, family):
        """Every route of `family` announced to the process so far, in
        order: [(next hop, route)]."""
        out = []
        for m in self.json("update"):
            part = m["neighbor"]["message"].get("update", {}).get("announce", {}).get(family, {})
            for hop, routes in part.items():
                out += [(hop, r) for r in routes]
        return out

    def withdrawn(self, family):
        """Every route of `family` withdrawn to the process so far, in order."""
        out = []
        for m in self.json("update"):
            out += m["neighbor"]["message"].get("update", {}).get("withdraw", {}).get(family, [])
        return out

    def routes(self, action, family):
        """The part for `family` of the first UPDATE received whose `action`
        ("announce" or "withdraw") names it; None until one has come."""
        for m in self.json("update"):
            part = m["neighbor"]["message"].get("update", {}).get(action, {})
            if family in part:
                return part[family]
        return None


# --- GoBGP -----------------------------------------------------------------

class Gobgp(Daemon):
    def __init__(self, work, asn, router_id, address, port, neighbors, name="gobgp"):
        """neighbors: list of dicts {address, asn, passive=True, families=[...],
        add_paths={receive, send_max}}"""
        self.api_port = free_port()
        self.port = port
        lines = [
            "[global.config]",
            f"  as = {asn}",
            f'  router-id = "{router_id}"',
            f"  port = {port}",
            f'  local-address-list = ["{address}"]',
        ]
        for n in neighbors:
            lines += [
                "[[neighbors]]",
                "  [neighbors.config]",
                f'    neighbor-address = "{n["address"]}"',
                f'    peer-as = {n["asn"]}',
                "  [neighbors.transport.config]",
                f'    passive-mode = {"true" if n.get("passive", True) else "false"}',
                f'    local-address = "{address}"',
            ]
            if "remote_port" in n:
                lines.append(f'    remote-port = {n["remote_port"]}')
            for fam in n.get("families", ["ipv4-unicast", "ipv6-unicast"]):
                lines += ["  [[neighbors.afi-safis]]", "    [neighbors.afi-safis.config]",
                          f'      afi-safi-name = "{fam}"']
                if "add_paths" in n:  # {"receive": bool, "send_max": int}: RFC 7911
                    ap = n["add_paths"]
                    lines += ["    [neighbors.afi-safis.add-paths.config]",
                              f'      receive = {"true" if ap.get("receive") else "false"}',
                              f'      send-max = {ap.get("send_max", 0)}']
        self.config_path = work.file(f"{name}.toml", "\n".join(lines) + "\n")
        super().__init__(["gobgpd", "-f", self.config_path, "-t", "toml", "-p",
                          "--api-hosts", f"127.0.0.1:{self.api_port}", "--pprof-disable"],
                         work.join(f"{name}.log"))

    def start(self):
        super().start()
        # gobgpd answers its gRPC API a moment after it starts.
        wait_for(lambda: self._try("global"), 20, what="gobgpd's API")
        return self

    def _try(self, *args):
        r = subprocess.run(["gobgp", "-p", str(self.api_port), *args], capture_output=True,
                           text=True, timeout=30)
        return r if r.returncode == 0 else None

    def cli(self, *args, timeout=30):
        # A busy gobgpd (or a sanitizer build running next to it) sometimes
        # answers "context deadline exceeded": ask again a few times.
        for attempt in range(5):
            r = subprocess.run(["gobgp", "-p", str(self.api_port), *args], capture_output=True,
                               text=True, timeout=timeout)
            if r.returncode == 0:
                return r.stdout
            time.sleep(0.2 * (attempt + 1))
        raise RuntimeError(f"gobgp {' '.join(args)}: {(r.stderr or r.stdout).strip()}")

    def neighbors(self):
        try:
            return json.loads(self.cli("neighbor", "-j"))
        except (RuntimeError, json.JSONDecodeError):
            return []

    def established(self, address=None):
        for n in self.neighbors():
            if address and n["state"]["neighbor_address"] != address:
                continue
            if n["state"].get("session_state") == 6:
                return True
        return False

    def rib(self, family="ipv4"):
        """{prefix: attrs-dict} of the global RIB, best paths."""
        out = self.cli("global", "rib", "-a", family, "-j", timeout=120)
        data = json.loads(out) if out.strip() else {}
        rib = {}
        for prefix, paths in data.items():
            for p in paths:
                if p.get("best", True):
                    rib[prefix] = {a["type"]: a for a in p["attrs"]}
        return rib


def gobgp_peer_neighbor(processes, settings="", api=""):
    """herald's side of gobgp_peer(): the neighbor block, its api naming
    `processes`; `settings` and `api` add statements to the block and to
    its api."""
    return f"""
        neighbor 127.0.0.2 {{
            router-id 10.0.0.1;
            local-address 127.0.0.1;
            local-as 65001;
            peer-as 65002;
            {settings}
            family {{ ipv4 unicast; }}
            api {{ processes [ {processes} ]; {api} }}
        }}
"""


def gobgp_peer(work, port):
    """A GoBGP at 127.0.0.2 (AS 65002, IPv4 unicast) waiting for herald's
    connection from 127.0.0.1 (AS 65001) on `port`; stopped with the test."""
    return work.track(Gobgp(work, 65002, "10.0.0.2", "127.0.0.2", port,
                            [{"address": "127.0.0.1", "asn": 65001, "families": ["ipv4-unicast"]}]).start())


def gobgp_and_herald(work, families=("ipv4-unicast",), herald_families="ipv4 unicast;", neighbor="",
                     receive="parsed; update;", api="", add_paths=None, env=None):
    """A GoBGP at 127.0.0.2 (AS 65002, `families`, `add_paths` as Gobgp
    takes them) and a herald at 127.0.0.1 (AS 65001, `herald_families`)
    connecting to it, with one json process `api` that gets what `receive`
    names (and the api statements `api`); `neighbor` adds statements to
    herald's neighbor block, `env` to its environment. Returns (gobgp,
    the ApiProcess, herald) once GoBGP has established the session."""
    port = free_port("127.0.0.2")
    peer = {"address": "127.0.0.1", "asn": 65001, "families": list(families)}
    if add_paths is not None:
        peer["add_paths"] = add_paths
    g = work.track(Gobgp(work, 65002, "10.0.0.2", "127.0.0.2", port, [peer]).start())
    process = work.track(ApiProcess(work))
    h = work.track(Herald(work, f"""
        process api {{
            run {process.run_line()};
            encoder json;
        }}
        neighbor 127.0.0.2 {{
            router-id 10.0.0.1;
            local-address 127.0.0.1;
            local-as 65001;
            peer-as 65002;
            family {{ {herald_families} }}
            {neighbor}
            api {{ processes [ api ]; {api} receive {{ {receive} }} }}
        }}
        """, env={"exabgp.tcp.port": str(port), **(env or {})}).start())
    wait_for(lambda: g.established("127.0.0.1"), 30, what="GoBGP to establish")
    return g, process, h


# --- BIRD ------------------------------------------------------------------

class Bird(Daemon):
    def __init__(self, work, config, name="bird"):
        self.ctl = work.join(f"{name}.ctl")
        self.config_path = work.file(f"{name}.conf", textwrap.dedent(config))
        super().__init__(["bird", "-f", "-c", self.config_path, "-s", self.ctl, "-P",
                          work.join(f"{name}.pid")], work.join(f"{name}.log"))

    def cli(self, *args, timeout=60):
        r = subprocess.run(["birdc", "-s", self.ctl, *args], capture_output=True, text=True,
                           timeout=timeout)
        return r.stdout

    def established(self, protocol):
        return "Established" in self.cli("show", "protocols", protocol)

    def routes(self, table=None):
        """{prefix: {key: value}} from `show route all`."""
        args = ["show", "route", "all"] + (["table", table] if table else [])
        text = self.cli(*args, timeout=120)
        routes = {}
        current = None
        for line in text.splitlines():
            m = re.match(r"^(\S+/\d+)\s+(unicast|unreachable|blackhole)", line)
            if m:
                current = routes.setdefault(m.group(1), {"kind": m.group(2)})
                continue
            m = re.match(r"^\s+(?:\S+\s+)?(unicast|unreachable)\s+\[", line)
            if m and current is not None:
                continue  # another path for the same prefix
            m = re.match(r"^\s+BGP\.(\w+): (.*)$", line)
            if m and current is not None:
                current[m.group(1)] = m.group(2).strip()
        return routes


# --- FRR (bgpd; zebra for a kernel FIB) ---------------------------------------

FRR_BGPD = "/usr/lib/frr/bgpd"
FRR_ZEBRA = "/usr/lib/frr/zebra"


def frr_installed():
    return os.access(FRR_BGPD, os.X_OK) and shutil.which("vtysh") is not None


class FrrBgpd(Daemon):
    """FRR's bgpd alone (no zebra, so no FIB and no kernel next-hop checks;
    unless `zebra` is an FrrZebra started in the same namespace), listening
    on `address` (one address or a list; None: every address) and `port`, queried
    through vtysh on its own vty socket directory. `config` is the whole
    bgpd.conf (`router bgp ...`); FRR refuses next hops in 127.0.0.0/8
    (PEERS.md), so the routes it is given use other ones."""

    def __init__(self, work, port, config, address="127.0.0.2", name="bgpd", zebra=None):
        self.vty = work.join(f"{name}-vty")
        os.makedirs(self.vty, exist_ok=True)
        conf = work.file(f"{name}.conf", textwrap.dedent(config))
        listen = []
        for a in ([address] if isinstance(address, str) else address or []):
            listen += ["-l", a]
        # With a zebra (FrrZebra), its best paths go to the kernel FIB; `-l`
        # would imply -n (no kernel routes): pass address=None with it.
        core = ["-z", zebra.zserv] if zebra else ["-Z"]
        super().__init__([FRR_BGPD, *core, "-S", "-P", "0", "-p", str(port), *listen,
                          "--vty_socket", self.vty, "-f", conf, "-i", work.join(f"{name}.pid")],
                         work.join(f"{name}.log"))

    def vtysh(self, command, timeout=30):
        r = subprocess.run(["vtysh", "--vty_socket", self.vty, "-c", command], capture_output=True, text=True,
                           timeout=timeout)
        return r.stdout

    def vtysh_config(self, *lines):
        """Runs `lines` in vtysh's configuration mode."""
        args = ["vtysh", "--vty_socket", self.vty, "-c", "configure terminal"]
        for line in lines:
            args += ["-c", line]
        subprocess.run(args, capture_output=True, text=True, timeout=30, check=True)

    def json(self, command):
        """vtysh's answer to `command` (one ending in json), or None."""
        try:
            return json.loads(self.vtysh(command))
        except ValueError:
            return None

    def state(self, neighbor="127.0.0.1"):
        try:
            return self.json(f"show bgp neighbors {neighbor} json")[neighbor]["bgpState"]
        except (TypeError, KeyError):
            return None

    def prefixes(self, family="ipv4 unicast"):
        data = self.json(f"show bgp {family} json") or {}
        return set(data.get("routes", {}))


class FrrZebra(Daemon):
    """FRR's zebra, for a bgpd (FrrBgpd(..., zebra=this, address=None)) that
    installs its best paths in the kernel FIB of the namespace both run in
    (PEERS.md, "As a router with a kernel FIB"). zebra refuses to run as
    root: it runs as the frr user, its sockets in a directory owned by frr
    (the work directory is made traversable for it). start() waits for its
    zserv socket and raises FrrZebra.Unavailable if zebra cannot run."""

    class Unavailable(Exception):
        pass

    def __init__(self, work, name="zebra"):
        os.chmod(work.path, 0o755)
        self.dir = work.join(f"{name}-run")
        os.makedirs(self.dir, exist_ok=True)
        conf = os.path.join(self.dir, "zebra.conf")
        open(conf, "w").close()
        try:
            for path in (self.dir, conf):
                shutil.chown(path, "frr", "frr")
        except LookupError as e:
            raise FrrZebra.Unavailable(f"FRR's zebra cannot run here: {e}")
        self.zserv = os.path.join(self.dir, "zserv.api")
        super().__init__([FRR_ZEBRA, "-u", "frr", "-g", "frr", "-P", "0", "--vty_socket", self.dir,
                          "-z", self.zserv, "-i", os.path.join(self.dir, "zebra.pid"), "-f", conf,
                          "--log", "stdout"], work.join(f"{name}.log"))

    def start(self):
        super().start()
        try:
            wait_for(lambda: os.path.exists(self.zserv) or not self.alive(), 15, what="zebra's zserv socket")
        except Timeout:
            pass
        if not os.path.exists(self.zserv):
            code = self.proc.poll()
            raise FrrZebra.Unavailable(f"FRR's zebra cannot run here (exit code {code}): {self.output()[-500:]!r}")
        return self


# --- network namespaces ------------------------------------------------------

class Netns:
    """A network namespace of the test's own: its loopback up, with the
    extra `addresses` on it (IPv6 ones with nodad), so that daemons started
    inside (wrap) can use distinct IPv6 addresses. Deleted by delete();
    the daemons in it are stopped by pid, as everywhere else."""

    _serial = itertools.count()

    def __init__(self, addresses=()):
        self.name = f"herald-e2e-{os.getpid()}-{next(Netns._serial)}"
        subprocess.run(["ip", "netns", "add", self.name], check=True, timeout=30)
        try:
            self.ip("link", "set", "lo", "up")
            for a in addresses:
                self.ip("addr", "add", a, "dev", "lo", *(["nodad"] if ":" in a else []))
        except Exception:
            self.delete()
            raise

    def ip(self, *args):
        subprocess.run(["ip", "-n", self.name, *args], check=True, timeout=30)

    def wrap(self, daemon):
        """Makes `daemon` (not started yet) run inside the namespace."""
        daemon.argv = ["ip", "netns", "exec", self.name, *daemon.argv]
        return daemon

    def delete(self):
        subprocess.run(["ip", "netns", "delete", self.name], timeout=30)


# --- a raw BGP speaker, for bad input ----------------------------------------

MARKER = b"\xff" * 16


def message(mtype, body):
    return MARKER + (19 + len(body)).to_bytes(2, "big") + bytes([mtype]) + body


def open_message(asn, router_id, hold=90, caps=None):
    if caps is None:
        caps = [bytes([1, 4, 0, 1, 0, 1]),  # multiprotocol ipv4 unicast
                bytes([65, 4]) + asn.to_bytes(4, "big")]
    params = b"".join(bytes([2, len(c)]) + c for c in caps)
    body = bytes([4]) + min(asn, 23456 if asn > 65535 else asn).to_bytes(2, "big") + \
        hold.to_bytes(2, "big") + socket.inet_aton(router_id) + bytes([len(params)]) + params
    return message(1, body)


KEEPALIVE = message(4, b"")


class RawPeer:
    """A minimal BGP speaker over a plain socket: sends exactly the bytes a
    test gives it and reads messages back."""

    def __init__(self, address, port=0):
        self.server = socket.socket()
        self.server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.server.bind((address, port))
        self.server.listen(4)
        self.server.settimeout(15)
        self.port = self.server.getsockname()[1]
        self.sock = None
        self.buffer = b""

    def accept(self, timeout=15):
        self.server.settimeout(timeout)
        self.sock, _ = self.server.accept()
        self.sock.settimeout(timeout)
        return self

    def connect(self, address, port, source=None, timeout=10):
        self.sock = socket.create_connection((address, port), timeout,
                                            source_address=(source, 0) if source else None)
        self.sock.settimeout(timeout)
        return self

    def send(self, data):
        self.sock.sendall(data)

    def read(self, timeout=15):
        """The next message as (type, body), or None on EOF."""
        self.sock.settimeout(timeout)
        while True:
            if len(self.buffer) >= 19:
                length = int.from_bytes(self.buffer[16:18], "big")
                if len(self.buffer) >= length:
                    m, self.buffer = self.buffer[:length], self.buffer[length:]
                    return m[18], m[19:]
            data = self.sock.recv(65536)
            if not data:
                return None
            self.buffer += data

    def read_until(self, mtype, timeout=15):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            m = self.read(max(0.1, deadline - time.monotonic()))
            if m is None:
                return None
            if m[0] == mtype:
                return m
        raise Timeout(f"no message of type {mtype}")

    def close(self):
        for s in (self.sock, self.server):
            if s:
                try:
                    s.close()
                except OSError:
                    pass

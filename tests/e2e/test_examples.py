"""The example configurations and scripts in etc/examples (installed in
/usr/share/doc/herald/examples).

Every etc/examples/*.conf must pass `herald validate -nrv` and, as herald
is a drop-in for ExaBGP 5.0, the oracle's `exabgp validate -nrv` too.
Both refuse a `run` program that does not exist or is not executable, so
the examples are validated as a copy of the whole folder (`run` paths
relative to the configuration find their scripts there) in which the
paths of an installed herald (/usr/share/doc/herald/examples, /etc/herald,
/usr/sbin/herald: installed()) point at this checkout. README.md must
describe every file of the folder, and the examples use documentation
addresses and AS numbers only.

Then the examples run against real peers, from the example file itself:
the test copies the folder and rewrites, in the copy, only what ties the
file to a site (addresses to 127.0.0.x, the listening port, the paths a
script writes to: see each test's `rewrite` call); every rewrite must
match, so an edited example fails here instead of being half-tested.

  geo-communities.conf   three GoBGPs get the anycast prefixes with the
                         communities, large communities and AS-path
                         prepends the example writes for each neighbor
  flowspec-ddos.conf     the controller, fed attack descriptions on its
                         named pipe, makes GoBGP hold the discard,
                         rate-limit and redirect rules, and withdraws them
  flowspec-ddos-controller.sh  alone too, its lines checked one by one
  route-server.conf      two GoBGPs connect and announce; the collector's
                         snapshot shows both members' routes (parsed), a
                         withdrawal, and a session going down; the BIRD and
                         FRR member snippets of its header parse
"""

import glob
import ipaddress
import json
import os
import re
import shutil
import socket
import subprocess

import pytest

from harness import HERALD, ROOT, Gobgp, Herald, free_port, wait_for

EXAMPLES = os.path.join(ROOT, "etc", "examples")
ORACLE = "/work/shared/oracle/exabgp5"
CONFIGS = sorted(glob.glob(os.path.join(EXAMPLES, "*.conf")))


def installed(where):
    """The paths of an installed herald, and where they are here: the
    examples folder (copied to `where`) and the herald binary."""
    return [("/usr/share/doc/herald/examples/", where + "/"), ("/etc/herald/", where + "/"),
            ("/usr/sbin/herald", HERALD)]


def copy_examples(into):
    """Copies every file of etc/examples (modes kept) to `into`."""
    for entry in os.scandir(EXAMPLES):
        if entry.is_file():
            shutil.copy2(entry.path, into)


def rewrite(text, pairs, strict=True):
    """Applies each (regex, replacement); with `strict` each must match."""
    for pattern, replacement in pairs:
        text, count = re.subn(pattern, replacement, text)
        assert count or not strict, f"the example no longer has /{pattern}/: update this test"
    return text


def literal(pairs):
    return [(re.escape(a), b.replace("\\", "\\\\")) for a, b in pairs]


def prepared(work, name, pairs=()):
    """etc/examples copied to the work directory, and the text of example
    `name` with the installed paths and then `pairs` rewritten."""
    copy_examples(work.path)
    with open(os.path.join(EXAMPLES, name)) as f:
        text = f.read()
    text = rewrite(text, literal(installed(work.path)), strict=False)
    return rewrite(text, pairs)


# --- every example validates ------------------------------------------------

def validate(argv0, work, path):
    name = os.path.basename(path)
    conf = work.file(name, prepared(work, name))
    r = subprocess.run([*argv0, "validate", "-nrv", conf], capture_output=True, text=True, timeout=120,
                       cwd=work.path)
    return r.returncode, r.stdout + r.stderr


@pytest.mark.parametrize("path", CONFIGS, ids=os.path.basename)
def test_example_validates_with_herald(work, path):
    rc, output = validate([HERALD], work, path)
    assert rc == 0, output
    assert "\u2713 routes" in output, output
    assert "not supported by herald" not in output, output


@pytest.mark.parametrize("path", CONFIGS, ids=os.path.basename)
def test_example_validates_with_exabgp50(work, path):
    if not os.access(ORACLE, os.X_OK):
        pytest.skip(f"ExaBGP 5.0 ({ORACLE}) is not on this machine")
    rc, output = validate([ORACLE], work, path)
    assert rc == 0, output


def test_readme_lists_every_example():
    with open(os.path.join(EXAMPLES, "README.md")) as f:
        readme = f.read()
    files = sorted(n for n in os.listdir(EXAMPLES) if n != "README.md")
    assert files, "etc/examples is empty"
    missing = [n for n in files if f"`{n}`" not in readme]
    assert not missing, f"etc/examples/README.md does not describe {missing}"


DOCUMENTATION = [ipaddress.ip_network(n) for n in
                 ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32", "127.0.0.0/8")]


def test_examples_use_documentation_addresses_and_asns():
    """Addresses from the documentation ranges (RFC 5737, RFC 3849; and the
    loopback), AS numbers from RFC 5398's 64496-64511: an example copied
    unchanged can not announce someone's space."""
    for name in os.listdir(EXAMPLES):
        with open(os.path.join(EXAMPLES, name)) as f:
            text = f.read()
        for token in re.split(r"[\s;\[\]{}()\"',=]+", text):
            try:
                address = ipaddress.ip_address(token.split("/")[0])
            except ValueError:
                continue
            assert any(address in n for n in DOCUMENTATION), f"{name}: {token}"
        for asn in re.findall(r"\b(?:local-as|peer-as|remote-as|as) (\d+)\b", text):
            assert 64496 <= int(asn) <= 64511, f"{name}: AS {asn}"


def test_example_scripts_are_executable():
    for name in os.listdir(EXAMPLES):
        if name.endswith((".sh", ".py")):
            assert os.access(os.path.join(EXAMPLES, name), os.X_OK), name


# --- geo-communities.conf against three GoBGPs ------------------------------

def neighbor_blocks(text):
    """{neighbor address: its block's text} of a configuration."""
    blocks = {}
    for block in re.split(r"\n(?=neighbor )", text):
        m = re.match(r"neighbor (\S+) \{", block)
        if m:
            blocks[m.group(1)] = block
    return blocks


def bracket(route, keyword):
    m = re.search(r"(?<![\w-])" + keyword + r" \[ ([^\]]*) \]", route)
    return m.group(1).split() if m else []


def written_routes(block):
    """{prefix: (next hop, as-path, communities, large communities)} as a
    neighbor block of the example writes them."""
    routes = {}
    for line in re.findall(r"^\s*route (.*);$", block, re.M):
        prefix, _, hop = line.split()[:3]
        routes[prefix] = (hop, [int(a) for a in bracket(line, "as-path")],
                          sorted(tuple(int(x) for x in c.split(":")) for c in bracket(line, "community")),
                          sorted(tuple(int(x) for x in c.split(":")) for c in bracket(line, "large-community")))
    return routes


def received_routes(g):
    """GoBGP's RIB in the form of written_routes()."""
    routes = {}
    for family in ("ipv4", "ipv6"):
        for prefix, a in g.rib(family).items():
            hop = a[3]["nexthop"] if 3 in a else a[14]["nexthop"]
            path = [asn for segment in a.get(2, {}).get("as_paths", []) for asn in segment["asns"]]
            comms = sorted((c >> 16, c & 0xFFFF) for c in a.get(8, {}).get("communities", []))
            large = sorted((l["ASN"], l["LocalData1"], l["LocalData2"]) for l in a.get(32, {}).get("value", []))
            routes[prefix] = (hop, path, comms, large)
    return routes


def test_geo_communities_reach_each_neighbor_as_written(work):
    with open(os.path.join(EXAMPLES, "geo-communities.conf")) as f:
        blocks = neighbor_blocks(f.read())
    assert len(blocks) == 3
    loopback = {address: f"127.0.0.{i}" for i, address in enumerate(blocks, 2)}
    port = wait_for(lambda: _free_everywhere(loopback.values()), 10, what="a port free on every peer address")
    pairs = [(r"local-address [0-9.]+;", "local-address 127.0.0.1;")]
    pairs += [(rf"neighbor {re.escape(a)} \{{", f"neighbor {b} {{") for a, b in loopback.items()]
    text = prepared(work, "geo-communities.conf", pairs)

    peers = {}
    for address, block in blocks.items():
        asn = int(re.search(r"peer-as (\d+);", block).group(1))
        local_as = int(re.search(r"local-as (\d+);", block).group(1))
        peers[address] = work.track(Gobgp(work, asn, loopback[address], loopback[address], port,
                                          [{"address": "127.0.0.1", "asn": local_as}],
                                          name=f"gobgp-{asn}").start())
    h = work.track(Herald(work, text, env={"exabgp.tcp.port": str(port)}).start())
    for address, g in peers.items():
        wait_for(lambda: g.established("127.0.0.1"), 30, what=f"{address}'s GoBGP to establish")
    for address, g in peers.items():
        expected = written_routes(blocks[address])
        assert len(expected) == 2 and all(r[1] and r[2] and r[3] for r in expected.values()), expected
        wait_for(lambda: len(received_routes(g)) == len(expected), 30, what=f"{address}'s GoBGP to get the routes")
        assert received_routes(g) == expected, address
    # The prepends differ per neighbor, as the example's header says.
    lengths = sorted(len(written_routes(b)["203.0.113.0/24"][1]) for b in blocks.values())
    assert lengths == [1, 2, 3]
    assert h.alive()


def _free_everywhere(addresses):
    """A port free on every one of `addresses` (the peers all listen on
    the one port herald connects to), or None."""
    port = free_port("127.0.0.2")
    for address in addresses:
        s = socket.socket()
        try:
            s.bind((address, port))
        except OSError:
            return None
        finally:
            s.close()
    return port


# --- flowspec-ddos.conf against GoBGP ----------------------------------------

def flow_rules(g, family="ipv4-flowspec"):
    """{rule text: {(type, subtype): extended community}} of GoBGP's RIB."""
    out = g.cli("global", "rib", "-a", family, "-j")
    data = json.loads(out) if out.strip() else {}
    rules = {}
    for rule, paths in data.items():
        ext = [a for a in paths[0]["attrs"] if a["type"] == 16]
        rules[rule] = {(c["type"], c["subtype"]): c for c in (ext[0]["value"] if ext else [])}
    return rules


def feed(fifo, line):
    """Writes `line` to the controller's named pipe, once it reads it."""
    def opened():
        try:
            return os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:
            return None
    fd = wait_for(opened, 15, what=f"the controller to read {fifo}")
    try:
        os.set_blocking(fd, True)
        os.write(fd, (line + "\n").encode())
    finally:
        os.close(fd)


def rule_with(g, *words, family="ipv4-flowspec"):
    """The actions of the one rule whose text holds every word, or None."""
    found = [a for r, a in flow_rules(g, family).items() if all(w in r for w in words)]
    return found[0] if len(found) == 1 else None


def test_flowspec_ddos_controller_lines(work):
    """The controller alone, herald played by the test: what it prints for
    each description, replacing a rule, its MAX_RULES cap, bad lines,
    leaving when herald closes its stdin, re-announcing on a restart."""
    script = os.path.join(EXAMPLES, "flowspec-ddos-controller.sh")
    fifo, state = work.join("ddos.fifo"), work.join("state")

    def read(path):
        with open(path) as f:
            return f.read().splitlines()

    def run(expected_lines, *lines, answers=b""):
        """The controller's (stdout, stderr) lines once it has written
        `expected_lines` of them for `lines` (and herald's `answers`), and
        left."""
        out, err = work.join("out"), work.join("err")
        with open(out, "w") as o, open(err, "w") as e:
            p = subprocess.Popen(["/bin/sh", script, fifo, state], stdin=subprocess.PIPE, stdout=o, stderr=e,
                                 env={**os.environ, "MAX_RULES": "2"}, start_new_session=True)
        try:
            for line in lines:
                feed(fifo, line)
            p.stdin.write(answers)  # as herald acknowledges commands
            p.stdin.flush()
            wait_for(lambda: len(read(out)) + len(read(err)) >= expected_lines, 15,
                     what="the controller's answers")
            p.stdin.close()  # herald goes away: the controller follows
            p.wait(15)
        finally:
            if p.poll() is None:
                os.killpg(p.pid, 9)
                p.wait(5)
        return read(out), read(err)

    out, err = run(10, "start a discard dst=203.0.113.1/32 proto=udp sport=53",
                   "start a rate-limit:1000 dst=203.0.113.1/32 proto=udp sport=53",
                   "start a discard dst=203.0.113.2/32",
                   "start b redirect:64496:666 dst=2001:db8::/64 proto=17 dport=>1024&<2048 len=<=512",
                   "start c discard dst=203.0.113.3/32",
                   "start d discard dst=203.0.113.4", "stop e", "start f drop dst=203.0.113.5/32",
                   answers=b"done\nerror could not parse the rule\ndone\n")
    assert out == [
        "announce flow route destination 203.0.113.1/32 protocol udp source-port =53 discard",
        # the same match with another action: announced again, never withdrawn
        "announce flow route destination 203.0.113.1/32 protocol udp source-port =53 rate-limit 1000",
        # another match under the same id: the old rule goes first
        "withdraw flow route destination 203.0.113.1/32 protocol udp source-port =53",
        "announce flow route destination 203.0.113.2/32 discard",
        "announce flow route destination 2001:db8::/64 next-header =17 destination-port >1024&<2048 "
        "packet-length <=512 redirect 64496:666",
    ], out
    # herald's answers are read apart from the descriptions: in any order.
    refused = "flowspec-ddos-controller: herald refused a rule: error could not parse the rule"
    assert refused in err, err
    assert [l for l in err if l != refused] == ["flowspec-ddos-controller: 2 rules active already: c ignored",
                                                "flowspec-ddos-controller: bad dst: 203.0.113.4",
                                                "flowspec-ddos-controller: no active rule e",
                                                "flowspec-ddos-controller: bad action: drop"], err
    assert sorted(os.listdir(state)) == ["a", "b"]

    out, err = run(2)
    assert sorted(out) == ["announce flow route destination 2001:db8::/64 next-header =17 destination-port "
                           ">1024&<2048 packet-length <=512 redirect 64496:666",
                           "announce flow route destination 203.0.113.2/32 discard"], out
    assert err == []


TRAFFIC_RATE = (0x80, 0x06)  # RFC 8955 7.3, GoBGP's JSON gives it as type/subtype/rate
REDIRECT = (0x80, 0x08)      # RFC 8955 7.5, route target form


def test_flowspec_ddos_controller_rules_reach_gobgp(work):
    fifo, state = work.join("ddos.fifo"), work.join("ddos-state")
    text = prepared(work, "flowspec-ddos.conf", literal([
        ("/run/herald/ddos.fifo", fifo), ("/var/lib/herald/ddos", state),
        ("neighbor 192.0.2.1 {", "neighbor 127.0.0.2 {"),
        ("local-address 192.0.2.10;", "local-address 127.0.0.1;")]))
    asn = int(re.search(r"local-as (\d+);", text).group(1))
    port = free_port("127.0.0.2")
    peer = {"address": "127.0.0.1", "asn": asn, "families": ["ipv4-flowspec", "ipv6-flowspec"]}
    g = work.track(Gobgp(work, asn, "10.0.0.2", "127.0.0.2", port, [peer]).start())
    h = work.track(Herald(work, text, env={"exabgp.tcp.port": str(port)}).start())
    wait_for(lambda: g.established("127.0.0.1"), 30, what="GoBGP to establish")

    # The standing rule of the configuration.
    icmp = wait_for(lambda: rule_with(g, "203.0.113.0/24", "icmp"), 30, what="the standing ICMP rule")
    assert icmp[TRAFFIC_RATE]["rate"] == 125000

    feed(fifo, "start dns-amp discard dst=203.0.113.10/32 proto=udp sport=53")
    rule = wait_for(lambda: rule_with(g, "203.0.113.10/32", "udp", "==53"), 30, what="the discard rule")
    assert rule[TRAFFIC_RATE]["rate"] == 0

    feed(fifo, "start syn rate-limit:9600 dst=203.0.113.0/24 proto=tcp dport=443")
    rule = wait_for(lambda: rule_with(g, "203.0.113.0/24", "tcp", "==443"), 30, what="the rate-limit rule")
    assert rule[TRAFFIC_RATE]["rate"] == 9600

    feed(fifo, "start scrub redirect:64496:666 dst=203.0.113.20/32")
    rule = wait_for(lambda: rule_with(g, "203.0.113.20/32"), 30, what="the redirect rule")
    assert rule[REDIRECT]["value"] == "64496:666", rule

    feed(fifo, "start v6 discard dst=2001:db8::/64 proto=udp")
    rule = wait_for(lambda: rule_with(g, "2001:db8::/64", family="ipv6-flowspec"), 30, what="the IPv6 rule")
    assert rule[TRAFFIC_RATE]["rate"] == 0

    # Withdrawals: one rule, then every rule the controller made; the
    # configuration's rule stays.
    # A bad description is logged (the controller's stderr is in herald's
    # log) and ignored.
    feed(fifo, "start bad discard dst=203.0.113.1")
    h.wait_output(r"flowspec-ddos-controller: bad dst: 203\.0\.113\.1", 15)

    feed(fifo, "stop dns-amp")
    wait_for(lambda: not [r for r in flow_rules(g) if "203.0.113.10/32" in r], 30, what="the discard rule to go")
    assert len(flow_rules(g)) == 3
    # The controller dies: herald starts it again, and the new one, from
    # its state directory, still knows the rules the old one made.
    controller = [int(c) for c in open(f"/proc/{h.proc.pid}/task/{h.proc.pid}/children").read().split()]
    assert len(controller) == 1, controller
    os.kill(controller[0], 9)
    h.wait_output(r"process ddos-controller started[^\n]*\n(.|\n)*process ddos-controller started", 30)
    feed(fifo, "stop-all")
    wait_for(lambda: len(flow_rules(g)) == 1 and not flow_rules(g, "ipv6-flowspec"), 30,
             what="the controller's rules to go")
    assert rule_with(g, "203.0.113.0/24", "icmp")
    assert os.listdir(state) == []
    assert "herald refused a rule" not in h.output()
    assert h.alive()


# --- route-server.conf: two GoBGPs announce to the collector -----------------

def snapshot(path):
    try:
        with open(path) as f:
            return json.load(f)["peers"]
    except (OSError, ValueError):
        return {}


def member_routes(path, peer, family="ipv4 unicast"):
    return snapshot(path).get(peer, {}).get("routes", {}).get(family, {})


def test_route_server_collects_what_members_announce(work):
    rib = work.join("rib.json")
    port = free_port("127.0.0.1")
    text = prepared(work, "route-server.conf", literal([
        ("/var/lib/herald/rib.json", rib), ("listen 179;", f"listen {port};"),
        ("local-address 192.0.2.10;", "local-address 127.0.0.1;"),
        ("neighbor 192.0.2.1 {", "neighbor 127.0.0.2 {"), ("neighbor 192.0.2.2 {", "neighbor 127.0.0.3 {"),
        ("neighbor 192.0.2.3 {", "neighbor 127.0.0.4 {")]))
    asn = int(re.search(r"local-as (\d+);", text).group(1))
    h = work.track(Herald(work, text).start())

    members = {}
    for address, member_as in (("127.0.0.2", 64497), ("127.0.0.3", 64498)):
        members[address] = work.track(Gobgp(work, member_as, address, address, free_port(address),
                                            [{"address": "127.0.0.1", "asn": asn, "passive": False,
                                              "remote_port": port}], name=f"gobgp-{member_as}").start())
    for address, g in members.items():
        wait_for(lambda: g.established("127.0.0.1"), 60, what=f"member {address} to establish")

    a, b = members["127.0.0.2"], members["127.0.0.3"]
    a.cli("global", "rib", "add", "-a", "ipv4", "198.51.100.0/25", "med", "10", "community", "64497:10")
    b.cli("global", "rib", "add", "-a", "ipv4", "198.51.100.128/25", "large-community", "64498:1:2")
    b.cli("global", "rib", "add", "-a", "ipv6", "2001:db8:2::/48")

    got_a = wait_for(lambda: member_routes(rib, "127.0.0.2").get("198.51.100.0/25"), 30,
                     what="member A's route in the collector's snapshot")
    got_b = wait_for(lambda: member_routes(rib, "127.0.0.3").get("198.51.100.128/25"), 30,
                     what="member B's route in the collector's snapshot")
    wait_for(lambda: member_routes(rib, "127.0.0.3", "ipv6 unicast").get("2001:db8:2::/48"), 30,
             what="member B's IPv6 route in the collector's snapshot")
    # Parsed, as ExaBGP's JSON gives the attributes.
    assert got_a["next-hop"] == "127.0.0.2"
    assert got_a["attribute"]["med"] == 10
    assert got_a["attribute"]["community"] == [[64497, 10]]
    assert got_a["attribute"]["as-path"]["0"]["value"] == [64497]
    assert got_b["attribute"]["large-community"] == [[64498, 1, 2]]
    peers = snapshot(rib)
    assert (peers["127.0.0.2"]["asn"], peers["127.0.0.3"]["asn"]) == (64497, 64498)
    assert set(peers) == {"127.0.0.2", "127.0.0.3"}  # member C never came

    a.cli("global", "rib", "del", "-a", "ipv4", "198.51.100.0/25")
    wait_for(lambda: not member_routes(rib, "127.0.0.2"), 30, what="member A's withdrawal")
    b.stop()
    wait_for(lambda: snapshot(rib)["127.0.0.3"]["state"] == "down", 30, what="member B's session to go down")
    assert snapshot(rib)["127.0.0.3"]["routes"] == {}
    assert h.alive()


def commented_snippet(text, title):
    """The commented lines after the comment line starting with `title`,
    up to the next empty comment line, uncommented."""
    lines = text.splitlines()
    start = next(i for i, l in enumerate(lines) if l.startswith("# " + title))
    out = []
    for line in lines[start + 1:]:
        if not line.startswith("#  "):
            break
        out.append(line[1:])
    assert out, title
    return "\n".join(out) + "\n"


def test_route_server_member_snippets_parse(work):
    """The BIRD and FRR member configurations in route-server.conf's
    header are accepted by BIRD's and FRR's own parsers."""
    with open(os.path.join(EXAMPLES, "route-server.conf")) as f:
        text = f.read()
    if shutil.which("bird"):
        bird = work.file("bird.conf", "router id 192.0.2.1;\nprotocol device {}\n"
                         + commented_snippet(text, "Member side, BIRD"))
        r = subprocess.run(["bird", "-p", "-c", bird], capture_output=True, text=True, timeout=60)
        assert r.returncode == 0, r.stdout + r.stderr
    if os.access("/usr/lib/frr/bgpd", os.X_OK):
        frr = work.file("bgpd.conf", commented_snippet(text, "Member side, FRR"))
        r = subprocess.run(["/usr/lib/frr/bgpd", "-C", "-Z", "-S", "-P", "0", "-p", "0", "-f", frr,
                            "--vty_socket", work.path, "-i", work.join("bgpd.pid")],
                           capture_output=True, text=True, timeout=60)
        # bgpd's dry run exits 0 whatever it read: its complaints name the line.
        assert r.returncode == 0 and "config line" not in r.stdout + r.stderr, r.stdout + r.stderr

"""A BGP sink for wire-parity tests: listens on loopback addresses (one per
neighbor of a configuration), answers each speaker's OPEN as the peer it
expects, and records what it is sent, decoded into per-prefix routes with
their attributes (IPv4/IPv6 unicast, multicast, labeled unicast and VPN;
FlowSpec rules and other families by their AFI/SAFI and hex). Independent
of herald's codec: written from RFC 4271, 4760, 6793, 1997, 4360, 8092,
8277, 4364, 4761, 6514 and draft-mpmz-bess-mup-safi.

    sink = Sink({"127.0.1.1": 65002}, port).start()
    ... run a speaker whose neighbors are 127.0.1.1 (peer-as 65002) ...
    sink.wait_eor(["127.0.1.1"], timeout=20)
    sink.ribs()  ->  {"127.0.1.1": {"ipv4 unicast 10.0.0.0/24": {...attributes...}}}
"""

import ipaddress
import socket
import struct
import threading
import time

MARKER = b"\xff" * 16
FAMILIES = {(1, 1): "ipv4 unicast", (2, 1): "ipv6 unicast"}
# Families the sink also offers, whose NLRIs it keeps as hex (one per rule).
FLOW_FAMILIES = {(1, 133): "ipv4 flow", (1, 134): "ipv4 flow-vpn", (2, 133): "ipv6 flow", (2, 134): "ipv6 flow-vpn"}
# Multicast, labeled unicast and VPN (RFC 4760, 8277, 4364/4659): routes
# named by route distinguisher (hex) and prefix, the label stack a
# per-route "label" attribute (a withdrawal's label says nothing).
LABELED_FAMILIES = {(1, 2): "ipv4 multicast", (2, 2): "ipv6 multicast", (1, 4): "ipv4 nlri-mpls",
                    (2, 4): "ipv6 nlri-mpls", (1, 128): "ipv4 mpls-vpn", (2, 128): "ipv6 mpls-vpn"}
# VPLS (RFC 4761 §3.2.2): each NLRI (2-byte length, then RD, VE ID, offset,
# size and label base) a route named by its hex.
VPLS_FAMILIES = {(25, 65): "l2vpn vpls"}
# MVPN (RFC 6514 §4: type, 1-byte length) and MUP (draft-mpmz-bess-mup-safi:
# architecture, 2-byte type, 1-byte length): each NLRI a route named by its hex.
TLV_FAMILIES = {(1, 5): "ipv4 mcast-vpn", (2, 5): "ipv6 mcast-vpn", (1, 85): "ipv4 mup", (2, 85): "ipv6 mup"}
NAMES = {**FAMILIES, **FLOW_FAMILIES, **LABELED_FAMILIES, **VPLS_FAMILIES, **TLV_FAMILIES}


def _message(mtype, body):
    return MARKER + struct.pack("!HB", 19 + len(body), mtype) + body


def _prefixes(data, afi):
    size = 4 if afi == 1 else 16
    out, at = [], 0
    while at < len(data):
        bits = data[at]
        n = (bits + 7) // 8
        raw = data[at + 1:at + 1 + n] + b"\x00" * (size - n)
        addr = ipaddress.ip_address(raw) if afi in (1, 2) else raw.hex()
        out.append(f"{addr}/{bits}")
        at += 1 + n
    return out


def _flow_rules(data):
    """FlowSpec NLRIs (RFC 8955 §4.1: a 1- or 2-byte length, then the
    rule), each as hex, length included."""
    out, at = [], 0
    while at < len(data):
        size, head = data[at], 1
        if size >= 0xF0:
            size, head = ((size & 0x0F) << 8) | data[at + 1], 2
        out.append(data[at:at + head + size].hex())
        at += head + size
    return out


def _labeled(data, afi, safi):
    """[(rd hex + " " + prefix, {"label": [label stack entries as hex]})]."""
    size = 4 if afi == 1 else 16
    out, at = [], 0
    while at < len(data):
        bits, at = data[at], at + 1
        labels = []
        if safi in (4, 128):
            while True:
                entry = int.from_bytes(data[at:at + 3], "big")
                labels.append(f"{entry:06x}")
                at, bits = at + 3, bits - 24
                if entry & 1 or entry in (0x800000, 0):
                    break
        rd = ""
        if safi == 128:
            rd, at, bits = data[at:at + 8].hex() + " ", at + 8, bits - 64
        n = (bits + 7) // 8
        raw = data[at:at + n] + b"\x00" * (size - n)
        at += n
        out.append((f"{rd}{ipaddress.ip_address(raw)}/{bits}", {"label": labels} if labels else {}))
    return out


def _routes(data, afi, safi):
    """The NLRIs of an MP_REACH / MP_UNREACH: prefixes, FlowSpec rules, or
    the whole field as hex for other families."""
    if (afi, safi) in FAMILIES:
        return _prefixes(data, afi)
    if safi in (133, 134):
        return _flow_rules(data)
    if (afi, safi) in LABELED_FAMILIES:
        return _labeled(data, afi, safi)
    if (afi, safi) in VPLS_FAMILIES:
        out, at = [], 0
        while at + 2 <= len(data):
            end = at + 2 + struct.unpack("!H", data[at:at + 2])[0]
            out.append(data[at:end].hex())
            at = end
        return out
    if (afi, safi) in TLV_FAMILIES:
        head = 2 if safi == 5 else 4
        out, at = [], 0
        while at + head <= len(data):
            end = at + head + data[at + head - 1]
            out.append(data[at:end].hex())
            at = end
        return out
    return [data.hex()] if data else []


def _as_path(value, four):
    width = 4 if four else 2
    segments, at = [], 0
    while at + 2 <= len(value):
        kind, count = value[at], value[at + 1]
        at += 2
        asns = [int.from_bytes(value[at + i * width:at + (i + 1) * width], "big") for i in range(count)]
        at += count * width
        segments.append([kind, asns])
    return segments


def decode_update(body, asn4):
    """-> (withdrawn [(family, prefix)], announced [(family, prefix)], attributes dict)"""
    wlen = struct.unpack("!H", body[:2])[0]
    withdrawn = [("ipv4 unicast", p) for p in _prefixes(body[2:2 + wlen], 1)]
    at = 2 + wlen
    alen = struct.unpack("!H", body[at:at + 2])[0]
    attrs_raw = body[at + 2:at + 2 + alen]
    nlri = body[at + 2 + alen:]
    announced = [("ipv4 unicast", p) for p in _prefixes(nlri, 1)]
    attrs = {}
    at = 0
    while at < len(attrs_raw):
        flags, code = attrs_raw[at], attrs_raw[at + 1]
        if flags & 0x10:
            length = struct.unpack("!H", attrs_raw[at + 2:at + 4])[0]
            at += 4
        else:
            length = attrs_raw[at + 2]
            at += 3
        v = attrs_raw[at:at + length]
        at += length
        kind = "".join(c for c, bit in (("O", 0x80), ("T", 0x40), ("P", 0x20)) if flags & bit)
        if code == 1:
            value = v[0]
        elif code in (2, 17):
            value = _as_path(v, asn4 or code == 17)
        elif code in (3, 9):
            value = str(ipaddress.ip_address(v))
        elif code in (4, 5):
            value = struct.unpack("!I", v)[0]
        elif code == 6:
            value = True
        elif code in (7, 18):
            width = 4 if (asn4 or code == 18) else 2
            value = f"{int.from_bytes(v[:width], 'big')}:{ipaddress.ip_address(v[width:])}"
        elif code == 8:
            value = [f"{struct.unpack('!H', v[i:i + 2])[0]}:{struct.unpack('!H', v[i + 2:i + 4])[0]}"
                     for i in range(0, len(v), 4)]
        elif code == 10:
            value = [str(ipaddress.ip_address(v[i:i + 4])) for i in range(0, len(v), 4)]
        elif code == 14:
            afi, safi, nhlen = struct.unpack("!HBB", v[:4])
            nh = v[4:4 + nhlen]
            # IPv4 (4), or a VPN-IPv4 one (12: RD + address); else IPv6 (16,
            # 32 with a link-local; an IPv4 route's under RFC 8950).
            size = 4 if nhlen in (4, 12) else 16
            hops = [str(ipaddress.ip_address(nh[i:i + size])) for i in range(0, len(nh), size)] \
                if afi in (1, 2) and nhlen % size == 0 else [nh.hex()]
            family = NAMES.get((afi, safi), f"afi {afi} safi {safi}")
            rest = v[4 + nhlen + 1:]
            routes = _routes(rest, afi, safi)
            announced += [(family, p) for p in routes]
            attrs["next-hop"] = ["O", hops]
            continue
        elif code == 15:
            afi, safi = struct.unpack("!HB", v[:3])
            family = NAMES.get((afi, safi), f"afi {afi} safi {safi}")
            routes = _routes(v[3:], afi, safi)
            withdrawn += [(family, p) for p in routes]
            if not routes:
                attrs["eor"] = family
            continue
        elif code == 16:
            value = [v[i:i + 8].hex() for i in range(0, len(v), 8)]
        elif code == 32:
            value = [":".join(str(x) for x in struct.unpack("!III", v[i:i + 12])) for i in range(0, len(v), 12)]
        else:
            value = v.hex()
        name = {1: "origin", 2: "as-path", 3: "next-hop", 4: "med", 5: "local-preference", 6: "atomic-aggregate",
                7: "aggregator", 8: "community", 9: "originator-id", 10: "cluster-list", 16: "extended-community",
                17: "as4-path", 18: "as4-aggregator", 32: "large-community"}.get(code, f"attribute-{code}")
        attrs[name] = [kind, value]
    return withdrawn, announced, attrs


class _Session(threading.Thread):
    def __init__(self, sink, conn, local):
        super().__init__(daemon=True)
        self.sink, self.conn, self.local = sink, conn, local
        self.peer = conn.getpeername()[0]
        self.asn4 = False
        self.families = []

    def read(self):
        head = b""
        while len(head) < 19:
            chunk = self.conn.recv(19 - len(head))
            if not chunk:
                return None
            head += chunk
        length, mtype = struct.unpack("!HB", head[16:19])
        body = b""
        while len(body) < length - 19:
            chunk = self.conn.recv(length - 19 - len(body))
            if not chunk:
                return None
            body += chunk
        return mtype, body

    def run(self):
        try:
            self.serve()
        except OSError:
            pass
        finally:
            self.conn.close()

    def serve(self):
        m = self.read()
        if not m or m[0] != 1:
            return
        body = m[1]
        caps = []
        # RFC 9072: a length of 255 and type 255 announce extended
        # parameters (two-byte lengths), which ExaBGP 5.0 uses for long OPENs.
        extended = body[9] == 255 and len(body) > 10 and body[10] == 255
        if extended:
            params, head = body[13:13 + struct.unpack("!H", body[11:13])[0]], 3
        else:
            params, head = body[10:10 + body[9]], 2
        at = 0
        while at + head <= len(params):
            ptype = params[at]
            plen = struct.unpack("!H", params[at + 1:at + 3])[0] if extended else params[at + 1]
            if ptype == 2:
                p = params[at + head:at + head + plen]
                i = 0
                while i + 2 <= len(p):
                    caps.append((p[i], p[i + 2:i + 2 + p[i + 1]]))
                    i += 2 + p[i + 1]
            at += head + plen
        self.asn4 = any(c == 65 for c, _ in caps)
        self.families = [NAMES.get(struct.unpack("!HxB", v)) for c, v in caps if c == 1 and len(v) == 4]
        self.families = [f for f in self.families if f] or ["ipv4 unicast"]
        asn = self.sink.neighbors[self.local]
        # The families it offers that the sink decodes, route refresh, extended
        # next hop (RFC 8950) as offered, 4-octet AS.
        mine = [bytes([c, len(v)]) + v for c, v in caps
                if c in (2, 5) or (c == 1 and len(v) == 4 and struct.unpack("!HxB", v) in NAMES)]
        if self.asn4:
            mine.append(bytes([65, 4]) + asn.to_bytes(4, "big"))
        params = b"".join(bytes([2, len(c)]) + c for c in mine)
        my_as = asn if asn < 65536 else 23456
        # 10.255.255.N, N the address's last number (hex for IPv6).
        last = self.local.rsplit(".", 1)[1] if ":" not in self.local else \
            str(int(self.local.rsplit(":", 1)[1] or "0", 16) % 256)
        router_id = socket.inet_aton("10.255.255." + last)
        self.conn.sendall(_message(1, struct.pack("!BHH", 4, my_as, 90) + router_id + bytes([len(params)]) + params)
                          + _message(4, b""))
        while True:
            m = self.read()
            if m is None:
                return
            mtype, body = m
            if mtype == 4:
                self.conn.sendall(_message(4, b""))
            elif mtype == 2:
                self.sink.record(self, body)
            elif mtype == 3:
                return


class Sink:
    def __init__(self, neighbors, port):
        """neighbors: {listen address: the AS the speaker expects there}"""
        self.neighbors = dict(neighbors)
        self.port = port
        self.lock = threading.Lock()
        self.updates = {a: [] for a in neighbors}  # decoded UPDATEs, in order
        self.eors = {a: set() for a in neighbors}
        self.families = {a: [] for a in neighbors}
        self.raw = {a: [] for a in neighbors}  # (sender's address, UPDATE body) as received
        self.servers = []

    def start(self):
        for address in self.neighbors:
            s = socket.socket(socket.AF_INET6 if ":" in address else socket.AF_INET)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((address, self.port))
            s.listen(4)
            self.servers.append(s)
            threading.Thread(target=self._accept, args=(s, address), daemon=True).start()
        return self

    def _accept(self, server, address):
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            _Session(self, conn, address).start()

    def record(self, session, body):
        withdrawn, announced, attrs = decode_update(body, session.asn4)
        with self.lock:
            self.raw[session.local].append((session.peer, body))
            self.families[session.local] = session.families
            if not withdrawn and not announced and (not attrs or set(attrs) == {"eor"}):
                self.eors[session.local].add(attrs.get("eor", "ipv4 unicast"))
                return
            attrs.pop("eor", None)
            self.updates[session.local].append((withdrawn, announced, attrs))

    def wait_eor(self, addresses, timeout):
        """True once every address got an End-of-RIB for each family of its session."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if all(self.families[a] and set(self.families[a]) <= self.eors[a] for a in addresses):
                    return True
            time.sleep(0.05)
        return False

    def ribs(self):
        """{address: {"FAMILY PREFIX": attributes}}: what each neighbor was left with."""
        out = {}
        with self.lock:
            for address, updates in self.updates.items():
                rib = {}
                for withdrawn, announced, attrs in updates:
                    for family, prefix in withdrawn:
                        rib.pop(f"{family} {prefix[0] if isinstance(prefix, tuple) else prefix}", None)
                    for family, prefix in announced:
                        if isinstance(prefix, tuple):  # a labeled route: its labels
                            rib[f"{family} {prefix[0]}"] = dict(attrs, **prefix[1])
                        else:
                            rib[f"{family} {prefix}"] = attrs
                out[address] = rib
        return out

    def stop(self):
        for s in self.servers:
            try:
                s.close()
            except OSError:
                pass

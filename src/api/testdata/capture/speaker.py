#!/usr/bin/env python3
"""A scripted BGP speaker used to capture what ExaBGP prints to its processes.

It listens on 127.0.0.61-63 (one address per scenario), waits for the
receiving ExaBGP to connect, exchanges OPEN/KEEPALIVE, then sends the
scenario's messages one by one, and ends the session as the scenario says.
Every message sent is appended, as hex, to OUT_DIR/sent.hex with the
scenario name, so tests can decode the same bytes.

Usage: speaker.py PORT OUT_DIR
"""
import socket
import struct
import sys
import threading
import time

PORT = int(sys.argv[1])
OUT = sys.argv[2]
LOCK = threading.Lock()


def msg(mtype, body):
    return b'\xff' * 16 + struct.pack('!HB', 19 + len(body), mtype) + body


def cap(code, value):
    return bytes([code, len(value)]) + value


def open_msg(asn, hold, rid, caps):
    params = b''.join(bytes([2, len(c)]) + c for c in caps)
    rid = socket.inet_aton(rid)
    my_as = asn if asn < 65536 else 23456
    return msg(1, struct.pack('!BHH', 4, my_as, hold) + rid + bytes([len(params)]) + params)


def attr(flags, code, value):
    if len(value) > 255 or flags & 0x10:
        return struct.pack('!BBH', flags | 0x10, code, len(value)) + value
    return struct.pack('!BBB', flags, code, len(value)) + value


def prefix(text, path_id=None):
    net, length = text.split('/')
    length = int(length)
    fam = socket.AF_INET6 if ':' in net else socket.AF_INET
    raw = socket.inet_pton(fam, net)[: (length + 7) // 8]
    pid = struct.pack('!L', path_id) if path_id is not None else b''
    return pid + bytes([length]) + raw


def update(withdrawn=b'', attrs=b'', nlri=b''):
    return msg(2, struct.pack('!H', len(withdrawn)) + withdrawn + struct.pack('!H', len(attrs)) + attrs + nlri)


def origin(v):
    return attr(0x40, 1, bytes([v]))


def as_path(*segments):
    v = b''
    for stype, asns in segments:
        v += bytes([stype, len(asns)]) + b''.join(struct.pack('!L', a) for a in asns)
    return attr(0x40, 2, v)


def next_hop(ip):
    return attr(0x40, 3, socket.inet_aton(ip))


def med(v):
    return attr(0x80, 4, struct.pack('!L', v))


def local_pref(v):
    return attr(0x40, 5, struct.pack('!L', v))


def communities(*cs):
    return attr(0xC0, 8, b''.join(struct.pack('!L', c) for c in cs))


def ext_communities(*cs):
    return attr(0xC0, 16, b''.join(cs))


def large_communities(*cs):
    return attr(0xC0, 32, b''.join(struct.pack('!LLL', *c) for c in cs))


def mp_reach(afi, safi, nhs, nlri):
    nh = b''.join(socket.inet_pton(socket.AF_INET6 if ':' in n else socket.AF_INET, n) for n in nhs)
    return attr(0x80, 14, struct.pack('!HBB', afi, safi, len(nh)) + nh + b'\x00' + nlri)


def mp_unreach(afi, safi, nlri):
    return attr(0x80, 15, struct.pack('!HB', afi, safi) + nlri)


KEEPALIVE = msg(4, b'')


def notification(code, sub, data=b''):
    return msg(3, bytes([code, sub]) + data)


def refresh(afi, safi, subtype=0):
    return msg(5, struct.pack('!HBB', afi, subtype, safi))


def fqdn(host, domain):
    return bytes([len(host)]) + host + bytes([len(domain)]) + domain


CAPS_FULL = [
    cap(1, struct.pack('!HBB', 1, 0, 1)),
    cap(1, struct.pack('!HBB', 2, 0, 1)),
    cap(2, b''),
    cap(128, b''),
    cap(70, b''),
    cap(64, struct.pack('!H', 0x8000 | 120) + struct.pack('!HBB', 1, 1, 0x80) + struct.pack('!HBB', 2, 1, 0x00)),
    cap(65, struct.pack('!L', 65001)),
    cap(69, struct.pack('!HBB', 1, 1, 3) + struct.pack('!HBB', 2, 1, 1)),
    cap(73, fqdn(b'Speaker', b'example.net')),
    cap(6, b''),
    cap(5, struct.pack('!HHH', 1, 1, 2)),
    cap(99, b'\xde\xad'),
    cap(200, b''),
]

CAPS_MIN = [cap(1, struct.pack('!HBB', 1, 0, 1)), cap(1, struct.pack('!HBB', 2, 0, 1)), cap(65, struct.pack('!L', 65002)), cap(2, b'')]
CAPS_ADDPATH = [
    cap(1, struct.pack('!HBB', 1, 0, 1)),
    cap(1, struct.pack('!HBB', 2, 0, 1)),
    cap(65, struct.pack('!L', 65003)),
    cap(69, struct.pack('!HBB', 1, 1, 3) + struct.pack('!HBB', 2, 1, 3)),
]


def ec(t, s, rest):
    return bytes([t, s]) + rest


EXT = [
    ec(0x00, 0x02, struct.pack('!HL', 65001, 7)),  # target:65001:7
    ec(0x01, 0x02, socket.inet_aton('192.0.2.1') + struct.pack('!H', 8)),  # target:192.0.2.1:8
    ec(0x02, 0x02, struct.pack('!LH', 4200000001, 9)),  # target:4200000001L:9
    ec(0x00, 0x03, struct.pack('!HL', 65001, 5)),  # origin asn:ip (sic)
    ec(0x01, 0x03, socket.inet_aton('192.0.2.2') + struct.pack('!H', 6)),
    ec(0x02, 0x03, struct.pack('!LH', 4200000002, 10)),
    ec(0x40, 0x04, struct.pack('!Hf', 65001, 125000000.0)),  # link bandwidth
    ec(0x03, 0x0C, struct.pack('!LH', 0, 8)),  # encap VXLAN
    ec(0x80, 0x06, struct.pack('!Hf', 65001, 0.0)),  # traffic-rate
    ec(0x80, 0x08, struct.pack('!HL', 65001, 100)),  # redirect
    ec(0x80, 0x09, struct.pack('!LBB', 0, 0, 46)),  # mark
    ec(0x06, 0x00, struct.pack('!BxL', 1, 42)),  # mac mobility sticky
    ec(0x43, 0x77, b'\x01\x02\x03\x04\x05\x06'),  # unknown
]

V4_FULL = (origin(0) + as_path((2, [65001, 65010]), (1, [64512, 64513])) + next_hop('127.0.0.61') + med(100)
           + attr(0x40, 6, b'') + attr(0xC0, 7, struct.pack('!L', 65010) + socket.inet_aton('10.0.0.10'))
           + communities(65001 << 16 | 300, 0xFFFFFF01, 65001 << 16 | 1, 0xFFFF029A)
           + ext_communities(*EXT) + large_communities((65001, 2, 3), (65001, 1, 9))
           + attr(0xC0, 0xF0, b'\x01\x02\x03'))

SCENARIOS = {
    # eBGP, every capability, then routes, refreshes and a shutdown communication.
    '127.0.0.61': (65001, CAPS_FULL, [
        ('v4-announce-full', update(attrs=V4_FULL, nlri=prefix('10.1.0.0/24') + prefix('10.1.1.0/24') + prefix('10.1.2.128/25'))),
        ('v4-withdraw', update(withdrawn=prefix('10.1.0.0/24') + prefix('10.1.1.0/24'))),
        ('v6-announce-linklocal', update(attrs=origin(0) + as_path((2, [65001])) + mp_reach(2, 1, ['2001:db8::61', 'fe80::61'], prefix('2001:db8:1::/48') + prefix('2001:db8:2::/64')) + med(5))),
        ('v6-announce', update(attrs=mp_reach(2, 1, ['2001:db8::61'], prefix('2001:db8:3::/48')) + origin(2) + as_path((2, [65001, 4200000000])))),
        ('v6-withdraw', update(attrs=mp_unreach(2, 1, prefix('2001:db8:1::/48') + prefix('2001:db8:2::/64')))),
        ('mixed', update(withdrawn=prefix('10.1.2.128/25'), attrs=mp_unreach(2, 1, prefix('2001:db8:3::/48')) + origin(1) + as_path((2, [65001])) + next_hop('127.0.0.61') + mp_reach(2, 1, ['2001:db8::62'], prefix('2001:db8:4::/48')), nlri=prefix('10.2.0.0/16'))),
        ('eor-v4', update()),
        ('eor-v6', update(attrs=mp_unreach(2, 1, b''))),
        ('refresh-begin', refresh(2, 1, 1)),
        ('refresh-end', refresh(2, 1, 2)),
        # ExaBGP 4.2 resets the session while answering this one, so it comes last.
        ('refresh', refresh(1, 1)),
    ]),
    # A shutdown communication (RFC 9003) ends the session.
    '127.0.0.64': (65004, CAPS_MIN[:2] + [cap(65, struct.pack('!L', 65004))], [
        ('notification-shutdown', notification(6, 2, bytes([18]) + b'maintenance window')),
    ]),
    # iBGP: local-pref, reflection attributes, an empty AS_PATH, a notification with data.
    '127.0.0.62': (65002, CAPS_MIN, [
        ('ibgp-announce', update(attrs=origin(0) + attr(0x40, 2, b'') + next_hop('127.0.0.62') + local_pref(200)
                                 + attr(0x80, 9, socket.inet_aton('10.0.0.9')) + attr(0x80, 10, socket.inet_aton('10.0.0.1') + socket.inet_aton('10.0.0.2'))
                                 + communities(65002 << 16 | 7) + ext_communities(EXT[0]) + large_communities((65002, 0, 1))
                                 + attr(0xD0, 0xF1, b'\xab' * 3),
                                 nlri=prefix('10.3.0.0/24'))),
        ('ibgp-confed', update(attrs=origin(0) + as_path((3, [65100, 65101]), (4, [65102]), (2, [65003])) + next_hop('127.0.0.62') + local_pref(100) + attr(0x80, 10, socket.inet_aton('10.0.0.1')),
                               nlri=prefix('10.4.0.0/24'))),
        ('notification-data', notification(3, 1, b'\x01\x02\x03')),
    ]),
    # ADD-PATH negotiated for IPv4 and IPv6 unicast.
    '127.0.0.63': (65003, CAPS_ADDPATH, [
        ('addpath-v4', update(attrs=origin(0) + as_path((2, [65003])) + next_hop('127.0.0.63'), nlri=prefix('10.5.0.0/24', 1) + prefix('10.5.0.0/24', 2))),
        ('addpath-v6', update(attrs=origin(0) + as_path((2, [65003])) + mp_reach(2, 1, ['2001:db8::63'], prefix('2001:db8:5::/48', 0x01020304)))),
        ('addpath-withdraw', update(withdrawn=prefix('10.5.0.0/24', 1))),
        ('notification-cease', notification(6, 4)),
    ]),
}


def log(name, data):
    with LOCK:
        with open(OUT + '/sent.hex', 'a') as f:
            f.write('%s %s\n' % (name, data.hex()))


def read_msg(sock):
    head = b''
    while len(head) < 19:
        chunk = sock.recv(19 - len(head))
        if not chunk:
            return None, None
        head += chunk
    length, mtype = struct.unpack('!HB', head[16:19])
    body = b''
    while len(body) < length - 19:
        chunk = sock.recv(length - 19 - len(body))
        if not chunk:
            return None, None
        body += chunk
    return mtype, body


def serve(address):
    asn, caps, script = SCENARIOS[address]
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((address, PORT))
    srv.listen(1)
    srv.settimeout(60)
    conn, _ = srv.accept()
    conn.settimeout(30)
    o = open_msg(asn, 90, address.replace('127.0.0.', '10.0.0.'), caps)
    log(address + ' open', o)
    conn.sendall(o)
    mtype, _ = read_msg(conn)  # their OPEN
    conn.sendall(KEEPALIVE)
    log(address + ' keepalive', KEEPALIVE)
    while True:  # until their KEEPALIVE
        mtype, _ = read_msg(conn)
        if mtype in (None, 4):
            break
    time.sleep(0.5)
    for name, data in script:
        log(address + ' ' + name, data)
        conn.sendall(data)
        time.sleep(0.3)
    time.sleep(1.0)
    conn.close()
    srv.close()


threads = [threading.Thread(target=serve, args=(a,)) for a in SCENARIOS]
for t in threads:
    t.start()
for t in threads:
    t.join()

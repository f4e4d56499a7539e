#!/usr/bin/env python3
"""Captures the UPDATE messages BIRD 2.0.12 and FRR 8.4 send for FlowSpec,
VPNv4, labeled unicast and IPv4 over an IPv6 next hop (RFC 8950), for
src/wire/captured_peers_test.cc.

The receiver is tests/e2e/sink.py (a BGP speaker independent of herald's
codec) listening on 127.0.0.1 and 2001:db8::1 (AS 65001); it offers back
the families and capabilities each sender offers, and keeps every UPDATE
body as received. Everything runs in a network namespace this script makes
(and deletes): it runs itself again inside it.

  BIRD (127.0.0.3, AS 65003): flow4 and flow6 rules from a static protocol,
    with FlowSpec actions set as extended communities; then the flow4 rules
    withdrawn (the static protocol disabled).
  FRR bgpd without zebra (AS 65002): on 127.0.0.2, a VPNv4 route (rd, label,
    route target) and labeled unicast routes, then the VPNv4 route
    withdrawn; on 2001:db8::2 with `capability extended-nexthop`, an IPv4
    route over its IPv6 address.

Output: src/wire/testdata/peers/NAME.hex, one whole message each (header
included), NAME = SENDER-KIND-FAMILY[-N] (KIND update, withdraw or eor).

Rerun: sudo /usr/bin/python3 tools/capture_peer_updates.py   (needs bird2 and
frr; not in CI)
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, 'tests', 'e2e'))

import sink  # noqa: E402

OUT = os.path.join(ROOT, 'src', 'wire', 'testdata', 'peers')
PORT = 1790

BIRD_CONF = f'''
log stderr all;
router id 10.0.0.3;
protocol device {{ }}
flow4 table flowtab4;
flow6 table flowtab6;
protocol static flows4 {{
  flow4 {{ table flowtab4; }};
  route flow4 {{ dst 10.30.0.0/24; src 10.31.0.0/16; proto = 6; dport = 80 || >= 1000 && <= 2000; sport > 1024;
                tcp flags 0x02/0x02; length > 100 && < 200; dscp = 46; fragment is_fragment; }} {{
    bgp_ext_community.add((generic, 0x80060000, 0x0));
  }};
  route flow4 {{ dst 10.32.0.0/24; proto = 17; icmp type 8; }} {{
    bgp_ext_community.add((generic, 0x80060000, 0x46160000));
    bgp_ext_community.add((generic, 0x80090000, 0xa));
  }};
  route flow4 {{ dst 10.33.0.0/24; }} {{ bgp_ext_community.add((generic, 0x8008fde9, 0x7)); }};
}}
protocol static flows6 {{
  flow6 {{ table flowtab6; }};
  route flow6 {{ dst 2001:db8:30::/48; src 2001:db8:31::/64 offset 16; next header = 58; dport 53; }} {{
    bgp_ext_community.add((generic, 0x80060000, 0x0));
  }};
}}
protocol bgp sink {{
  local 127.0.0.3 as 65003;
  neighbor 127.0.0.1 port {PORT} as 65001;
  multihop;
  connect retry time 1;
  flow4 {{ table flowtab4; import none; export where source = RTS_STATIC; }};
  flow6 {{ table flowtab6; import none; export where source = RTS_STATIC; }};
}}
'''

FRR_CONF = f'''
log stdout informational
route-map RT permit 10
 set extcommunity rt 65002:7
exit
router bgp 65002
 bgp router-id 10.0.0.2
 no bgp ebgp-requires-policy
 no bgp default ipv4-unicast
 neighbor 127.0.0.1 remote-as 65001
 neighbor 127.0.0.1 port {PORT}
 neighbor 127.0.0.1 update-source 127.0.0.2
 neighbor 2001:db8::1 remote-as 65001
 neighbor 2001:db8::1 port {PORT}
 neighbor 2001:db8::1 update-source 2001:db8::2
 neighbor 2001:db8::1 capability extended-nexthop
 neighbor 2001:db8::1 disable-connected-check
 address-family ipv4 unicast
  network 10.40.0.0/24
  neighbor 2001:db8::1 activate
 exit-address-family
 address-family ipv4 labeled-unicast
  neighbor 127.0.0.1 activate
 exit-address-family
 address-family ipv4 vpn
  network 10.41.0.0/24 rd 65002:3 label 333 route-map RT
  network 10.42.0.0/24 rd 198.18.0.2:4 label 1048575
  neighbor 127.0.0.1 activate
 exit-address-family
'''


def run(*argv, **kw):
    return subprocess.run(argv, check=True, capture_output=True, text=True, timeout=30, **kw)


def wait(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise SystemExit(f'timed out waiting for {what}')


def name_of(sender, body, asn4=True):
    withdrawn, announced, attrs = sink.decode_update(body, asn4)
    families = sorted({f for f, _ in announced + withdrawn}) or [attrs.get('eor', 'ipv4 unicast')]
    kind = 'update' if announced else 'withdraw' if withdrawn else 'eor'
    slug = '+'.join(families).replace(' ', '-')
    if kind == 'update' and 'next-hop' in attrs and families == ['ipv4 unicast'] and ':' in attrs['next-hop'][1][0]:
        slug += '-nexthop-ipv6'
    return f'{sender}-{kind}-{slug}'


def inside(work):
    s = sink.Sink({'127.0.0.1': 65001, '2001:db8::1': 65001}, PORT).start()
    procs = []
    try:
        conf = os.path.join(work, 'bird.conf')
        with open(conf, 'w') as f:
            f.write(BIRD_CONF)
        ctl = os.path.join(work, 'bird.ctl')
        procs.append(subprocess.Popen(['bird', '-f', '-c', conf, '-s', ctl, '-P', os.path.join(work, 'bird.pid')],
                                      stdout=open(os.path.join(work, 'bird.log'), 'w'), stderr=subprocess.STDOUT))
        vty = os.path.join(work, 'vty')
        os.makedirs(vty)
        conf = os.path.join(work, 'bgpd.conf')
        with open(conf, 'w') as f:
            f.write(FRR_CONF)
        procs.append(subprocess.Popen(['/usr/lib/frr/bgpd', '-Z', '-S', '-P', '0', '-p', '0', '-l', '127.0.0.2',
                                       '-l', '2001:db8::2', '--vty_socket', vty, '-f', conf,
                                       '-i', os.path.join(work, 'bgpd.pid')],
                                      stdout=open(os.path.join(work, 'bgpd.log'), 'w'), stderr=subprocess.STDOUT))
        # BIRD: its flow rules and End-of-RIBs, then the flow4 rules withdrawn.
        wait(lambda: {'ipv4 flow', 'ipv6 flow'} <= s.eors['127.0.0.1'] and len(s.raw['127.0.0.1']) >= 3, 30,
             "BIRD's rules")
        # FRR: both sessions' routes (it waits a few seconds before sending).
        wait(lambda: len(s.raw['2001:db8::1']) >= 1, 60, "FRR's IPv6 session")
        time.sleep(3)
        before = len(s.raw['127.0.0.1'])
        run('birdc', '-s', ctl, 'disable', 'flows4')
        run('vtysh', '--vty_socket', vty, '-c', 'configure terminal', '-c', 'router bgp 65002',
            '-c', 'address-family ipv4 vpn', '-c', 'no network 10.41.0.0/24 rd 65002:3 label 333')
        wait(lambda: len(s.raw['127.0.0.1']) >= before + 2, 30, 'the withdrawals')
        time.sleep(2)
    except SystemExit:
        for log in ('bird.log', 'bgpd.log'):
            with open(os.path.join(work, log)) as f:
                print(f'--- {log}', f.read()[-3000:], sep='\n')
        print(s.raw, s.eors)
        raise
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()
        s.stop()
    return s


def main():
    if len(sys.argv) > 1 and sys.argv[1] == '--inside':
        work = tempfile.mkdtemp(prefix='capture-peers-')
        try:
            s = inside(work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(OUT, ignore_errors=True)
        os.makedirs(OUT)
        seen = {}
        senders = {'127.0.0.3': 'bird', '127.0.0.2': 'frr', '2001:db8::2': 'frr'}
        for address, received in s.raw.items():
            for peer, body in received:
                sender = senders[peer]
                name = name_of(sender, body)
                seen[name] = seen.get(name, 0) + 1
                if seen[name] > 1:
                    name += f'-{seen[name]}'
                message = sink.MARKER + (19 + len(body)).to_bytes(2, 'big') + b'\x02' + body
                with open(os.path.join(OUT, name + '.hex'), 'w') as f:
                    f.write(f'# {name}: captured by tools/capture_peer_updates.py (sent by {peer} to {address})\n')
                    f.write(message.hex() + '\n')
                print(name)
        return
    ns = f'herald-capture-{os.getpid()}'
    run('ip', 'netns', 'add', ns)
    try:
        run('ip', '-n', ns, 'link', 'set', 'lo', 'up')
        for a in ('2001:db8::1/128', '2001:db8::2/128'):
            run('ip', '-n', ns, 'addr', 'add', a, 'dev', 'lo', 'nodad')
        subprocess.run(['ip', 'netns', 'exec', ns, sys.executable, os.path.abspath(__file__), '--inside'],
                       check=True, timeout=300)
    finally:
        subprocess.run(['ip', 'netns', 'delete', ns], timeout=30)


if __name__ == '__main__':
    main()

// EVPN routes (l2vpn evpn, wire/evpn.h) as ExaBGP 5.0 and 4.2 print them
// (src/api/testdata/evpn_updates.txt, evpn_show_exabgp5.txt):
//
// JSON: { "code": 2, "parsed": true, "raw": "02280000...", "name": "MAC/IP
// advertisement", "rd": "65001:7", "esi": "-", "ethernet-tag": 10, "mac":
// "00:11:22:AA:BB:CC", "label": [ [1000, 16001] ], "ip": "192.168.0.1" },
// the members each route type has, in that order (type 5 adds "iplen" and
// "gateway" after "ip"); an unknown type { "code": 9, "parsed": false,
// "raw": "0905..." }. "raw" is the whole NLRI in upper-case hex; "esi" is
// "-" when all zero; "label" shows the first label only: the 20-bit value
// and, when not zero, the 3 bytes of its entry.
//
// Text (processes): "afi l2vpn safi evpn", whatever the route, no next hop.
//
// `show adj-rib`: "evpn:macadv::65001:7:-:10:00:11:22:AA:BB:CC/48:192.168.0.1:
// label 1000 (16001)", "evpn:multicast::RD:TAG:IP", "evpn:segment::RD:ESI:IP",
// "evpn:ethernetad::RD:ESI:TAG: label ...", "evpn:prfxadv::RD:ESI:TAG:
// PREFIX/LEN:GATEWAY: label ...", "evpn:unknown:0x0102..." (the bytes after
// the length).
#pragma once

#include <string>

#include "wire/evpn.h"

namespace herald::api::render {

void AppendEvpnJson(std::string* out, const wire::EvpnNlri& nlri, ByteSpan raw);
void AppendEvpnText(std::string* out);
void AppendEvpnShow(std::string* out, const wire::EvpnNlri& nlri, ByteSpan raw);

}  // namespace herald::api::render

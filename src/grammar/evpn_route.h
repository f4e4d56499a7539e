// EVPN routes (RFC 7432, RFC 9136, `l2vpn evpn`: wire/evpn.h): herald's own
// syntax (ExaBGP 5.0 has none; doc/compat.md "EVPN (issue 9)"), its words
// the names ExaBGP prints the routes' fields under, so that what a process
// reads can be written back:
//
//   evpn mac-ip rd 65001:7 esi - ethernet-tag 10 mac 00:11:22:aa:bb:cc
//        ip 192.168.0.1 label 1000 next-hop 10.0.0.1 extended-community [ target:65001:7 ];
//   evpn ethernet-ad rd 10.0.0.1:5 esi 00:11:22:33:44:55:66:77:88:99 ethernet-tag 0 label 100 ...
//   evpn multicast rd 65001:7 ethernet-tag 10 ip 10.0.0.1 ...
//   evpn segment rd 10.0.0.1:1 esi 00:11:22:33:44:55:66:77:88:99 ip 10.0.0.1 ...
//   evpn prefix rd 65001:7 esi - ethernet-tag 0 ip 10.1.0.0/24 gateway 0.0.0.0 label 3000 ...
//
// in `announce { l2vpn { evpn ...; } }`, `l2vpn { evpn ...; }` and the text
// API's `announce|withdraw evpn ...` (or `l2vpn evpn ...`). The route type
// comes first, then the fields and route attributes in any order. The table
// kTypes (evpn_route.cc) says which fields each type takes and needs; esi
// ("-" for zero), ethernet-tag (or etag) and a type 5 gateway default to
// zero. `ip` takes "ADDRESS/LEN" in a prefix route (or `iplen LEN`); `label`
// one value ([ two ] for mac-ip), `rd` and the attributes are the shared
// route grammar's (route_parser.h). The next hop is IPv4 or IPv6.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "grammar/route_parser.h"
#include "rib/route.h"
#include "wire/evpn.h"

namespace herald::grammar {

// The NLRI's fields while a route is read.
struct EvpnDraft {
  uint8_t type = 0;     // set by ParseEvpnType
  uint8_t given = 0;    // the fields given (bits of evpn_route.cc's Field)
  wire::EvpnNlri nlri;  // the fields read so far
  RouteState state;
};

// Reads the route type word (mac-ip, ethernet-ad, multicast, segment, prefix).
ParseStatus ParseEvpnType(TokenStream& in, EvpnDraft* draft);

// Reads one word and its value(s): an NLRI field or a route attribute.
ParseStatus ParseEvpnWord(TokenStream& in, rib::Route* route, EvpnDraft* draft);

// Completes the route: the fields the type needs, the next hop (for an
// announcement), communities sorted, the NLRI made.
ParseStatus FinishEvpnRoute(const Token& at, RouteAction action, const EvpnDraft& draft, rib::Route* route);

// The type words, then the field words and attributes (CLI completion).
std::span<const std::string_view> EvpnTypeWords();
std::span<const std::string_view> EvpnKeywords();

// ParseEvpnType, ParseEvpnWord up to the end of the stream, FinishEvpnRoute.
ParseStatus ParseEvpnRoute(TokenStream& in, const Token& at, RouteAction action, rib::Route* route);

// The NLRI of an EVPN route of a known type, or nullopt.
std::optional<wire::EvpnNlri> EvpnNlriOf(const rib::Route& route);

// "mac-ip rd 65001:7 esi - ethernet-tag 10 mac 00:11:22:AA:BB:CC ip
// 192.168.0.1 label 1000": what ParseEvpnRoute reads back.
std::string PrintEvpnNlri(const wire::EvpnNlri& nlri);

}  // namespace herald::grammar

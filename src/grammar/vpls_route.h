// VPLS routes (RFC 4761, `l2vpn vpls`: wire/vpls.h) as ExaBGP 5.0 writes
// them, the NLRI's fields among route attributes in any order:
//
//   vpls rd 192.168.201.1:123 endpoint 5 base 10702 offset 1 size 8
//        next-hop 192.168.201.1 origin igp extended-community [ l2info:19:0:1500:111 ];
//
// in `l2vpn { vpls ...; vpls NAME { <word> <value>; ... } }`, `announce {
// l2vpn { vpls ...; } }` and the text API's `announce|withdraw vpls ...`.
// rd, endpoint (VE ID, 0-65535), base (label base, 0-1048575), offset and
// size (0-65535) are all needed; a base above 65535 is herald's (ExaBGP 5.0
// refuses it: doc/compat.md). The attributes are those ExaBGP takes there:
// next-hop (IPv4: the NLRI's next hop is 4 bytes), origin, as-path, med,
// local-preference, community, extended-community, originator-id,
// cluster-list, aggregator, atomic-aggregate, attribute, name.
//
// The route's family is l2vpn vpls, its one generic NLRI the bytes of
// wire::EncodeVplsNlri.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "grammar/route_parser.h"
#include "rib/route.h"
#include "wire/vpls.h"

namespace herald::grammar {

// The NLRI's fields while a route is read, and where each was given.
struct VplsDraft {
  std::optional<std::array<uint8_t, 8>> rd;
  std::optional<uint16_t> endpoint, offset, size;
  std::optional<uint32_t> base;
  RouteState state;
};

// Reads one word and its value(s): an NLRI field or a route attribute.
// Errors: an unknown word or one a VPLS route does not take, a value out of
// range, a field given twice.
ParseStatus ParseVplsWord(TokenStream& in, rib::Route* route, VplsDraft* draft);

// Completes the route: every field given, the next hop (an IPv4 address, for
// an announcement), communities sorted, the NLRI made. `at` locates errors
// about the whole route.
ParseStatus FinishVplsRoute(const Token& at, RouteAction action, const VplsDraft& draft, rib::Route* route);

// The words ParseVplsWord takes: the NLRI's fields, then the attributes
// (for the CLI's completion).
std::span<const std::string_view> VplsKeywords();

// ParseVplsWord up to the end of the stream, then FinishVplsRoute.
ParseStatus ParseVplsRoute(TokenStream& in, const Token& at, RouteAction action, rib::Route* route);

// The NLRI of a VPLS route, or nullopt if the route is not one.
std::optional<wire::VplsNlri> VplsNlriOf(const rib::Route& route);

// "rd 192.168.201.1:123 endpoint 5 base 10702 offset 1 size 8" (ExaBGP's
// order).
std::string PrintVplsNlri(const wire::VplsNlri& nlri);

}  // namespace herald::grammar

// MUP routes (draft-mpmz-bess-mup-safi, `ipv4|ipv6 mup`: wire/mup.h) as
// ExaBGP 5.0 writes them, the NLRI's words first and in this order, then
// attributes (nlri_route.h):
//
//   mup-isd <prefix> rd <rd>
//   mup-dsd <ip> rd <rd>
//   mup-t1st <prefix> rd <rd> teid <0-4294967295> qfi <0-255> endpoint <ip> [source <ip>]
//   mup-t2st <ip> rd <rd> teid <teid>/<bits 0-32>
//
// in `announce { ipv4|ipv6 { mup ...; } }` and the text API's
// `announce|withdraw ipv4|ipv6 mup ...`. Prefixes and addresses are of the
// AFI's family (the MUP extended community is `mup:N:N` among the
// extended communities).
//
// The route's family is ipv4/ipv6 mup, its one generic NLRI the bytes of
// wire::EncodeMupNlri.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "grammar/route_parser.h"
#include "rib/route.h"
#include "wire/mup.h"

namespace herald::grammar {

ParseStatus ParseMupRoute(TokenStream& in, const Token& at, wire::Afi afi, RouteAction action, rib::Route* route);

// The route type words (for the CLI's completion).
std::span<const std::string_view> MupRouteTypes();

// The NLRI of a MUP route herald can write in its words, or nullopt.
std::optional<wire::MupRoute> MupNlriOf(const rib::Route& route);

// "mup-isd 10.0.0.0/16 rd 100:100"; nullopt for a route herald does not read.
std::optional<std::string> PrintMupNlri(const wire::MupRoute& nlri);

}  // namespace herald::grammar

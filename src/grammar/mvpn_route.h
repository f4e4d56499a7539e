// MVPN routes (RFC 6514, `ipv4|ipv6 mcast-vpn`: wire/mvpn.h) as ExaBGP 5.0
// writes them, the NLRI's words first and in this order, then attributes
// (nlri_route.h):
//
//   source-ad source <ip> group <ip> rd <rd>
//   shared-join rp <ip> group <ip> rd <rd> source-as <asn>
//   source-join source <ip> group <ip> rd <rd> source-as <asn>
//
// in `announce { ipv4|ipv6 { mcast-vpn ...; } }` and the text API's
// `announce|withdraw ipv4|ipv6 mcast-vpn ...`. The addresses are of the
// AFI's family; source-as is 0 to 4294967295.
//
// The route's family is ipv4/ipv6 mcast-vpn, its one generic NLRI the bytes
// of wire::EncodeMvpnNlri.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "grammar/route_parser.h"
#include "rib/route.h"
#include "wire/mvpn.h"

namespace herald::grammar {

ParseStatus ParseMvpnRoute(TokenStream& in, const Token& at, wire::Afi afi, RouteAction action, rib::Route* route);

// The route type words (for the CLI's completion).
std::span<const std::string_view> MvpnRouteTypes();

// The NLRI of an MVPN route herald can write in its words, or nullopt.
std::optional<wire::MvpnRoute> MvpnNlriOf(const rib::Route& route);

// "source-ad source 10.0.0.1 group 239.1.1.1 rd 65000:1"; nullopt for a
// route type herald does not read.
std::optional<std::string> PrintMvpnNlri(const wire::MvpnRoute& nlri);

}  // namespace herald::grammar

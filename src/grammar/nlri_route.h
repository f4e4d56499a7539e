// What the routes of families whose NLRI is written as its own words (MVPN,
// MUP: mvpn_route.h, mup_route.h) share: their attributes and how a route is
// completed.
//
// The attributes are the route grammar's (route_parser.h) but for those that
// make or qualify prefixes (rd, route-distinguisher, label,
// path-information, split) and watchdog/withdraw, which these routes do not
// take in herald; `next-hop self` is refused (the next hop is the route's own).
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "grammar/route_parser.h"
#include "rib/route.h"

namespace herald::grammar {

// Reads attributes to the end of the stream. `what` names the route in
// errors ("mcast-vpn").
ParseStatus ParseNlriRouteAttributes(TokenStream& in, std::string_view what, rib::Route* route, RouteState* state);

// Reads the route distinguisher after `rd`.
ParseStatus ReadRd(TokenStream& in, std::array<uint8_t, 8>* out);

// The attribute keywords these routes take (for the CLI's completion).
std::span<const std::string_view> NlriRouteAttributeKeywords();

// Sorts communities as ExaBGP 5.0 sends them and checks the next hop: an
// announcement needs an address a peer can use. `at` locates errors about
// the whole route.
ParseStatus FinishNlriRoute(const Token& at, RouteAction action, std::string_view what, const RouteState& state,
                            rib::Route* route);

}  // namespace herald::grammar

// Routes of the prefix families beside unicast (wire/labeled.h): multicast
// (SAFI 2), labeled unicast (`nlri-mpls`, SAFI 4, RFC 8277) and BGP/MPLS VPN
// (`mpls-vpn`, SAFI 128, RFC 4364 / RFC 4659), written as unicast routes
// with `rd RD` and `label L` / `label [ L1 L2 ]`:
//
//   route 10.0.0.0/24 rd 65000:1 label 1000 next-hop 192.0.2.1;   (mpls-vpn)
//   route 10.0.0.0/24 label 1000 next-hop 192.0.2.1;              (nlri-mpls)
//   announce { ipv4 { multicast 10.0.0.0/24 next-hop 192.0.2.1; } }
//
// The route is read as a unicast one (route_parser.h); FinishRoute then
// makes each prefix one generic NLRI, the canonical bytes of
// wire::EncodeLabeledNlri, and the route's family the labeled one. The next
// hop stays the route's (the wire codec adds a VPN next hop's zero RD).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "grammar/route_parser.h"
#include "rib/route.h"

namespace herald::grammar {

// Whether the family is one of those (multicast, nlri-mpls, mpls-vpn).
bool IsLabeledFamily(const wire::Family& family);

// The family the route lands in, then its prefixes made generic NLRI (a
// unicast route is left as it is). Errors: a label or rd the family does
// not take, an announcement without the label (or rd) its family needs, a
// label out of range, a label stack too long for the NLRI. `at` locates
// errors about the whole route.
ParseStatus MakeLabeledRoute(const Token& at, RouteAction action, const RouteState& state, rib::Route* route);

// A route made so, read back: the prefixes (as a unicast route of the same
// address family, with the attributes and next hop), the label values and
// the route distinguisher of its first NLRI. nullopt if the route is not
// of a labeled family or an NLRI does not decode.
struct LabeledRouteView {
  rib::Route unicast;
  std::vector<uint32_t> labels;
  std::optional<std::array<uint8_t, 8>> rd;
};
std::optional<LabeledRouteView> ViewLabeledRoute(const rib::Route& route);

}  // namespace herald::grammar

// How herald's grammar writes each family's routes: one row per family, the
// one place that maps a family to its route syntax. The configuration
// parser and printer, the API command parser and printer, `validate` and
// the CLI's completion ask here instead of testing AFI/SAFI themselves. A
// new family is a row (and its grammar file), not a branch in each of them.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "rib/route.h"
#include "wire/family.h"

namespace herald::grammar {

enum class RouteSyntaxKind : uint8_t {
  kPrefix,     // unicast: `route <prefix> <attribute>...`, `attributes ... nlri <prefix>...`
  kLabeled,    // nlri-mpls, mpls-vpn: kPrefix with `rd` and `label` (labeled_route.h)
  kMulticast,  // kPrefix, one prefix a statement, named by the family
  kFlow,       // FlowSpec: match and then (flow_route.h)
  kVpls,       // NLRI fields, then attributes (vpls_route.h)
  kEvpn,       // route type and fields, then attributes (evpn_route.h)
  kMvpn,       // route type and fields, then attributes (mvpn_route.h)
  kMup,        // the same (mup_route.h)
  kReceived,   // no syntax: routes are only received (BGP-LS, RT-Constrain)
};

struct RouteSyntax {
  wire::Family family;
  RouteSyntaxKind kind;
  // The statement that carries a route inside `announce { <afi> { } }` in a
  // configuration ("multicast", "mcast-vpn", "mup", "vpls", "evpn"); empty
  // for a `static` route or a `flow` rule.
  std::string_view statement;
  // Whether an API line names the family before the route (`announce ipv4
  // mup ...`), or only the statement (`announce vpls ...`).
  bool api_names_family;
  // The words of a route with an NLRI of its own (vpls, evpn, mcast-vpn,
  // mup), nullopt if it does not read; null for the prefix and flow kinds.
  std::optional<std::string> (*nlri_words)(const rib::Route& route);
};

// The family's row; nullptr for a family herald does not speak.
const RouteSyntax* FindRouteSyntax(const wire::Family& family);
// Every row: one per family herald speaks (wire::SupportedFamilies()).
std::span<const RouteSyntax> RouteSyntaxes();

// The kind of the route's family (kPrefix for one without a row).
RouteSyntaxKind SyntaxKindOf(const wire::Family& family);

}  // namespace herald::grammar

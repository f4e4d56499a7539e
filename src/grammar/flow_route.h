// A FlowSpec rule as a rib::Route, and back to text.
//
// The configuration's `flow { route [NAME] { rd ...; next-hop ...; match { }
// then { } } }` and the text API's `announce flow route ...` both end in
// MakeFlowRoute: the route's family is {ipv4|ipv6, flow|flow-vpn}, its one
// generic NLRI the canonical bytes of wire::EncodeFlowNlri, its attributes
// what the actions make (flow_parser.h, EncodeFlowActions) and its next hop
// the `next-hop` given or the one `redirect IP` / `copy IP` set.
//
// The printers write a route made so back in that grammar, in a form the
// parsers read again to the same route: the match statements in component
// order, numbers in decimal; the then statements as discard / rate-limit /
// mark / action / redirect where the extended community is one of those,
// else as extended-community values.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/ip.h"
#include "base/result.h"
#include "grammar/flow_parser.h"
#include "grammar/route_distinguisher.h"
#include "grammar/token_stream.h"
#include "rib/route.h"
#include "wire/flowspec.h"

namespace herald::grammar {

// Builds the route of a flow rule into *route (cleared first). `nlri` is
// complete (FinishFlowMatch); a route distinguisher makes it flow-vpn.
// `next_hop` is the rule's `next-hop` (an address or self), if given: it must agree with the one
// a redirect or copy action sets. `at` locates errors (a community that does
// not parse, two next hops).
ParseStatus MakeFlowRoute(const Token& at, const wire::FlowNlri& nlri, const std::vector<FlowAction>& actions,
                          const std::optional<rib::NextHop>& next_hop, rib::Route* route);

// A rule on one line (the API's `announce flow route ...`, the
// configuration's `flow { route ...; }`): match and then statements in any
// order up to the end of the stream, as ParseFlowRouteLine reads them, then
// MakeFlowRoute. `afi`, if given, is the rule's family (`announce ipv6 flow
// ...`: a rule without prefixes is IPv6 then). With `rd_next_hop`, `rd RD`
// and `next-hop IP` may come among them too (herald's API; ExaBGP 5.0 takes
// neither there). `at` locates errors about the whole rule.
ParseStatus ParseFlowRule(TokenStream& in, const Token& at, std::optional<wire::Afi> afi, bool rd_next_hop,
                          rib::Route* route);

// The text API's block form, after `flow route` (ExaBGP 5.0 takes it): the
// configuration's block on one line,
//   { [rd RD;] [next-hop IP;] match { <statement>; ... } then { <statement>; ... } }
// up to the end of the stream, then MakeFlowRoute.
ParseStatus ParseFlowRuleBlock(TokenStream& in, const Token& at, rib::Route* route);

// The NLRI of a flow route (its one generic NLRI decoded), or nullopt if
// the route is not a FlowSpec route or its bytes do not decode.
std::optional<wire::FlowNlri> FlowNlriOf(const rib::Route& route);

// A flow route in the grammar's pieces, for the printers: the route
// distinguisher (flow-vpn), the next hop where no redirect or copy action
// says it, the match statements and the then statements, each without ';'
// ("destination-port [ =80 =443 ]", "rate-limit 9600"). No then statement
// for a route without attributes (an `accept` rule).
struct FlowRouteText {
  std::string rd;        // empty: none
  std::string next_hop;  // empty: none, or said by an action
  std::vector<std::string> match;
  std::vector<std::string> then;
};
// nullopt if the route is not a FlowSpec route (FlowNlriOf).
std::optional<FlowRouteText> DescribeFlowRoute(const rib::Route& route);

// The API's one-line form, after `announce flow route `:
// "[rd RD] [next-hop IP] MATCH... THEN...". Empty if the route is not a
// FlowSpec route.
std::string PrintFlowRouteLine(const rib::Route& route);

}  // namespace herald::grammar

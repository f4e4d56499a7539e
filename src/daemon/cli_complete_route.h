// What `herald cli`'s shell offers on TAB inside a route: the attribute
// keywords of the route grammar, the match and then keywords of a FlowSpec
// rule, and a value where the grammar takes a closed set of them. Pure, as
// cli_complete.h.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace herald::daemon {

// The route forms of the API (api/command.cc).
enum class RouteForm : uint8_t {
  kRoute,       // `announce route`, `announce ipv4 unicast`: <prefix> <attribute>...
  kAttributes,  // `announce attributes`: <attribute>... nlri <prefix>...
  kFlow,        // `announce flow route`, `announce ipv4 flow`: match and then
                // statements on one line, or the `{ match { } then { } }` block
  kVpls,        // `announce vpls`, `announce l2vpn vpls`: NLRI fields and attributes
  kEvpn,        // `announce evpn`, `announce l2vpn evpn`: the route type, then as kVpls
  kMvpn,        // `announce ipv4 mcast-vpn`: route type, its words, attributes
  kMup,         // `announce ipv4 mup`: the same
};

// The candidates for the word after `words`, the complete words typed after
// the form's path (`announce route`), unfiltered and unsorted; empty where a
// value with no closed set goes (a prefix, a number, a community) or where
// the words do not read.
std::vector<std::string> RouteCandidates(RouteForm form, bool announce,
                                         std::span<const std::string> words);

// Where a value is read.
enum class RouteContext : uint8_t { kRoute, kFlowMatch, kFlowThen };

// A keyword's values when they are a closed set. A flow match component's
// named values (protocol tcp, tcp-flags syn, ...) come from the FlowSpec
// table (wire/flowspec.h) and are not listed here.
struct ValueHint {
  RouteContext context;
  std::string_view keyword;
  std::span<const std::string_view> values;
};
inline constexpr std::string_view kOriginValues[] = {"igp", "egp", "incomplete"};
inline constexpr std::string_view kNextHopValues[] = {"self"};
inline constexpr std::string_view kFlowActionValues[] = {"sample", "terminal", "sample-terminal"};
inline constexpr ValueHint kHints[] = {
    {RouteContext::kRoute, "origin", kOriginValues},
    {RouteContext::kRoute, "next-hop", kNextHopValues},
    {RouteContext::kFlowThen, "action", kFlowActionValues},
};

}  // namespace herald::daemon

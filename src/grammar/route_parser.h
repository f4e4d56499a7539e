// The route grammar shared by the configuration (`static`, `announce`, bare
// `route`) and the text API (`announce route`, `announce attributes`):
//
//   <prefix> <attribute>...
//   <attribute>... nlri <prefix> <prefix>...
//
// where an attribute is one of next-hop <ip>|self, origin igp|egp|incomplete,
// as-path [ 1 2 ( 3 4 ) ] | as-path 65001, med N, local-preference N,
// atomic-aggregate, aggregator ( asn:ip ) | aggregator asn:ip,
// community [ ... ] | community c, extended-community [ ... ] | ... c,
// large-community [ ... ] | ... c, originator-id ip, cluster-list [ ip ... ],
// path-information N|ip, attribute [ 0xCODE 0xFLAGS 0xDATA ], split /len,
// name X, watchdog X, withdraw, and for the labeled families
// (labeled_route.h) rd|route-distinguisher RD, label L | label [ L1 L2 ]. Keyword spellings are ExaBGP's; values are
// read by attribute_values.h.
//
// Every function appends to or fills a caller-owned rib::Route so that the
// text API can reuse one Route (and its vectors) line after line.
#pragma once

#include <array>
#include <bitset>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "base/ip.h"
#include "grammar/token_stream.h"
#include "rib/route.h"

namespace herald::grammar {

enum class RouteAction : uint8_t {
  kAnnounce,  // a next hop is required
  kWithdraw,  // attributes are read and checked, then ignored by the caller
};

// What a route statement says besides the route itself, while it is read.
struct RouteState {
  // Attribute codes already given: repeating one is an error (ExaBGP
  // silently keeps the first).
  std::bitset<256> seen;
  std::optional<uint32_t> path_id;  // path-information (RFC 7911)
  std::optional<uint8_t> split;     // split /len
  bool withdraw = false;            // the `withdraw` keyword
  const Token* withdraw_at = nullptr;  // where it was given
  bool seen_name = false;
  // Where `watchdog NAME` was given (its keyword), if it was.
  const Token* watchdog_at = nullptr;
  // Where the next hop was given (`next-hop` value or generic NEXT_HOP
  // data), for errors FinishRoute finds in it.
  const Token* next_hop_at = nullptr;
  // `rd RD` / `route-distinguisher RD` and `label ...`, where given.
  std::optional<std::array<uint8_t, 8>> rd;
  const Token* rd_at = nullptr;
  std::vector<uint32_t> labels;  // 20-bit label values, outermost first
  const Token* label_at = nullptr;
  // The SAFI the statement names (`announce ipv4 mpls-vpn ...`, `multicast`
  // in `announce { ipv4 { } }`), if it names one: set by the caller before
  // reading. Otherwise, as ExaBGP decides, rd makes the route mpls-vpn,
  // else label makes it nlri-mpls, else it is unicast.
  std::optional<wire::Safi> safi;

  void Clear() { *this = RouteState(); }
};

// Empties *route for reuse, keeping the capacity of its vectors.
void ClearRoute(rib::Route* route);

// Reads "10.0.0.0/24", "2001:db8::/32" or a bare address (a host route).
ParseStatus ParsePrefix(TokenStream& in, Prefix* out);

// Appends a prefix to route->nlri, taking the route's family (IPv4 or IPv6
// unicast) from the first prefix and refusing a second family.
ParseStatus AddPrefix(const Token& at, const Prefix& prefix, rib::Route* route);

// Reads one attribute, keyword and value(s).
ParseStatus ParseRouteAttribute(TokenStream& in, rib::Route* route, RouteState* state);

// The keywords ParseRouteAttribute takes, in its table's order (for the
// CLI's completion).
std::span<const std::string_view> RouteAttributeKeywords();

// Reads attributes until the stream ends or, if `stop` is not empty, until
// the keyword `stop` is next (it is left in the stream).
ParseStatus ParseRouteAttributes(TokenStream& in, rib::Route* route, RouteState* state,
                                 std::string_view stop = {});

// Completes a route once everything is read: gives every prefix the path
// identifier, sorts the communities and removes duplicates (as ExaBGP 5.0
// sends them), checks the next hop against the family (an announcement needs
// one, and not an address no route can use: wire::NextHopProblem, RFC 4271
// §5.1.3; a withdrawal's next hop is ignored, so it may be anything),
// expands `split`, and makes a multicast, labeled or VPN route's prefixes
// its generic NLRI (labeled_route.h). `at` locates errors about the whole route.
ParseStatus FinishRoute(const Token& at, RouteAction action, const RouteState& state,
                        rib::Route* route);

// `<prefix> <attribute>...` up to the end of the stream, then FinishRoute.
ParseStatus ParseRoute(TokenStream& in, RouteAction action, rib::Route* route, RouteState* state);

// `<attribute>... nlri <prefix>...` up to the end of the stream, then
// FinishRoute: one route with several prefixes.
ParseStatus ParseAttributesNlri(TokenStream& in, RouteAction action, rib::Route* route,
                                RouteState* state);

// The most routes one `split` may create.
inline constexpr size_t kMaxSplitRoutes = 65536;

}  // namespace herald::grammar

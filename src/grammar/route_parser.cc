#include "grammar/route_parser.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "grammar/labeled_route.h"
#include "wire/next_hop.h"

namespace herald::grammar {
namespace {

// Moves the address to the next prefix of length `cut`: adds one at bit
// `cut` (counting from 1 at the most significant bit).
void Advance(std::array<uint8_t, 16>* bytes, unsigned cut) {
  size_t byte = (cut - 1) / 8;
  unsigned carry = 1u << (7 - (cut - 1) % 8);
  for (size_t i = byte + 1; i-- > 0 && carry;) {
    unsigned v = (*bytes)[i] + carry;
    (*bytes)[i] = static_cast<uint8_t>(v);
    carry = v >> 8;
  }
}

}  // namespace

void ClearRoute(rib::Route* route) {
  route->family = wire::kIpv4Unicast;
  route->nlri.clear();
  route->next_hop = rib::NextHop();
  route->watchdog.clear();
  wire::PathAttributes& a = route->attrs;
  a.origin.reset();
  if (a.as_path) a.as_path->clear();
  a.as_path.reset();
  a.next_hop.reset();
  a.med.reset();
  a.local_pref.reset();
  a.atomic_aggregate = false;
  a.aggregator.reset();
  a.communities.clear();
  a.originator_id.reset();
  a.cluster_list.clear();
  a.extended_communities.clear();
  a.large_communities.clear();
  a.aigp.reset();
  a.ipv6_extended_communities.clear();
  a.prefix_sid.reset();
  a.unknown.clear();
}

ParseStatus ParsePrefix(TokenStream& in, Prefix* out) {
  const Token& t = in.Next();
  if (!t.is_word()) return FailAt(t, fmt::format("missing prefix, found {}", Describe(t)));
  auto p = Prefix::Parse(t.text);
  if (!p) return FailAt(t, std::move(p).error().message);
  *out = *p;
  return {};
}

ParseStatus AddPrefix(const Token& at, const Prefix& prefix, rib::Route* route) {
  wire::Family family = prefix.is_v4() ? wire::kIpv4Unicast : wire::kIpv6Unicast;
  if (route->nlri.empty()) {
    route->family = family;
  } else if (route->family != family) {
    return FailAt(at, fmt::format("prefix {} is not {} like the others", prefix.ToString(), route->family.Name()));
  }
  route->nlri.push_back(wire::InetNlri{prefix, 0});
  return {};
}

ParseStatus FinishRoute(const Token& at, RouteAction action, const RouteState& state, rib::Route* route) {
  if (route->nlri.empty()) return FailAt(at, "missing prefix");
  for (wire::InetNlri& n : route->nlri) n.path_id = state.path_id.value_or(0);

  auto& a = route->attrs;
  auto sort_unique = [](auto& v) {
    if (v.size() < 2) return;
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
  };
  sort_unique(a.communities);
  sort_unique(a.extended_communities);
  sort_unique(a.large_communities);

  // A next hop of the other address family is taken, as ExaBGP takes it:
  // an IPv4 route over an IPv6 next hop goes only to peers that negotiated
  // the extended next hop capability (RFC 8950; the configuration checks
  // its neighbor's `nexthop` block), an IPv6 route over an IPv4 next hop
  // travels as an IPv4-mapped address (rib/export.cc).
  const rib::NextHop& nh = route->next_hop;
  if (action == RouteAction::kAnnounce && nh.kind == rib::NextHop::Kind::kNone)
    return FailAt(at, fmt::format("missing next-hop for {}", route->nlri[0].prefix.ToString()));
  if (action == RouteAction::kAnnounce && nh.kind == rib::NextHop::Kind::kAddress) {
    // A peer would ignore the route (RFC 4271 §6.3); herald's own receiving
    // side does the same (wire/next_hop.h).
    if (std::string_view why = wire::NextHopProblem(nh.address); !why.empty())
      return FailAt(state.next_hop_at ? *state.next_hop_at : at,
                    fmt::format("invalid next-hop {}: {}; a peer would ignore the route (RFC 4271 §6.3)",
                                nh.address.ToString(), why));
  }

  if (state.split) {
    unsigned cut = *state.split;
    size_t total = 0;
    for (const wire::InetNlri& n : route->nlri) {
      if (cut > n.prefix.max_length())
        return FailAt(at, fmt::format("split /{} is longer than a {} prefix", cut, route->family.Name()));
      total += cut > n.prefix.length() ? (cut - n.prefix.length() >= 20 ? kMaxSplitRoutes + 1
                                                                        : size_t{1} << (cut - n.prefix.length()))
                                       : 1;
    }
    if (total > kMaxSplitRoutes)
      return FailAt(at, fmt::format("split /{} would create more than {} routes", cut, kMaxSplitRoutes));
    std::vector<wire::InetNlri> expanded;
    expanded.reserve(total);
    for (const wire::InetNlri& n : route->nlri) {
      // Like ExaBGP, a prefix already at least as long as the split is kept.
      if (cut <= n.prefix.length()) {
        expanded.push_back(n);
        continue;
      }
      size_t count = size_t{1} << (cut - n.prefix.length());
      std::array<uint8_t, 16> bytes{};
      const IpAddress& base = n.prefix.address();
      std::copy(base.bytes().begin(), base.bytes().end(), bytes.begin());
      for (size_t i = 0; i < count; ++i) {
        IpAddress address = IpAddress::FromBytes(ByteSpan(bytes.data(), base.size()));
        expanded.push_back(wire::InetNlri{Prefix(address, static_cast<uint8_t>(cut)), n.path_id});
        Advance(&bytes, cut);
      }
    }
    route->nlri = std::move(expanded);
  }
  return MakeLabeledRoute(at, action, state, route);
}

ParseStatus ParseRoute(TokenStream& in, RouteAction action, rib::Route* route, RouteState* state) {
  const Token& at = in.Peek();
  Prefix prefix;
  if (ParseStatus s = ParsePrefix(in, &prefix); !s) return s;
  if (ParseStatus s = AddPrefix(at, prefix, route); !s) return s;
  if (ParseStatus s = ParseRouteAttributes(in, route, state); !s) return s;
  return FinishRoute(at, action, *state, route);
}

ParseStatus ParseAttributesNlri(TokenStream& in, RouteAction action, rib::Route* route, RouteState* state) {
  const Token& start = in.Peek();
  if (ParseStatus s = ParseRouteAttributes(in, route, state, "nlri"); !s) return s;
  const Token& nlri = in.Next();
  if (!nlri.IsKeyword("nlri")) return FailAt(nlri, "missing nlri before the prefixes");
  if (in.AtEnd()) return FailAt(in.end(), "missing prefix after nlri");
  while (!in.AtEnd()) {
    const Token& at = in.Peek();
    Prefix prefix;
    if (ParseStatus s = ParsePrefix(in, &prefix); !s) return s;
    if (ParseStatus s = AddPrefix(at, prefix, route); !s) return s;
  }
  return FinishRoute(start.is(TokenKind::kEnd) ? nlri : start, action, *state, route);
}

}  // namespace herald::grammar

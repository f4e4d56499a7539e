// The attributes of MVPN and MUP routes (nlri_route.h).
#include "grammar/nlri_route.h"

#include <fmt/format.h>

#include <algorithm>

#include "grammar/route_distinguisher.h"
#include "wire/next_hop.h"

namespace herald::grammar {
namespace {

constexpr std::string_view kAttributes[] = {
    "next-hop",     "origin",         "as-path",       "med",           "local-preference",
    "community",    "extended-community", "large-community", "atomic-aggregate", "aggregator",
    "originator-id", "cluster-list",  "aigp",          "bgp-prefix-sid", "bgp-prefix-sid-srv6",
    "attribute",    "name",
};

}  // namespace

ParseStatus ReadRd(TokenStream& in, std::array<uint8_t, 8>* out) {
  const Token& v = in.Next();
  if (!v.is_word()) return FailAt(v, fmt::format("missing value for rd, found {}", Describe(v)));
  auto rd = ParseRouteDistinguisher(v.text);
  if (!rd) return FailAt(v, rd.error().message);
  *out = *rd;
  return {};
}

std::span<const std::string_view> NlriRouteAttributeKeywords() { return kAttributes; }

ParseStatus ParseNlriRouteAttributes(TokenStream& in, std::string_view what, rib::Route* route, RouteState* state) {
  while (!in.AtEnd()) {
    const Token& keyword = in.Peek();
    if (!keyword.is_word() || keyword.quoted)
      return FailAt(keyword, fmt::format("expected a route attribute, found {}", Describe(keyword)));
    if (std::find(std::begin(kAttributes), std::end(kAttributes), keyword.text) == std::end(kAttributes)) {
      const auto known = RouteAttributeKeywords();
      if (std::find(known.begin(), known.end(), keyword.text) == known.end())
        return FailAt(keyword, fmt::format("unknown {} keyword {}", what, Describe(keyword)));
      return FailAt(keyword, fmt::format("{} is not valid in a {} route", keyword.text, what));
    }
    if (keyword.text == "next-hop" && in.PeekAt(1).IsKeyword("self"))
      return FailAt(in.PeekAt(1), fmt::format("next-hop self is not supported by herald yet in a {} route", what));
    if (ParseStatus s = ParseRouteAttribute(in, route, state); !s) return s;
  }
  return {};
}

ParseStatus FinishNlriRoute(const Token& at, RouteAction action, std::string_view what, const RouteState& state,
                            rib::Route* route) {
  auto& a = route->attrs;
  auto sort_unique = [](auto& v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
  };
  sort_unique(a.communities);
  sort_unique(a.extended_communities);
  sort_unique(a.large_communities);
  if (action != RouteAction::kAnnounce) return {};
  const rib::NextHop& nh = route->next_hop;
  if (nh.kind == rib::NextHop::Kind::kNone) return FailAt(at, fmt::format("missing next-hop in the {} route", what));
  const Token& nh_at = state.next_hop_at ? *state.next_hop_at : at;
  if (std::string_view why = wire::NextHopProblem(nh.address); !why.empty())
    return FailAt(nh_at, fmt::format("invalid next-hop {}: {}; a peer would ignore the route (RFC 4271 §6.3)",
                                     nh.address.ToString(), why));
  return {};
}

}  // namespace herald::grammar

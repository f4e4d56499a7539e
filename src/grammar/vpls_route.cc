// VPLS routes (vpls_route.h).
#include "grammar/vpls_route.h"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>

#include "grammar/attribute_values.h"
#include "grammar/route_distinguisher.h"
#include "wire/next_hop.h"

namespace herald::grammar {
namespace {

// The NLRI's fields, then the route attributes ExaBGP 5.0 takes in a VPLS
// route.
constexpr std::string_view kKeywords[] = {
    "rd",        "endpoint",           "base",          "offset",       "size",       "next-hop",
    "origin",    "as-path",            "med",           "local-preference", "community", "name",
    "extended-community", "originator-id", "cluster-list", "aggregator", "atomic-aggregate", "attribute",
};
const std::span<const std::string_view> kAttributes = std::span(kKeywords).subspan(5);

ParseStatus Number(TokenStream& in, const Token& keyword, uint64_t max, uint64_t* out) {
  const Token& v = in.Next();
  if (!v.is_word()) return FailAt(v, fmt::format("missing value for {}, found {}", keyword.text, Describe(v)));
  if (!ParseUnsigned(v.text, max, out))
    return FailAt(v, fmt::format("invalid vpls {} {} (expected 0 to {})", keyword.text, v.text, max));
  return {};
}

template <typename T>
ParseStatus Field(TokenStream& in, const Token& keyword, uint64_t max, std::optional<T>* out) {
  if (*out) return FailAt(keyword, fmt::format("{} given twice", keyword.text));
  uint64_t n = 0;
  if (ParseStatus s = Number(in, keyword, max, &n); !s) return s;
  *out = static_cast<T>(n);
  return {};
}

}  // namespace

ParseStatus ParseVplsWord(TokenStream& in, rib::Route* route, VplsDraft* draft) {
  const Token& keyword = in.Peek();
  if (!keyword.is_word() || keyword.quoted)
    return FailAt(keyword, fmt::format("expected a vpls keyword, found {}", Describe(keyword)));
  if (keyword.text == "rd") {
    in.Next();
    if (draft->rd) return FailAt(keyword, "rd given twice");
    const Token& v = in.Next();
    if (!v.is_word()) return FailAt(v, fmt::format("missing value for rd, found {}", Describe(v)));
    auto rd = ParseRouteDistinguisher(v.text);
    if (!rd) return FailAt(v, rd.error().message);
    draft->rd = *rd;
    return {};
  }
  if (keyword.text == "endpoint") return in.Next(), Field(in, keyword, 0xFFFF, &draft->endpoint);
  if (keyword.text == "offset") return in.Next(), Field(in, keyword, 0xFFFF, &draft->offset);
  if (keyword.text == "size") return in.Next(), Field(in, keyword, 0xFFFF, &draft->size);
  if (keyword.text == "base") return in.Next(), Field(in, keyword, 0xFFFFF, &draft->base);
  if (std::find(kAttributes.begin(), kAttributes.end(), keyword.text) == kAttributes.end()) {
    const auto known = RouteAttributeKeywords();
    if (std::find(known.begin(), known.end(), keyword.text) == known.end())
      return FailAt(keyword, fmt::format("unknown vpls keyword {}", Describe(keyword)));
    return FailAt(keyword, fmt::format("{} is not valid in a vpls route", keyword.text));
  }
  if (keyword.text == "next-hop" && in.PeekAt(1).IsKeyword("self"))
    return FailAt(in.PeekAt(1), "next-hop self is not valid in a vpls route (the session is not l2vpn)");
  return ParseRouteAttribute(in, route, &draft->state);
}

ParseStatus FinishVplsRoute(const Token& at, RouteAction action, const VplsDraft& draft, rib::Route* route) {
  const char* missing = !draft.rd ? "rd" : !draft.endpoint ? "endpoint" : !draft.base ? "base"
                      : !draft.offset ? "offset" : !draft.size ? "size" : nullptr;
  if (missing) return FailAt(at, fmt::format("missing {} in the vpls route", missing));
  auto& a = route->attrs;
  auto sort_unique = [](auto& v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
  };
  sort_unique(a.communities);
  sort_unique(a.extended_communities);
  const rib::NextHop& nh = route->next_hop;
  const Token& nh_at = draft.state.next_hop_at ? *draft.state.next_hop_at : at;
  if (nh.kind == rib::NextHop::Kind::kAddress && !nh.address.is_v4())
    return FailAt(nh_at, fmt::format("next-hop {} is not an IPv4 address (a vpls next hop is 4 bytes)",
                                     nh.address.ToString()));
  if (action == RouteAction::kAnnounce) {
    if (nh.kind == rib::NextHop::Kind::kNone) return FailAt(at, "missing next-hop in the vpls route");
    if (std::string_view why = wire::NextHopProblem(nh.address); !why.empty())
      return FailAt(nh_at, fmt::format("invalid next-hop {}: {}; a peer would ignore the route (RFC 4271 §6.3)",
                                       nh.address.ToString(), why));
  }
  wire::VplsNlri nlri;
  nlri.rd = *draft.rd;
  nlri.endpoint = *draft.endpoint;
  nlri.offset = *draft.offset;
  nlri.size = *draft.size;
  nlri.label_entry = (*draft.base & 0xFFFFF) << 4 | 1;  // bottom of stack, as ExaBGP sends it
  route->nlri.clear();
  route->generic.assign(1, wire::GenericNlri{wire::EncodeVplsNlri(nlri), 0});
  route->family = wire::kL2vpnVpls;
  return {};
}

std::span<const std::string_view> VplsKeywords() { return kKeywords; }

ParseStatus ParseVplsRoute(TokenStream& in, const Token& at, RouteAction action, rib::Route* route) {
  VplsDraft draft;
  while (!in.AtEnd())
    if (ParseStatus s = ParseVplsWord(in, route, &draft); !s) return s;
  return FinishVplsRoute(at, action, draft, route);
}

std::optional<wire::VplsNlri> VplsNlriOf(const rib::Route& route) {
  if (route.family != wire::kL2vpnVpls || route.generic.size() != 1) return std::nullopt;
  ByteReader in{ByteSpan(route.generic[0].bytes)};
  auto nlri = wire::DecodeVplsNlri(in);
  if (!nlri || !in.empty()) return std::nullopt;
  return *nlri;
}

std::string PrintVplsNlri(const wire::VplsNlri& n) {
  return fmt::format("rd {} endpoint {} base {} offset {} size {}", FormatRouteDistinguisher(n.rd), n.endpoint,
                     n.base(), n.offset, n.size);
}

}  // namespace herald::grammar

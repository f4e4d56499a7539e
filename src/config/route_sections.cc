// Where routes are written in a neighbor: `static { }`, bare `route`, the
// `route <prefix> { <attribute>; ... }` block, and `announce { ipv4 { } }`.
#include <fmt/format.h>

#include "config/file_parser.h"

namespace herald::config::internal {

// static { route ...; route <prefix> { ... } attributes ... nlri ...; }
ParseStatus FileParser::Static(const Statement& st, TokenStream& in, NeighborDraft& draft) {
  if (ParseStatus s = ExpectEnd(in, "static"); !s) return s;
  static constexpr Entry<NeighborDraft> kStatic[] = {
      {"route", &FileParser::RouteCommand, &FileParser::RouteBlock},
      {"attributes", &FileParser::AttributesCommand, nullptr},
      // ExaBGP 3.4's spelling, still accepted by 4.2.
      {"attribute", &FileParser::AttributesCommand, nullptr},
  };
  ParseBlock<NeighborDraft>("static", st.end, draft, kStatic, {});
  return {};
}

// route <prefix> <attribute>...;
ParseStatus FileParser::RouteCommand(const Statement& st, TokenStream& in, NeighborDraft& draft) {
  rib::Route route;
  RouteState state;
  const Token& at = in.Peek();
  if (ParseStatus s = ParseRoute(in, RouteAction::kAnnounce, &route, &state); !s) return s;
  AddRoute(draft, std::move(route), state, at);
  return {};
}

// route <prefix> { <attribute>; ... }
ParseStatus FileParser::RouteBlock(const Statement& st, TokenStream& in, NeighborDraft& draft) {
  rib::Route route;
  RouteState state;
  const Token& at = in.Peek();
  Prefix prefix;
  if (ParseStatus s = ParsePrefix(in, &prefix); !s) return s;
  if (ParseStatus s = AddPrefix(at, prefix, &route); !s) return s;
  if (ParseStatus s = ExpectEnd(in, "the prefix"); !s) return s;
  // The body holds route attributes, one per statement; it is read here
  // rather than with a table since every attribute keyword is a command.
  bool failed = false;
  while (true) {
    Statement body = NextStatement();
    if (body.end->is(TokenKind::kEnd)) {
      if (!body.words.empty()) Error(*body.end, "missing ';' at end of file");
      Warning(*st.end, "missing '}' to close route at end of file");
      break;
    }
    if (body.end->is(TokenKind::kRBrace) && body.words.empty()) break;
    if (body.end->is(TokenKind::kLBrace)) {
      Error(body.words.empty() ? *body.end : body.words[0], "unexpected block inside a route");
      failed = true;
      SkipBlock();
      continue;
    }
    if (body.words.empty()) continue;
    TokenStream attribute(body.words, *body.end);
    ParseStatus s = ParseRouteAttribute(attribute, &route, &state);
    if (s) s = ExpectEnd(attribute, body.words[0].text);
    if (!s) {
      Error(s.error());
      failed = true;
    }
    if (body.end->is(TokenKind::kRBrace)) {
      Error(*body.end, "missing ';' before '}'");
      failed = true;
      break;
    }
  }
  if (failed) return {};  // already reported; finishing would only add noise
  if (ParseStatus s = FinishRoute(at, RouteAction::kAnnounce, state, &route); !s) {
    Error(s.error());
    return {};
  }
  AddRoute(draft, std::move(route), state, at);
  return {};
}

// attributes <attribute>... nlri <prefix>...;
ParseStatus FileParser::AttributesCommand(const Statement& st, TokenStream& in, NeighborDraft& draft) {
  rib::Route route;
  RouteState state;
  const Token& at = st.words[0];
  if (ParseStatus s = ParseAttributesNlri(in, RouteAction::kAnnounce, &route, &state); !s) return s;
  AddRoute(draft, std::move(route), state, at);
  return {};
}

// announce { ipv4 { unicast|multicast|nlri-mpls|mpls-vpn|flow|mcast-vpn|mup ...; } ipv6 { ... } l2vpn { vpls ...; } }
ParseStatus FileParser::Announce(const Statement& st, TokenStream& in, NeighborDraft& draft) {
  if (ParseStatus s = ExpectEnd(in, "announce"); !s) return s;
  static constexpr Entry<NeighborDraft> kAnnounce[] = {
      {"ipv4", nullptr, &FileParser::AnnounceFamily},
      {"ipv6", nullptr, &FileParser::AnnounceFamily},
      {"l2vpn", nullptr, &FileParser::AnnounceL2vpn},  // vpls_section.cc
  };
  // BGP-LS routes are received only (wire/bgpls.h): ExaBGP has no syntax
  // for them either.
  static constexpr std::string_view kUnsupported[] = {"bgp-ls"};
  ParseBlock<NeighborDraft>("announce", st.end, draft, kAnnounce, kUnsupported);
  return {};
}

ParseStatus FileParser::AnnounceFamily(const Statement& st, TokenStream& in, NeighborDraft& draft) {
  const Token& keyword = st.words[0];
  if (ParseStatus s = ExpectEnd(in, keyword.text); !s) return s;
  static constexpr Entry<AnnounceCtx> kFamily[] = {
      {"unicast", &FileParser::AnnouncePrefix, nullptr},
      {"multicast", &FileParser::AnnouncePrefix, nullptr},
      {"nlri-mpls", &FileParser::AnnouncePrefix, nullptr},
      {"mpls-vpn", &FileParser::AnnouncePrefix, nullptr},
      {"flow", &FileParser::AnnounceFlow, nullptr},
      {"mcast-vpn", &FileParser::AnnounceMvpn, nullptr},  // mvpn_mup_section.cc
      {"mup", &FileParser::AnnounceMup, nullptr},
  };
  // flow-vpn: ExaBGP takes no route distinguisher here and sends the NLRI
  // without one; herald's flow-vpn rules are written in `flow { }`.
  static constexpr std::string_view kUnsupported[] = {"flow-vpn"};
  AnnounceCtx ctx{&draft, keyword.text == "ipv4"};
  ParseBlock<AnnounceCtx>(keyword.text == "ipv4" ? "announce ipv4" : "announce ipv6", st.end, ctx, kFamily,
                          kUnsupported);
  return {};
}

// unicast|multicast|nlri-mpls|mpls-vpn <prefix> <attribute>...; the
// keyword is the route's SAFI (ExaBGP 5.0 sends all but nlri-mpls as
// unicast: doc/compat.md).
ParseStatus FileParser::AnnouncePrefix(const Statement& st, TokenStream& in, AnnounceCtx& ctx) {
  const Token& at = in.Peek();
  if (at.is_word()) {
    auto prefix = Prefix::Parse(at.text);
    if (prefix && prefix->is_v4() != ctx.v4)
      return FailAt(at, fmt::format("{} is not an {} prefix", at.text, ctx.v4 ? "IPv4" : "IPv6"));
  }
  rib::Route route;
  RouteState state;
  auto family = wire::Family::Parse(ctx.v4 ? "ipv4" : "ipv6", st.words[0].text);
  if (family) state.safi = family->safi;
  if (ParseStatus s = ParseRoute(in, RouteAction::kAnnounce, &route, &state); !s) return s;
  AddRoute(*ctx.draft, std::move(route), state, at);
  return {};
}

// flow <match and then words>;
ParseStatus FileParser::AnnounceFlow(const Statement& st, TokenStream& in, AnnounceCtx& ctx) {
  return FlowLine(st.words[0], in, ctx.v4 ? wire::Afi::kIpv4 : wire::Afi::kIpv6, *ctx.draft);
}

}  // namespace herald::config::internal

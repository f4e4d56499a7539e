// VPLS routes in a neighbor (ExaBGP's configuration/l2vpn/):
//
//   l2vpn {
//     vpls rd 1.2.3.4:5 endpoint 5 base 10702 offset 1 size 8 next-hop 1.2.3.4 ...;
//     vpls NAME { endpoint 5; base 10702; ...; next-hop 1.2.3.4; origin igp; }
//   }
//
// and `announce { l2vpn { vpls ...; } }`. As in ExaBGP 5.0, the routes of
// `l2vpn { }` come after the neighbor's other routes (`static`, `announce`),
// whatever their place in the file. The words are the grammar's
// (grammar/vpls_route.h); each route is one rib::Route among the neighbor's
// static routes.
#include <fmt/format.h>

#include "config/file_parser.h"
#include "grammar/evpn_route.h"
#include "grammar/vpls_route.h"

namespace herald::config::internal {
// l2vpn { vpls ...; vpls NAME { } }, and announce { l2vpn { vpls ...; } }
ParseStatus FileParser::L2vpn(const Statement& st, TokenStream& in, NeighborDraft& draft) {
  if (ParseStatus s = ExpectEnd(in, "l2vpn"); !s) return s;
  static constexpr Entry<NeighborDraft> kL2vpn[] = {
      {"vpls", &FileParser::VplsCommand, &FileParser::VplsBlock},
      {"evpn", &FileParser::EvpnCommand, nullptr},
  };
  ParseBlock<NeighborDraft>("l2vpn", st.end, draft, kL2vpn, {});
  return {};
}

ParseStatus FileParser::AnnounceL2vpn(const Statement& st, TokenStream& in, NeighborDraft& draft) {
  if (ParseStatus s = ExpectEnd(in, "l2vpn"); !s) return s;
  static constexpr Entry<NeighborDraft> kAnnounce[] = {{"vpls", &FileParser::AnnounceVpls, nullptr},
                                                       {"evpn", &FileParser::AnnounceEvpn, nullptr}};
  ParseBlock<NeighborDraft>("announce l2vpn", st.end, draft, kAnnounce, {});
  return {};
}

// vpls <words>;
ParseStatus FileParser::VplsCommand(const Statement& st, TokenStream& in, NeighborDraft& draft) {
  const Token& at = st.words[0];
  rib::Route route;
  if (ParseStatus s = grammar::ParseVplsRoute(in, at, RouteAction::kAnnounce, &route); !s) return s;
  draft.l2vpn_routes.emplace_back(std::move(route), NeighborDraft::Position{at.line, at.column});
  return {};
}

// announce { l2vpn { vpls <words>; } }: in order among the static routes.
ParseStatus FileParser::AnnounceVpls(const Statement& st, TokenStream& in, NeighborDraft& draft) {
  const Token& at = st.words[0];
  rib::Route route;
  if (ParseStatus s = grammar::ParseVplsRoute(in, at, RouteAction::kAnnounce, &route); !s) return s;
  AddRoute(draft, std::move(route), RouteState{}, at);
  return {};
}

// evpn <words>; in l2vpn { } (herald's own: grammar/evpn_route.h).
ParseStatus FileParser::EvpnCommand(const Statement& st, TokenStream& in, NeighborDraft& draft) {
  const Token& at = st.words[0];
  rib::Route route;
  if (ParseStatus s = grammar::ParseEvpnRoute(in, at, RouteAction::kAnnounce, &route); !s) return s;
  draft.l2vpn_routes.emplace_back(std::move(route), NeighborDraft::Position{at.line, at.column});
  return {};
}

// announce { l2vpn { evpn <words>; } }: in order among the static routes.
ParseStatus FileParser::AnnounceEvpn(const Statement& st, TokenStream& in, NeighborDraft& draft) {
  const Token& at = st.words[0];
  rib::Route route;
  if (ParseStatus s = grammar::ParseEvpnRoute(in, at, RouteAction::kAnnounce, &route); !s) return s;
  AddRoute(draft, std::move(route), RouteState{}, at);
  return {};
}

void FileParser::AddL2vpnRoutes(NeighborDraft& draft) {
  for (auto& [route, where] : draft.l2vpn_routes) {
    draft.config.routes.Add(route);
    draft.route_where.push_back(where);
  }
  draft.l2vpn_routes.clear();
}

// vpls NAME { <word> <value>; ... }
ParseStatus FileParser::VplsBlock(const Statement& st, TokenStream& in, NeighborDraft& draft) {
  const Token& at = st.words[0];
  // The name only tells routes apart in the file (ExaBGP does not use it).
  if (!in.AtEnd() && in.Peek().is_word()) in.Next();
  if (ParseStatus s = ExpectEnd(in, "the vpls name"); !s) return s;
  rib::Route route;
  grammar::VplsDraft vpls;
  bool failed = false;
  while (true) {
    Statement body = NextStatement();
    if (body.end->is(TokenKind::kEnd)) {
      if (!body.words.empty()) Error(*body.end, "missing ';' at end of file");
      Unclosed("vpls", *st.end);
      return {};
    }
    if (body.end->is(TokenKind::kRBrace) && body.words.empty()) break;
    if (body.end->is(TokenKind::kLBrace)) {
      Error(body.words.empty() ? *body.end : body.words[0], "unexpected block inside vpls");
      failed = true;
      SkipBlock();
      continue;
    }
    if (body.words.empty()) continue;
    TokenStream statement(body.words, *body.end);
    ParseStatus s = grammar::ParseVplsWord(statement, &route, &vpls);
    if (s) s = ExpectEnd(statement, body.words[0].text);
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
  if (ParseStatus s = grammar::FinishVplsRoute(at, RouteAction::kAnnounce, vpls, &route); !s) {
    Error(s.error());
    return {};
  }
  draft.l2vpn_routes.emplace_back(std::move(route), NeighborDraft::Position{at.line, at.column});
  return {};
}

}  // namespace herald::config::internal

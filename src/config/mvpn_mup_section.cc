// MVPN and MUP routes in `announce { ipv4|ipv6 { mcast-vpn ...; mup ...; } }`
// (ExaBGP's configuration/announce/mvpn.py and mup.py). The words are the
// grammar's (grammar/mvpn_route.h, grammar/mup_route.h); each route is one
// rib::Route among the neighbor's static routes, in the file's order.
#include "config/file_parser.h"
#include "grammar/mup_route.h"
#include "grammar/mvpn_route.h"

namespace herald::config::internal {

// mcast-vpn source-ad|shared-join|source-join <words>;
ParseStatus FileParser::AnnounceMvpn(const Statement& st, TokenStream& in, AnnounceCtx& ctx) {
  const Token& at = st.words[0];
  rib::Route route;
  const wire::Afi afi = ctx.v4 ? wire::Afi::kIpv4 : wire::Afi::kIpv6;
  if (ParseStatus s = grammar::ParseMvpnRoute(in, at, afi, RouteAction::kAnnounce, &route); !s) return s;
  AddRoute(*ctx.draft, std::move(route), RouteState{}, at);
  return {};
}

// mup mup-isd|mup-dsd|mup-t1st|mup-t2st <words>;
ParseStatus FileParser::AnnounceMup(const Statement& st, TokenStream& in, AnnounceCtx& ctx) {
  const Token& at = st.words[0];
  rib::Route route;
  const wire::Afi afi = ctx.v4 ? wire::Afi::kIpv4 : wire::Afi::kIpv6;
  if (ParseStatus s = grammar::ParseMupRoute(in, at, afi, RouteAction::kAnnounce, &route); !s) return s;
  AddRoute(*ctx.draft, std::move(route), RouteState{}, at);
  return {};
}

}  // namespace herald::config::internal

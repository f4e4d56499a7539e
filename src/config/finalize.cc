// After a file is read: templates are applied to the neighbors that inherit
// them, and each neighbor is checked and completed with its defaults.
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <climits>

#include "config/file_parser.h"
#include "wire/nlri.h"
#include "config/session_security.h"
#include "grammar/labeled_route.h"
#include "rib/fit.h"
#include "grammar/route_printer.h"
#include "grammar/route_syntax.h"
#include "wire/next_hop.h"

namespace herald::config::internal {
namespace {

// This machine's host and domain names, the defaults of host-name and
// domain-name (RFC 8516 FQDN capability): the host name up to its first dot,
// and what follows it.
std::pair<std::string, std::string> MachineNames() {
  char buf[HOST_NAME_MAX + 1] = {};
  if (gethostname(buf, sizeof(buf) - 1) != 0 || !buf[0]) return {"localhost", ""};
  std::string_view name(buf);
  size_t dot = name.find('.');
  if (dot == std::string_view::npos) return {std::string(name), ""};
  return {std::string(name.substr(0, dot)), std::string(name.substr(dot + 1))};
}

constexpr uint16_t kMaxRestartTime = 0x0FFF;  // RFC 4724 §3: 12 bits

// Why the routes of each attribute set of `routes` can never be sent to
// this neighbor (empty when they can), by set index: attributes too large
// for any UPDATE, or for one of 4096 bytes when the neighbor disables
// extended messages (RFC 8654). Sets past the limit only on a session
// without extended messages are refused at send time instead
// (rib/adj_rib_out.h): the peer may not announce them.
std::vector<std::string> UnsendableSets(const NeighborConfig& n, const StaticRoutes& routes) {
  std::vector<std::string> why(routes.sets().size());
  rib::AttrPool pool;
  for (size_t i = 0; i < routes.sets().size(); ++i) {
    const StaticRoutes::Set& s = routes.sets()[i];
    if (s.family.afi == wire::Afi::kIpv4 && s.next_hop.kind == rib::NextHop::Kind::kAddress &&
        s.next_hop.address.is_v6() && !AllowsV6NextHop(n, s.family) && !wire::TakesAnyNextHop(s.family)) {
      why[i] = fmt::format("its next hop {} is IPv6, which needs the extended next hop capability (RFC 8950): "
                           "add `nexthop {{ {} ipv6; }}` to the neighbor",
                           s.next_hop.address.ToString(), s.family.Name());
      continue;
    }
    rib::AttrRef set = pool.Intern(s.next_hop, s.attrs);
    if (rib::MaxUpdateSize(*set) <= 4096) continue;  // fits everywhere
    Status st = rib::CheckFitsAnySession(*set, s.family);
    if (!st) st = Fail(st.error().message + " (no BGP session can carry it)");
    if (st && !n.capability.extended_message) {
      rib::PeerContext peer;
      peer.negotiated.asn4 = n.capability.asn4;
      peer.negotiated.local_as = n.local_as;
      peer.negotiated.peer_as = n.peer_as;
      peer.negotiated.aigp = n.capability.aigp.value_or(n.local_as == n.peer_as);
      peer.negotiated.families = {s.family};
      if (n.local_address) (n.local_address->is_v4() ? peer.self_v4 : peer.self_v6) = n.local_address;
      st = rib::CheckFits(*set, s.family, peer);
      if (!st) st = Fail(st.error().message + " (extended-message is disabled)");
    }
    if (!st) why[i] = st.error().message;
  }
  return why;
}

// A route in messages: "route 10.0.0.0/24", "mup route mup-dsd", "vpls
// route", or "flow route" for a FlowSpec rule (located by the message).
std::string RouteName(const rib::Route& r) {
  if (!r.nlri.empty()) return "route " + r.nlri[0].prefix.ToString();
  if (auto view = grammar::ViewLabeledRoute(r)) return "route " + view->unicast.nlri[0].prefix.ToString();
  if (r.generic.empty()) return "route";
  if (const grammar::RouteSyntax* syntax = grammar::FindRouteSyntax(r.family); syntax && syntax->nlri_words) {
    // The route type, the words before its rd.
    const std::string words = syntax->nlri_words(r).value_or("");
    const std::string type = words.starts_with("rd ") ? "" : words.substr(0, words.find(" rd "));
    return fmt::format("{} route{}{}", syntax->statement, type.empty() ? "" : " ", type);
  }
  return "flow route";
}

}  // namespace

void FileParser::Error(const Location& at, std::string message) {
  errors_->push_back(ConfigError{at, std::move(message)});
}

NeighborDraft* FileParser::FindTemplate(std::string_view name) {
  for (NeighborDraft& t : templates_)
    if (t.name == name) return &t;
  return nullptr;
}

void FileParser::ResolveInherit(NeighborDraft& draft, std::vector<std::string>* chain) {
  auto inherit = std::move(draft.inherit);
  draft.inherit.clear();
  for (const auto& [name, where] : inherit) {
    NeighborDraft* from = FindTemplate(name);
    if (!from) {
      Error(where, fmt::format("template {} is not defined", name));
      continue;
    }
    if (std::find(chain->begin(), chain->end(), name) != chain->end()) {
      Error(where, fmt::format("template {} inherits itself", name));
      continue;
    }
    chain->push_back(name);
    ResolveInherit(*from, chain);
    chain->pop_back();
    ApplyTemplate(draft, *from);
  }
}

void FileParser::ApplyTemplate(NeighborDraft& to, const NeighborDraft& from) {
  auto applied = [&](const std::string& name) {
    return std::find(to.applied.begin(), to.applied.end(), name) != to.applied.end();
  };
  if (applied(from.name)) return;
  to.applied.push_back(from.name);
  for (const std::string& name : from.applied)
    if (!applied(name)) to.applied.push_back(name);
  for (size_t f = 0; f < kFieldCount; ++f) {
    if (!from.set[f] || to.set[f]) continue;
    CopyField(static_cast<Field>(f), from.config, &to.config);
    to.set[f] = true;
    to.set_where[f] = from.set_where[f];
  }
  if (from.families_given) {
    for (const wire::Family& family : from.config.families)
      if (std::find(to.config.families.begin(), to.config.families.end(), family) == to.config.families.end())
        to.config.families.push_back(family);
    to.families_given = true;
  }
  if (from.add_path_given) {
    for (const wire::Family& family : from.config.add_path_families)
      if (std::find(to.config.add_path_families.begin(), to.config.add_path_families.end(), family) ==
          to.config.add_path_families.end())
        to.config.add_path_families.push_back(family);
    if (!to.add_path_given) to.add_path_where = from.add_path_where;
    to.add_path_given = true;
  }
  if (from.next_hops_given) {
    for (const auto& e : from.config.next_hops)
      if (std::find(to.config.next_hops.begin(), to.config.next_hops.end(), e) == to.config.next_hops.end())
        to.config.next_hops.push_back(e);
    to.next_hops_given = true;
  }
  to.config.api.insert(to.config.api.end(), from.config.api.begin(), from.config.api.end());
  to.config.routes.Append(from.config.routes);
  to.route_where.insert(to.route_where.end(), from.route_where.begin(), from.route_where.end());
  to.config.withdrawn_routes.Append(from.config.withdrawn_routes);
  to.withdrawn_where.insert(to.withdrawn_where.end(), from.withdrawn_where.begin(), from.withdrawn_where.end());
}

std::optional<NeighborConfig> FileParser::Check(NeighborDraft& draft) {
  NeighborConfig n = std::move(draft.config);
  const std::string peer = n.peer_address.ToString();
  bool ok = true;
  auto fail = [&](const Location& at, std::string message) {
    Error(at, std::move(message));
    ok = false;
  };
  auto set = [&](Field f) { return draft.set[static_cast<size_t>(f)]; };
  auto where = [&](Field f) { return draft.set_where[static_cast<size_t>(f)]; };

  if (!set(Field::kLocalAs)) fail(n.where, fmt::format("neighbor {}: missing local-as", peer));
  if (!set(Field::kPeerAs)) fail(n.where, fmt::format("neighbor {}: missing peer-as", peer));
  if (n.local_address && n.local_address->version() != n.peer_address.version())
    fail(where(Field::kLocalAddress),
         fmt::format("local-address {} and peer address {} must be of the same family",
                     n.local_address->ToString(), peer));
  if (!set(Field::kRouterId)) {
    if (n.local_address && n.local_address->is_v4())
      n.router_id = *n.local_address;
    else
      fail(n.where, fmt::format("neighbor {}: missing router-id (only an IPv4 local-address can stand for it)",
                                peer));
  }
  // Graceful restart without a time (or with 0) restarts within the hold
  // time, as ExaBGP does. The capability carries 12 bits (RFC 4724 §3):
  // ExaBGP accepts up to 65535 and sends the low 12 bits; herald sends 4095
  // instead and says so (doc/compat.md).
  if (std::optional<uint16_t>& gr = n.capability.graceful_restart) {
    bool given = *gr != 0;
    if (*gr == 0) *gr = n.hold_time;
    if (*gr > kMaxRestartTime) {
      warnings_->push_back(ConfigError{
          where(Field::kGracefulRestart),
          fmt::format("graceful-restart time {} ({}) exceeds {}, the most the capability carries (RFC 4724 §3); "
                      "herald announces {}",
                      *gr, given ? "given" : "the hold time", kMaxRestartTime, kMaxRestartTime)});
      *gr = kMaxRestartTime;
    }
  }
  // No family block, or an empty one: every family herald speaks, as ExaBGP
  // announces every family it knows.
  if (!draft.families_given || n.families.empty()) {
    const auto supported = wire::DefaultFamilies();
    n.families.assign(supported.begin(), supported.end());
  }
  // ADD-PATH: the block's families the neighbor has (ExaBGP skips the
  // others), or every family of the neighbor; in family table order.
  {
    std::vector<wire::Family> asked = std::move(n.add_path_families);
    n.add_path_families.clear();
    auto has = [](const std::vector<wire::Family>& v, wire::Family f) {
      return std::find(v.begin(), v.end(), f) != v.end();
    };
    if (n.capability.add_path)
      for (const wire::Family& f : wire::SupportedFamilies())
        if (wire::HasAddPath(f) && has(n.families, f) && (!draft.add_path_given || has(asked, f)))
          n.add_path_families.push_back(f);
    // By SAFI, then AFI (ipv4 unicast, ipv6 unicast, ipv4 nlri-mpls, ...),
    // the order ExaBGP announces them in.
    std::stable_sort(n.add_path_families.begin(), n.add_path_families.end(), [](wire::Family a, wire::Family b) {
      return std::pair(a.safi, a.afi) < std::pair(b.safi, b.afi);
    });
    // What the block asks and herald leaves out is said where it is written.
    if (draft.add_path_given && !n.capability.add_path)
      warnings_->push_back(ConfigError{draft.add_path_where,
                                       "add-path block without capability { add-path ...; }: no ADD-PATH announced"});
    else if (draft.add_path_given)
      for (const wire::Family& f : asked) {
        if (!has(n.families, f))
          warnings_->push_back(ConfigError{draft.add_path_where,
                                           fmt::format("add-path: family {} is not one of the neighbor's; ignored "
                                                       "(as in ExaBGP)", f.Name())});
        else if (!wire::HasAddPath(f))
          warnings_->push_back(ConfigError{draft.add_path_where,
                                           fmt::format("add-path: family {} has no ADD-PATH; ignored (ExaBGP "
                                                       "announces it for unicast, labeled unicast and VPN only "
                                                       "too)", f.Name())});
      }
  }
  auto check_routes = [&](const StaticRoutes& routes,
                          const std::vector<NeighborDraft::Position>& at) {
    auto announced = [&](wire::Family f) {
      return std::find(n.families.begin(), n.families.end(), f) != n.families.end();
    };
    // Sets are few: look at them, and walk the routes (once) only for the
    // location of those that fail.
    bool all = true;
    for (const StaticRoutes::Set& s : routes.sets()) all = all && announced(s.family);
    if (all) return;
    size_t i = 0;
    routes.ForEach([&](const rib::Route& r) {
      if (!announced(r.family))
        fail(Location{file_, at[i].line, at[i].column},
             fmt::format("{} is {} but neighbor {} does not announce that family", RouteName(r),
                         r.family.Name(), peer));
      ++i;
    });
  };
  check_routes(n.routes, draft.route_where);
  check_routes(n.withdrawn_routes, draft.withdrawn_where);
  auto check_fit = [&](const StaticRoutes& routes, const std::vector<NeighborDraft::Position>& at) {
    std::vector<std::string> why = UnsendableSets(n, routes);
    if (std::all_of(why.begin(), why.end(), [](const std::string& w) { return w.empty(); })) return;
    size_t i = 0;
    routes.ForEach([&](const rib::Route& r) {
      std::string_view w;
      for (size_t k = 0; k < why.size() && w.empty(); ++k) {
        const StaticRoutes::Set& s = routes.sets()[k];
        if (!why[k].empty() && s.family == r.family && s.next_hop == r.next_hop && s.attrs == r.attrs) w = why[k];
      }
      if (!w.empty())
        fail(Location{file_, at[i].line, at[i].column},
             fmt::format("{} can never be sent to neighbor {}: {}", RouteName(r), peer, w));
      ++i;
    });
  };
  check_fit(n.routes, draft.route_where);
  check_fit(n.withdrawn_routes, draft.withdrawn_where);
  // A path identifier goes out only under ADD-PATH send (RFC 7911 §3);
  // without it herald sends the route without one, as ExaBGP does, and
  // routes to one prefix that differ only by path-information replace each
  // other at the peer. Said once per family, at its first such route.
  auto check_path_ids = [&](const StaticRoutes& routes, const std::vector<NeighborDraft::Position>& at) {
    // Most configurations carry no path identifier: one look at the flat
    // tables before any route is rebuilt.
    bool any = std::any_of(routes.entries().begin(), routes.entries().end(),
                           [](const StaticRoutes::Entry& e) { return e.path_id != 0; });
    for (const StaticRoutes::Other& o : routes.others())
      for (const wire::GenericNlri& g : o.generic) any = any || g.path_id != 0;
    if (!any) return;
    std::vector<wire::Family> said;
    size_t i = 0;
    routes.ForEach([&](const rib::Route& r) {
      uint32_t id = 0;
      for (const wire::InetNlri& x : r.nlri) id = id ? id : x.path_id;
      for (const wire::GenericNlri& x : r.generic) id = id ? id : x.path_id;
      if (id != 0 && !n.SendsPathIds(r.family) &&
          std::find(said.begin(), said.end(), r.family) == said.end()) {
        said.push_back(r.family);
        warnings_->push_back(ConfigError{
            Location{file_, at[i].line, at[i].column},
            fmt::format("{}: path-information {} is not sent: neighbor {} has no ADD-PATH send for {} "
                        "(capability {{ add-path send; }}), so routes to one prefix that differ only by "
                        "path-information replace each other at the peer",
                        RouteName(r), id, peer, r.family.Name())});
      }
      ++i;
    });
  };
  check_path_ids(n.routes, draft.route_where);
  // The FQDN capability is sent only when asked for (as ExaBGP, which does
  // not send it at all); when one name is given, the other defaults to this
  // machine's.
  if (set(Field::kHostName) != set(Field::kDomainName)) {
    static const std::pair<std::string, std::string> kNames = MachineNames();
    if (!set(Field::kHostName)) n.host_name = kNames.first;
    if (!set(Field::kDomainName)) n.domain_name = kNames.second;
  }
  // The FQDN capability holds both names with a length octet each in at
  // most 255 bytes (RFC 5492 §4: the capability length is one octet).
  if (!n.host_name.empty() && 2 + n.host_name.size() + n.domain_name.size() > 255)
    fail(where(set(Field::kHostName) ? Field::kHostName : Field::kDomainName),
         fmt::format("host-name and domain-name are {} bytes together; the FQDN capability carries at most 253",
                     n.host_name.size() + n.domain_name.size()));
  // ttl-security sets both TTLs: one way to say it.
  if (n.ttl_security && (n.outgoing_ttl || n.incoming_ttl))
    fail(where(Field::kTtlSecurity),
         fmt::format("neighbor {}: ttl-security sets the outgoing and incoming TTLs; remove outgoing-ttl and "
                     "incoming-ttl, or ttl-security",
                     peer));
  if (n.md5.source != Md5Config::Source::kNone) {
    Result<std::string> key = Md5Key(n.md5);
    if (!key)
      fail(where(Field::kMd5Password), fmt::format("neighbor {}: {}", peer, key.error().message));
    else if (key->size() > kMaxMd5KeyLength)
      fail(where(Field::kMd5Password),
           fmt::format("neighbor {}: MD5 password must be no larger than {} characters (it is {})", peer,
                       kMaxMd5KeyLength, key->size()));
    else
      n.md5.key = std::move(*key);
  } else if (set(Field::kMd5Base64) && n.md5.base64 != false) {
    warnings_->push_back(ConfigError{where(Field::kMd5Base64), "md5-base64 without md5-password has no effect"});
  }
  // RFC 5925 §7.6: TCP-AO and TCP MD5 are never used on one connection.
  if (n.tcp_ao.enabled() && n.md5.source != Md5Config::Source::kNone)
    fail(where(Field::kTcpAo), fmt::format("neighbor {}: tcp-ao and md5-password cannot both be used (RFC 5925 "
                                           "forbids both on one connection)",
                                           peer));
  // RFC 9234: strict mode checks the peer's role against ours; without a
  // role there is nothing to check.
  if (n.capability.role_strict && !n.capability.role)
    fail(where(Field::kRoleStrict), fmt::format("neighbor {}: role-strict needs a role (capability {{ role NAME; }})", peer));
  // md5-ip is ExaBGP's local address of the sessions (where it binds and
  // listens); it defaults to local-address and is dropped when that is auto.
  if (n.md5.ip && !n.local_address) {
    warnings_->push_back(ConfigError{where(Field::kMd5Ip),
                                     "md5-ip has no effect when local-address is auto (as in ExaBGP)"});
  } else if (n.md5.ip && n.md5.ip->is_v4() != n.peer_address.is_v4()) {
    fail(where(Field::kMd5Ip), fmt::format("neighbor {}: md5-ip {} is not of the neighbor's address family", peer,
                                           n.md5.ip->ToString()));
  }
  // Settings whose other value herald does not implement: said where given.
  // A route refresh is answered from the adj-RIB-out: ExaBGP turns it on.
  if (!n.adj_rib_out && n.capability.route_refresh) {
    warnings_->push_back(ConfigError{where(Field::kAdjRibOut),
                                     "adj-rib-out false with route-refresh: adj-rib-out enabled (as in ExaBGP)"});
    n.adj_rib_out = true;
  }
  if (set(Field::kAutoFlush) && !n.auto_flush)
    warnings_->push_back(ConfigError{where(Field::kAutoFlush),
                                     "auto-flush false is not supported by herald yet: routes are sent at the end "
                                     "of each batch of commands"});
  if (!ok) return std::nullopt;
  n.routes.Seal();
  n.withdrawn_routes.Seal();
  return n;
}

void FileParser::Finalize() {
  for (NeighborDraft& t : templates_) {
    std::vector<std::string> chain{t.name};
    ResolveInherit(t, &chain);
  }
  for (NeighborDraft& d : drafts_) {
    std::vector<std::string> chain;
    ResolveInherit(d, &chain);
    if (auto n = Check(d)) neighbors_.push_back(std::move(*n));
  }
}

}  // namespace herald::config::internal

#include "session/negotiate.h"

#include <algorithm>
#include <string>
#include <utility>

#include <fmt/format.h>

#ifndef HERALD_VERSION  // set by the build (CMakeLists.txt: the project version)
#define HERALD_VERSION "0.0.0"
#endif

namespace herald::session {
namespace {

std::vector<wire::Family> Families(const wire::Open& open) {
  std::vector<wire::Family> out;
  for (const wire::Capability& c : open.capabilities)
    if (auto* mp = std::get_if<wire::MultiprotocolCap>(&c.value)) out.push_back(mp->family);
  return out;
}

bool HasCode(const wire::Open& open, wire::CapabilityCode code) {
  for (const wire::Capability& c : open.capabilities)
    if (c.code == static_cast<uint8_t>(code)) return true;
  return false;
}

uint32_t Asn(const wire::Open& open) {
  if (auto* as4 = open.find<wire::As4Cap>()) return as4->asn;
  return open.my_as;
}

std::string Dotted(uint32_t id) {
  return std::to_string(id >> 24) + "." + std::to_string((id >> 16) & 255) + "." +
         std::to_string((id >> 8) & 255) + "." + std::to_string(id & 255);
}

// draft-ietf-idr-bgp-multisession §7: OPEN error subcodes.
constexpr uint8_t kGroupingConflict = 8;
constexpr uint8_t kGroupingRequired = 9;

wire::WireError OpenErrorCode(uint8_t subcode, std::string what) {
  return wire::WireError{static_cast<uint8_t>(wire::ErrorCode::kOpenMessage), subcode, {},
                         wire::ErrorAction::kSessionReset, std::move(what)};
}

// RFC 7911 §5: path identifiers are sent for a family when we announced
// send and the peer receive, and received when we announced receive and the
// peer send.
uint8_t AddPathMode(const wire::Open& open, wire::Family family) {
  uint8_t mode = 0;
  for (const wire::Capability& c : open.capabilities)
    if (const auto* ap = std::get_if<wire::AddPathCap>(&c.value))
      for (const auto& e : ap->families)
        if (e.family == family) mode = e.send_receive;
  return mode;
}

void NegotiateAddPath(const wire::Open& local, const wire::Open& remote, wire::Negotiated* n) {
  constexpr uint8_t kReceive = 1, kSend = 2;
  for (const wire::Family& f : n->families) {
    uint8_t ours = AddPathMode(local, f), theirs = AddPathMode(remote, f);
    if ((ours & kSend) && (theirs & kReceive)) n->add_path_send.push_back(f);
    if ((ours & kReceive) && (theirs & kSend)) n->add_path_receive.push_back(f);
  }
}

std::vector<wire::ExtendedNextHopCap::Entry> NextHopEntries(const wire::Open& open) {
  std::vector<wire::ExtendedNextHopCap::Entry> out;
  for (const wire::Capability& c : open.capabilities)
    if (const auto* nh = std::get_if<wire::ExtendedNextHopCap>(&c.value))
      out.insert(out.end(), nh->entries.begin(), nh->entries.end());
  return out;
}

// RFC 8950 §4: IPv4 routes of a family go out with an IPv6 next hop only to
// a peer that announced it can take them, and come in so only when herald
// announced it.
void NegotiateNextHop(const wire::Open& local, const wire::Open& remote, wire::Negotiated* n,
                      std::vector<wire::ExtendedNextHopCap::Entry>* both) {
  std::vector<wire::ExtendedNextHopCap::Entry> ours = NextHopEntries(local), theirs = NextHopEntries(remote);
  auto has = [](const auto& list, const wire::ExtendedNextHopCap::Entry& e) {
    return std::find(list.begin(), list.end(), e) != list.end();
  };
  for (const wire::Family& f : n->families) {
    if (f.afi != wire::Afi::kIpv4) continue;
    wire::ExtendedNextHopCap::Entry e{f, wire::Afi::kIpv6};
    if (has(theirs, e)) n->v6_next_hop_send.push_back(f);
    if (has(ours, e)) n->v6_next_hop_receive.push_back(f);
  }
  for (const auto& e : theirs)
    if (has(ours, e) && !has(*both, e)) both->push_back(e);
}

// RFC 9234 §4.2: 2/11 when the peer's role capabilities disagree with each
// other (whatever herald's configuration), are not the counterpart of the
// configured role, or are missing while the role is strict.
constexpr uint8_t kRoleMismatch = 11;

std::optional<wire::WireError> CheckRoles(const SessionConfig& config, const wire::Open& remote) {
  std::optional<uint8_t> theirs;
  for (const wire::Capability& c : remote.capabilities) {
    if (c.code != static_cast<uint8_t>(wire::CapabilityCode::kRole)) continue;
    const auto* raw = std::get_if<wire::UnknownCap>(&c.value);
    if (!raw || raw->value.size() != 1)
      return OpenErrorCode(kRoleMismatch, "the peer's BGP role capability is not one octet long");
    if (theirs && *theirs != raw->value[0])
      return OpenErrorCode(kRoleMismatch, "the peer announced two different BGP roles");
    theirs = raw->value[0];
  }
  if (!config.role) return std::nullopt;
  if (!theirs) {
    if (!config.role_strict) return std::nullopt;
    return OpenErrorCode(kRoleMismatch, "the peer announced no BGP role and role-strict is set");
  }
  const wire::Role expected = wire::ExpectedPeerRole(*config.role);
  std::optional<wire::Role> got = wire::RoleFromWire(*theirs);
  if (got != expected) {
    return OpenErrorCode(kRoleMismatch,
                         fmt::format("the peer's BGP role is {}, a {} expects {}",
                                     got ? wire::RoleName(*got) : fmt::format("unknown ({})", *theirs),
                                     wire::RoleName(*config.role), wire::RoleName(expected)));
  }
  return std::nullopt;
}

}  // namespace

std::string_view SoftwareVersion() { return "herald/" HERALD_VERSION; }

wire::Open MakeOpen(const SessionConfig& config) {
  wire::Open open;
  open.version = 4;
  // RFC 6793 §4.2.1: AS_TRANS stands in for an AS that needs 4 octets.
  open.my_as = config.local_as > 0xFFFF ? wire::kAsTrans : static_cast<uint16_t>(config.local_as);
  open.hold_time = config.hold_time;
  open.bgp_id = config.router_id;
  using Code = wire::CapabilityCode;
  auto code = [](Code c) { return static_cast<uint8_t>(c); };
  for (const wire::Family& f : config.families)
    open.capabilities.push_back({code(Code::kMultiprotocol), wire::MultiprotocolCap{f}});
  if (config.asn4) open.capabilities.push_back({code(Code::kAs4), wire::As4Cap{config.local_as}});
  if (config.role)
    open.capabilities.push_back({code(Code::kRole), wire::UnknownCap{Bytes{static_cast<uint8_t>(*config.role)}}});
  if (config.extended_next_hop)
    open.capabilities.push_back({code(Code::kExtendedNextHop), wire::ExtendedNextHopCap{*config.extended_next_hop}});
  if (config.add_path && !config.add_path_families.empty()) {
    wire::AddPathCap ap;
    for (const wire::Family& f : config.add_path_families) ap.families.push_back({f, config.add_path});
    open.capabilities.push_back({code(Code::kAddPath), std::move(ap)});
  }
  if (config.graceful_restart) {
    wire::GracefulRestartCap gr;
    gr.flags = wire::GracefulRestartCap::kRestartState;
    gr.restart_time = *config.graceful_restart;
    for (const wire::Family& f : config.families)
      gr.families.push_back({f, wire::GracefulRestartCap::kForwardingState});
    open.capabilities.push_back({code(Code::kGracefulRestart), std::move(gr)});
  }
  if (config.route_refresh) {
    open.capabilities.push_back({code(Code::kRouteRefresh), wire::RouteRefreshCap{}});
    open.capabilities.push_back({code(Code::kEnhancedRouteRefresh), wire::EnhancedRouteRefreshCap{}});
  }
  if (config.operational) open.capabilities.push_back({code(Code::kOperational), wire::UnknownCap{}});
  if (config.extended_message)
    open.capabilities.push_back({code(Code::kExtendedMessage), wire::ExtendedMessageCap{}});
  if (!config.host_name.empty() || !config.domain_name.empty())
    open.capabilities.push_back(
        {code(Code::kFqdn), wire::FqdnCap{config.host_name, config.domain_name}});
  if (config.software_version)
    open.capabilities.push_back(
        {code(Code::kSoftwareVersion), wire::SoftwareVersionCap{std::string(SoftwareVersion())}});
  if (config.multi_session) {
    open.capabilities.push_back({code(Code::kMultisession), wire::UnknownCap{Bytes{0}}});
    open.capabilities.push_back({code(Code::kMultisession), wire::UnknownCap{Bytes{code(Code::kMultiprotocol)}}});
  }
  return open;
}

Result<Agreement, wire::WireError> Negotiate(const SessionConfig& config, const wire::Open& local,
                                             const wire::Open& remote) {
  using Code = wire::CapabilityCode;
  uint32_t peer_as = Asn(remote);
  if (peer_as != config.peer_as) {
    return Fail(wire::OpenError(wire::OpenSubcode::kBadPeerAs,
                                "peer AS " + std::to_string(peer_as) + " in OPEN, expected " +
                                    std::to_string(config.peer_as)));
  }
  // RFC 6286 §2.2: the identifier must be unique within an AS.
  if (peer_as == config.local_as && remote.bgp_id == local.bgp_id) {
    return Fail(wire::OpenError(wire::OpenSubcode::kBadBgpIdentifier,
                                "peer uses our BGP identifier " + Dotted(remote.bgp_id) +
                                    " on an iBGP session"));
  }

  if (std::optional<wire::WireError> e = CheckRoles(config, remote)) return Fail(std::move(*e));

  Agreement a;
  wire::Negotiated& n = a.negotiated;
  n.local_role = config.role;
  n.local_as = config.local_as;
  n.peer_as = peer_as;
  n.local_address = config.local_address;
  n.peer_address = config.peer_address;
  n.aigp = config.aigp.value_or(n.ibgp());
  n.asn4 = HasCode(local, Code::kAs4) && HasCode(remote, Code::kAs4);
  n.extended_message = HasCode(local, Code::kExtendedMessage) && HasCode(remote, Code::kExtendedMessage);
  bool we_refresh = HasCode(local, Code::kRouteRefresh);
  n.route_refresh = we_refresh && (HasCode(remote, Code::kRouteRefresh) ||
                                   HasCode(remote, Code::kCiscoRouteRefresh));
  a.enhanced_route_refresh = HasCode(local, Code::kEnhancedRouteRefresh) &&
                             HasCode(remote, Code::kEnhancedRouteRefresh);
  n.enhanced_route_refresh = a.enhanced_route_refresh;
  a.operational = HasCode(local, Code::kOperational) && HasCode(remote, Code::kOperational);

  std::vector<wire::Family> ours = Families(local);
  std::vector<wire::Family> theirs = Families(remote);
  // RFC 4760 §8: a speaker without the capability carries IPv4 unicast only.
  if (ours.empty()) ours = {wire::kIpv4Unicast};
  if (theirs.empty()) theirs = {wire::kIpv4Unicast};

  // Multisession as ExaBGP checks it: the session is grouped by the
  // multiprotocol capability, which must match (in any order).
  if (HasCode(local, Code::kMultisession)) {
    if (!HasCode(remote, Code::kMultisession))
      return Fail(OpenErrorCode(kGroupingRequired, "multisession is mandatory with this peer"));
    auto sorted = [](std::vector<wire::Family> v) {
      std::sort(v.begin(), v.end(), [](wire::Family a, wire::Family b) {
        return std::pair(a.afi, a.safi) < std::pair(b.afi, b.safi);
      });
      v.erase(std::unique(v.begin(), v.end()), v.end());
      return v;
    };
    if (sorted(ours) != sorted(theirs))
      return Fail(OpenErrorCode(kGroupingConflict,
                                "multisession: the peer's multiprotocol capabilities differ from ours"));
    a.multisession = true;
  }
  n.families.clear();
  for (const wire::Family& f : ours) {
    if (std::find(theirs.begin(), theirs.end(), f) != theirs.end()) n.families.push_back(f);
    else a.only_local.push_back(f);
  }
  for (const wire::Family& f : theirs)
    if (std::find(ours.begin(), ours.end(), f) == ours.end()) a.only_peer.push_back(f);
  NegotiateAddPath(local, remote, &n);
  NegotiateNextHop(local, remote, &n, &a.extended_next_hop);

  a.hold_time = std::min(local.hold_time, remote.hold_time);
  a.keepalive_time = a.hold_time / 3;
  a.peer_bgp_id = remote.bgp_id;
  return a;
}

}  // namespace herald::session

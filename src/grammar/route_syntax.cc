#include "grammar/route_syntax.h"

#include "grammar/evpn_route.h"
#include "grammar/mup_route.h"
#include "grammar/mvpn_route.h"
#include "grammar/vpls_route.h"
#include "wire/evpn.h"
#include "wire/mup.h"

namespace herald::grammar {
namespace {

using wire::Afi;
using wire::Safi;
using K = RouteSyntaxKind;

std::optional<std::string> VplsWords(const rib::Route& r) {
  if (auto n = VplsNlriOf(r)) return PrintVplsNlri(*n);
  return std::nullopt;
}
std::optional<std::string> EvpnWords(const rib::Route& r) {
  if (auto n = EvpnNlriOf(r)) return PrintEvpnNlri(*n);
  return std::nullopt;
}
std::optional<std::string> MvpnWords(const rib::Route& r) {
  if (auto n = MvpnNlriOf(r)) return PrintMvpnNlri(*n);
  return std::nullopt;
}
std::optional<std::string> MupWords(const rib::Route& r) {
  if (auto n = MupNlriOf(r)) return PrintMupNlri(*n);
  return std::nullopt;
}

constexpr RouteSyntax kRows[] = {
    {wire::kIpv4Unicast, K::kPrefix, "", false, nullptr},
    {wire::kIpv6Unicast, K::kPrefix, "", false, nullptr},
    {{Afi::kIpv4, Safi::kMulticast}, K::kMulticast, "multicast", true, nullptr},
    {{Afi::kIpv6, Safi::kMulticast}, K::kMulticast, "multicast", true, nullptr},
    {{Afi::kIpv4, Safi::kMplsLabel}, K::kLabeled, "", true, nullptr},
    {{Afi::kIpv6, Safi::kMplsLabel}, K::kLabeled, "", true, nullptr},
    {{Afi::kIpv4, Safi::kMplsVpn}, K::kLabeled, "", true, nullptr},
    {{Afi::kIpv6, Safi::kMplsVpn}, K::kLabeled, "", true, nullptr},
    {{Afi::kIpv4, Safi::kFlowIp}, K::kFlow, "", true, nullptr},
    {{Afi::kIpv6, Safi::kFlowIp}, K::kFlow, "", true, nullptr},
    {{Afi::kIpv4, Safi::kFlowVpn}, K::kFlow, "", true, nullptr},
    {{Afi::kIpv6, Safi::kFlowVpn}, K::kFlow, "", true, nullptr},
    {{Afi::kL2vpn, Safi::kVpls}, K::kVpls, "vpls", false, &VplsWords},
    {wire::kL2vpnEvpn, K::kEvpn, "evpn", false, &EvpnWords},
    {{Afi::kIpv4, Safi::kMcastVpn}, K::kMvpn, "mcast-vpn", true, &MvpnWords},
    {{Afi::kIpv6, Safi::kMcastVpn}, K::kMvpn, "mcast-vpn", true, &MvpnWords},
    {wire::kIpv4Mup, K::kMup, "mup", true, &MupWords},
    {wire::kIpv6Mup, K::kMup, "mup", true, &MupWords},
    {{Afi::kIpv4, Safi::kRtc}, K::kReceived, "", false, nullptr},
    {{Afi::kBgpLs, Safi::kBgpLs}, K::kReceived, "", false, nullptr},
    {{Afi::kBgpLs, Safi::kBgpLsVpn}, K::kReceived, "", false, nullptr},
};

}  // namespace

const RouteSyntax* FindRouteSyntax(const wire::Family& family) {
  for (const RouteSyntax& row : kRows)
    if (row.family == family) return &row;
  return nullptr;
}

std::span<const RouteSyntax> RouteSyntaxes() { return kRows; }

RouteSyntaxKind SyntaxKindOf(const wire::Family& family) {
  const RouteSyntax* row = FindRouteSyntax(family);
  return row ? row->kind : RouteSyntaxKind::kPrefix;
}

}  // namespace herald::grammar

#include "wire/family.h"

#include "wire/mup.h"

namespace herald::wire {

std::string_view AfiName(Afi afi) {
  switch (afi) {
    case Afi::kIpv4: return "ipv4";
    case Afi::kIpv6: return "ipv6";
    case Afi::kL2vpn: return "l2vpn";
    case Afi::kBgpLs: return "bgp-ls";
  }
  return {};
}

std::string_view SafiName(Safi safi) {
  if (safi == kSafiMup) return "mup";
  switch (safi) {
    case Safi::kUnicast: return "unicast";
    case Safi::kMulticast: return "multicast";
    case Safi::kMplsLabel: return "nlri-mpls";
    case Safi::kMcastVpn: return "mcast-vpn";
    case Safi::kVpls: return "vpls";
    case Safi::kEvpn: return "evpn";
    case Safi::kBgpLs: return "bgp-ls";
    case Safi::kBgpLsVpn: return "bgp-ls-vpn";
    case Safi::kMplsVpn: return "mpls-vpn";
    case Safi::kRtc: return "rtc";
    case Safi::kFlowIp: return "flow";
    case Safi::kFlowVpn: return "flow-vpn";
  }
  return {};
}

std::string Family::Name() const {
  std::string out;
  std::string_view a = AfiName(afi);
  std::string_view s = SafiName(safi);
  if (a.empty()) out = "afi-" + std::to_string(static_cast<unsigned>(afi));
  else out = a;
  out += ' ';
  if (s.empty()) out += "safi-" + std::to_string(static_cast<unsigned>(safi));
  else out += s;
  return out;
}

std::optional<Family> Family::Parse(std::string_view afi, std::string_view safi) {
  static constexpr Afi kAfis[] = {Afi::kIpv4, Afi::kIpv6, Afi::kL2vpn, Afi::kBgpLs};
  static constexpr Safi kSafis[] = {Safi::kUnicast, Safi::kMulticast, Safi::kMplsLabel,
                                    Safi::kMcastVpn, Safi::kVpls, Safi::kEvpn, kSafiMup,
                                    Safi::kBgpLs, Safi::kBgpLsVpn, Safi::kMplsVpn,
                                    Safi::kRtc, Safi::kFlowIp, Safi::kFlowVpn};
  std::optional<Afi> a;
  for (Afi x : kAfis)
    if (AfiName(x) == afi) a = x;
  std::optional<Safi> s;
  for (Safi x : kSafis)
    if (SafiName(x) == safi) s = x;
  // ExaBGP also spells labeled unicast "labeled-unicast" in some places.
  if (!s && safi == "labeled-unicast") s = Safi::kMplsLabel;
  if (!a || !s) return std::nullopt;
  return Family{*a, *s};
}

}  // namespace herald::wire

// Address families: (AFI, SAFI) pairs, RFC 4760 §3 and the IANA registries.
//
// herald speaks IPv4 and IPv6 unicast today; the enums already name the
// families ExaBGP speaks so that adding one is a registry entry (nlri.h), not a
// change of types. Names are ExaBGP's ("ipv4 unicast", "ipv6 flow-vpn", ...).
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace herald::wire {

// RFC 4760 §3, IANA "Address Family Numbers".
enum class Afi : uint16_t {
  kIpv4 = 1,
  kIpv6 = 2,
  kL2vpn = 25,
  kBgpLs = 16388,
};

// IANA "SAFI Values".
enum class Safi : uint8_t {
  kUnicast = 1,
  kMulticast = 2,
  kMplsLabel = 4,  // RFC 8277 labeled unicast ("nlri-mpls" in ExaBGP)
  kMcastVpn = 5,
  kVpls = 65,
  kEvpn = 70,
  kBgpLs = 71,
  kBgpLsVpn = 72,
  kMplsVpn = 128,
  kRtc = 132,
  kFlowIp = 133,
  kFlowVpn = 134,
};

struct Family {
  Afi afi = Afi::kIpv4;
  Safi safi = Safi::kUnicast;

  friend bool operator==(const Family&, const Family&) = default;
  friend auto operator<=>(const Family&, const Family&) = default;

  // "ipv4 unicast"; unknown numbers print as "afi-N" / "safi-N".
  std::string Name() const;
  // Parses "ipv4 unicast" style names (the words given separately).
  static std::optional<Family> Parse(std::string_view afi, std::string_view safi);
};

inline constexpr Family kIpv4Unicast{Afi::kIpv4, Safi::kUnicast};
inline constexpr Family kIpv6Unicast{Afi::kIpv6, Safi::kUnicast};

std::string_view AfiName(Afi afi);    // "ipv4"
std::string_view SafiName(Safi safi);  // "unicast", "nlri-mpls", "mpls-vpn", "flow", ...

}  // namespace herald::wire

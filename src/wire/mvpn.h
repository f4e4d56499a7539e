// Multicast VPN routes (RFC 6514 §4, AFI 1/2, SAFI 5 "mcast-vpn"), kept as
// generic NLRI:
//
//   route type (1) | length (1) | route-type-specific (length bytes)
//
// herald reads the three types ExaBGP 5.0 knows:
//   5 Source Active A-D:  RD (8) | source len (1, bits) | source | group len | group
//   6 C-multicast Shared Tree Join and 7 Source Tree Join:
//                         RD (8) | source AS (4) | source/RP len | source/RP | group len | group
// with both addresses IPv4 (32 bits) or both IPv6 (128 bits), whatever the
// AFI, as ExaBGP 5.0 reads them. Other types are kept opaque (`body`).
//
// RIB key: the whole NLRI (the registry's default).
//
// Pure and bounds-checked: no I/O, no logging.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "base/bytes.h"
#include "base/ip.h"
#include "base/result.h"
#include "wire/error.h"
#include "wire/nlri.h"

namespace herald::wire {

inline constexpr Family kIpv4McastVpn{Afi::kIpv4, Safi::kMcastVpn};
inline constexpr Family kIpv6McastVpn{Afi::kIpv6, Safi::kMcastVpn};

enum class MvpnType : uint8_t { kSourceAd = 5, kSharedJoin = 6, kSourceJoin = 7 };

struct MvpnRoute {
  uint8_t type = 0;
  // A type herald reads (5, 6, 7): the fields below hold it. Otherwise only
  // `body` does.
  bool parsed = false;
  std::array<uint8_t, 8> rd{};  // as on the wire
  uint32_t source_as = 0;       // types 6 and 7
  IpAddress source;             // the RP for type 6
  IpAddress group;
  Bytes body;  // the route-type-specific bytes (opaque types)
  friend bool operator==(const MvpnRoute&, const MvpnRoute&) = default;
};

// Whether herald reads this route type's fields.
bool IsKnownMvpnType(uint8_t type);

// Decodes ONE NLRI at the reader's position. A header or length that runs
// past the field is 3/10 with a session reset (the next NLRI cannot be
// found); a body of a known type that does not read is 3/10 treat-as-withdraw
// (RFC 7606 §5.3) and the reader is past the NLRI, so the next can be read.
Result<MvpnRoute, WireError> DecodeMvpnNlri(ByteReader& in);

// Appends the NLRI: the fields of a parsed route, the body of another.
void EncodeMvpnNlri(ByteWriter& w, const MvpnRoute& route);
Bytes EncodeMvpnNlri(const MvpnRoute& route);

namespace internal {
// The registry's hook (family_codec.h).
std::optional<WireError> DecodeMvpnGeneric(ByteReader& r, bool add_path, std::vector<GenericNlri>* out,
                                           std::optional<WireError>* soft);
}  // namespace internal

}  // namespace herald::wire

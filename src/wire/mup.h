// BGP Mobile User Plane routes (draft-mpmz-bess-mup-safi, AFI 1/2, SAFI 85
// "mup"), kept as generic NLRI:
//
//   architecture type (1) | route type (2) | length (1) | route-type-specific
//
// herald reads the 3GPP 5G architecture (1) routes ExaBGP 5.0 knows:
//   1 Interwork Segment Discovery (isd):  RD | prefix len (1) | prefix (len bits)
//   2 Direct Segment Discovery (dsd):     RD | address (4 or 16 bytes, by length)
//   3 Type 1 Session Transformed (t1st):  RD | prefix len | prefix | TEID (4) |
//       QFI (1) | endpoint len (32/128) | endpoint [| source len | source]
//   4 Type 2 Session Transformed (t2st):  RD | endpoint len (address bits +
//       TEID bits, 0 to 32 of them) | endpoint | TEID ((bits + 7) / 8 bytes,
//       its value right-aligned, as ExaBGP 5.0 writes and reads it)
// Prefixes and the t2st endpoint are of the AFI's family. Other routes are
// kept opaque (`body`).
//
// RIB key: the whole NLRI, but for t1st: its RD and prefix only (the session
// of one user address), as ExaBGP 5.0 keys it.
//
// Pure and bounds-checked: no I/O, no logging.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "base/ip.h"
#include "base/result.h"
#include "wire/error.h"
#include "wire/nlri.h"

namespace herald::wire {

// SAFI 85 (IANA). Kept here rather than in family.h's enum so that adding
// MUP did not touch a header nearly every file includes; either place works.
inline constexpr Safi kSafiMup = static_cast<Safi>(85);
inline constexpr Family kIpv4Mup{Afi::kIpv4, kSafiMup};
inline constexpr Family kIpv6Mup{Afi::kIpv6, kSafiMup};

inline constexpr uint8_t kMupArch3gpp5g = 1;
enum class MupType : uint16_t { kIsd = 1, kDsd = 2, kT1st = 3, kT2st = 4 };

struct MupRoute {
  uint8_t arch = 0;
  uint16_t type = 0;
  // An architecture 1 route of types 1 to 4: the fields below hold it.
  // Otherwise only `body` does.
  bool parsed = false;
  std::array<uint8_t, 8> rd{};  // as on the wire
  Prefix prefix;                // isd, t1st
  IpAddress address;            // dsd: the address; t1st and t2st: the endpoint
  uint32_t teid = 0;            // t1st, t2st
  uint8_t qfi = 0;              // t1st
  std::optional<IpAddress> source;  // t1st
  uint8_t endpoint_bits = 0;    // t2st: address bits + TEID bits
  Bytes body;                   // opaque routes
  friend bool operator==(const MupRoute&, const MupRoute&) = default;

  MupType kind() const { return static_cast<MupType>(type); }
  // t2st: the TEID's bits (endpoint_bits less the address's).
  unsigned teid_bits() const { return endpoint_bits - address.size() * 8; }
};

// Decodes ONE NLRI of the AFI's family at the reader's position. A header
// or length past the field is 3/10 with a session reset; a body that does
// not read is 3/10 treat-as-withdraw (RFC 7606 §5.3), the reader past it.
Result<MupRoute, WireError> DecodeMupNlri(ByteReader& in, Afi afi);

// Appends the NLRI: the fields of a parsed route, the body of another.
void EncodeMupNlri(ByteWriter& w, const MupRoute& route);
Bytes EncodeMupNlri(const MupRoute& route);

namespace internal {
// The registry's hooks (family_codec.h).
std::optional<WireError> DecodeMupGeneric(ByteReader& r, Afi afi, bool add_path, std::vector<GenericNlri>* out,
                                          std::optional<WireError>* soft);
void AppendMupKey(ByteSpan nlri, Afi afi, std::string* key);
}  // namespace internal

}  // namespace herald::wire

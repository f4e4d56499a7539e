// Route Target membership (RT-Constrain, RFC 4684 §4; AFI 1 "ipv4" / SAFI
// 132 "rtc"), kept as generic NLRI:
//
//   length (1 byte, in bits: 0, or 32 to 96) | origin AS (4) |
//   route target (the first length - 32 bits of an 8-byte extended community)
//
// Length 0 is the default route target ("wildcard": every route target);
// from 32 on, the origin AS is whole and the route target a prefix of up to
// 64 bits. The canonical bytes (and RIB key) are the length, then the
// ceil(length / 8) bytes it covers, bits past the length cleared.
//
// Pure and bounds-checked: no I/O, no logging.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "wire/error.h"
#include "wire/nlri.h"

namespace herald::wire {

inline constexpr Family kIpv4Rtc{Afi::kIpv4, Safi::kRtc};

struct RtcNlri {
  uint8_t length = 0;  // bits, 0 or 32..96
  uint32_t origin_as = 0;
  std::array<uint8_t, 8> route_target{};  // as on the wire, bits past the length zero
  friend bool operator==(const RtcNlri&, const RtcNlri&) = default;

  bool wildcard() const { return length == 0; }
  // The route target as an extended community (high byte first).
  uint64_t community() const {
    uint64_t v = 0;
    for (uint8_t b : route_target) v = v << 8 | b;
    return v;
  }
};

// Decodes ONE NLRI at the reader's position. Errors are 3/10 (Invalid
// Network Field): a length of 1 to 31 or above 96, or bytes missing (the
// next NLRI cannot be found with certainty: the session is reset, RFC 7606
// §5.3).
Result<RtcNlri, WireError> DecodeRtcNlri(ByteReader& in);

void EncodeRtcNlri(ByteWriter& w, const RtcNlri& nlri);
Bytes EncodeRtcNlri(const RtcNlri& nlri);

namespace internal {
// The registry's hook (family_codec.h).
std::optional<WireError> DecodeRtcGeneric(ByteReader& r, bool add_path, std::vector<GenericNlri>* out,
                                          std::optional<WireError>* soft);
}  // namespace internal

}  // namespace herald::wire

// VPLS (RFC 4761 §3.2.2, AFI 25 "l2vpn" / SAFI 65 "vpls"), kept as generic
// NLRI:
//
//   length (2 bytes, 17) | RD (8) | VE ID (2) | VE block offset (2) |
//   VE block size (2) | label base (3: 20-bit label, 3 bits, bottom-of-stack)
//
// ExaBGP calls the VE ID "endpoint", the offset "offset", the size "size" and
// the label base "base".
//
// RIB key: the whole NLRI. RFC 4761 §3.2.3 lets a PE advertise several label
// blocks for one VE ID (different offsets, sizes or bases), each its own
// route, and a withdrawal carries the NLRI it withdraws whole. ExaBGP 5.0
// keys VPLS routes the same way (two blocks differing only in base are two
// routes), so the registry keeps its default key: the canonical bytes.
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

inline constexpr Family kL2vpnVpls{Afi::kL2vpn, Safi::kVpls};
// The NLRI's length field: every VPLS NLRI is 17 bytes after it.
inline constexpr uint16_t kVplsNlriLength = 17;

struct VplsNlri {
  std::array<uint8_t, 8> rd{};  // as on the wire
  uint16_t endpoint = 0;        // VE ID
  uint16_t offset = 0;          // VE block offset
  uint16_t size = 0;            // VE block size
  // The label base's 3 bytes as on the wire: label << 4, the bottom-of-stack
  // bit (LabelEntry in labeled.h). Kept whole so that decoding and encoding
  // give back the bytes received.
  uint32_t label_entry = 0;
  friend bool operator==(const VplsNlri&, const VplsNlri&) = default;

  uint32_t base() const { return label_entry >> 4; }
};

// Decodes ONE NLRI at the reader's position. Errors are 3/10 (Invalid
// Network Field): a length other than 17 or past the field (RFC 7606 §5.3:
// the next NLRI cannot be found, so the session is reset).
Result<VplsNlri, WireError> DecodeVplsNlri(ByteReader& in);

// Appends the NLRI (19 bytes).
void EncodeVplsNlri(ByteWriter& w, const VplsNlri& nlri);
Bytes EncodeVplsNlri(const VplsNlri& nlri);

namespace internal {
// The registry's hook (family_codec.h): NLRI until the reader is empty,
// each made canonical GenericNlri.
std::optional<WireError> DecodeVplsGeneric(ByteReader& r, bool add_path, std::vector<GenericNlri>* out,
                                           std::optional<WireError>* soft);
}  // namespace internal

}  // namespace herald::wire

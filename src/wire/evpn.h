// EVPN (RFC 7432 §7, RFC 9136 §3; AFI 25 "l2vpn" / SAFI 70 "evpn"), kept
// as generic NLRI:
//
//   route type (1) | length (1) | route-type specific (length bytes)
//
//   1 Ethernet Auto-Discovery:  RD (8) ESI (10) Ethernet tag (4) label (3)
//   2 MAC/IP Advertisement:     RD ESI tag, MAC length (1, in bits) MAC (6)
//                               IP length (1: 0, 32 or 128) IP (0/4/16)
//                               label 1 (3) [label 2 (3)]
//   3 Inclusive Multicast:      RD tag, IP length (32/128) originating IP
//   4 Ethernet Segment:         RD ESI, IP length (32/128) originating IP
//   5 IP Prefix (RFC 9136):     RD ESI tag, prefix length (1) prefix (4/16)
//                               gateway IP (4/16) label (3); 34 or 58 bytes
//
// Other route types are kept whole (their length byte lets herald skip
// them) and printed as ExaBGP 5.0 prints them: code and raw bytes.
//
// Canonical bytes are the NLRI as received (every field is fixed in place).
// RIB key (AppendEvpnKey): the route type, the RD and the fields RFC 7432 /
// 9136 call "part of the prefix": type 1 ESI and tag; type 2 tag, MAC
// length, MAC, IP length and IP (ESI and labels out); type 3 tag and IP;
// type 4 ESI and IP; type 5 tag, prefix length and prefix (ESI, gateway and
// label out). So a withdrawal matches the route it withdraws whatever label
// it carries, and a new label replaces a route instead of adding one.
//
// Errors: a length byte past the end of the field loses the rest of the
// field, 3/10 with a session reset (RFC 7606 §5.3); a route whose inner
// lengths disagree with its length byte is skipped and the UPDATE treated as
// a withdraw (3/10, RFC 7606 §5.3 / §2).
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

inline constexpr Family kL2vpnEvpn{Afi::kL2vpn, Safi::kEvpn};

enum class EvpnType : uint8_t {
  kEthernetAd = 1,
  kMacIp = 2,
  kMulticast = 3,
  kSegment = 4,
  kPrefix = 5,
};

struct EvpnNlri {
  uint8_t type = 0;             // route type (EvpnType, or any other code)
  std::array<uint8_t, 8> rd{};  // as on the wire
  std::array<uint8_t, 10> esi{};
  uint32_t etag = 0;
  uint8_t mac_length = 48;  // type 2, in bits
  std::array<uint8_t, 6> mac{};
  // Type 2: the IP if any; types 3 and 4: the originating router's IP;
  // type 5: the prefix's address.
  std::optional<IpAddress> ip;
  uint8_t prefix_length = 0;      // type 5
  std::optional<IpAddress> gateway;  // type 5, same version as ip
  // Label stack entries as on the wire (3 bytes each: label << 4, the
  // bottom-of-stack bit); types 1, 2 (one or two), 5.
  std::vector<uint32_t> labels;
  // An unknown route type: its route-type specific bytes.
  Bytes opaque;
  friend bool operator==(const EvpnNlri&, const EvpnNlri&) = default;
};

// Decodes ONE NLRI at the reader's position. A length past the end: 3/10,
// session reset (the reader is left anywhere). Inner fields that disagree
// with the length: 3/10, treat-as-withdraw, and the reader is past the NLRI.
Result<EvpnNlri, WireError> DecodeEvpnNlri(ByteReader& in);

// The NLRI's bytes (type, length, fields), or nullopt if the fields cannot
// be written (a type 5 prefix and gateway of different versions, a body
// over 255 bytes, no label where one is needed).
std::optional<Bytes> EncodeEvpnNlri(const EvpnNlri& nlri);

// Appends the RIB key of an NLRI's canonical bytes (see above).
void AppendEvpnKey(ByteSpan nlri, std::string* key);

// ExaBGP's names for the route types ("MAC/IP advertisement", ...), or null
// for an unknown type.
const char* EvpnTypeName(uint8_t type);

namespace internal {
// The registry's hooks (family_codec.h).
std::optional<WireError> DecodeEvpnGeneric(ByteReader& r, bool add_path, std::vector<GenericNlri>* out,
                                           std::optional<WireError>* soft);
// An IPv4 (4 bytes) or IPv6 (16, or 32 with a link-local) next hop.
Result<MpNextHop, WireError> DecodeEvpnNextHop(ByteReader& r);
std::optional<size_t> EvpnNextHopSize(const MpNextHop& nh);
void EncodeEvpnNextHop(ByteWriter& w, const MpNextHop& nh);
}  // namespace internal

}  // namespace herald::wire
